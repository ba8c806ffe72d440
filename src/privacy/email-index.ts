import { createHmac } from 'node:crypto';
import { deriveKey } from '../crypto/hkdf.js';

/**
 * The keyed blind index of a recipient's e-mail address: HMAC-SHA-256 under a master-key subkey
 * of the normalised address (hex). It finds a holder's documents when their link is lost, without
 * the address being stored (DESIGN §3). Its cost: whoever holds the master key AND the database
 * can test a guessed address against it (not read it); without the master key it is random.
 */
export function recipientEmailIndex(masterKey: Buffer, email: string): string {
  const key = deriveKey(masterKey, 'certa/email-index', 'certa/email-index/v1');
  return createHmac('sha256', key)
    .update(email.normalize('NFC').trim().toLowerCase(), 'utf8')
    .digest('hex');
}
