import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { deriveKey } from '../crypto/hkdf.js';

/**
 * The index subkey of each master key in use, derived once: a batch computes 20,000 indexes, and
 * an HKDF per address cost as much as the HMAC itself. Held only as long as the master key is.
 */
const indexKeys = new WeakMap<Buffer, KeyObject>();

/**
 * The keyed blind index of a recipient's e-mail address: HMAC-SHA-256 under a master-key subkey
 * of the normalised address (hex). It finds a holder's documents when their link is lost, without
 * the address being stored (DESIGN §3). Its cost: whoever holds the master key AND the database
 * can test a guessed address against it (not read it); without the master key it is random.
 */
export function recipientEmailIndex(masterKey: Buffer, email: string): string {
  let key = indexKeys.get(masterKey);
  if (key === undefined) {
    const derived = deriveKey(masterKey, 'certa/email-index', 'certa/email-index/v1');
    key = createSecretKey(derived);
    derived.fill(0);
    indexKeys.set(masterKey, key);
  }
  return createHmac('sha256', key)
    .update(email.normalize('NFC').trim().toLowerCase(), 'utf8')
    .digest('hex');
}
