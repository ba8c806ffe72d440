import { randomBytes } from 'node:crypto';
import { openAead, sealAead } from '../crypto/aead.js';
import { deriveKey } from '../crypto/hkdf.js';

/**
 * An endpoint's signing secret: 256 random bits, `whsec_` + base64url, shown once at creation and
 * at each rotation. The platform must sign with it, so it cannot keep a hash: it is stored
 * AES-256-GCM-sealed under a master-key subkey, bound to the endpoint's public id (DESIGN §3:
 * the at-rest envelope of what the platform itself may read).
 */
const PURPOSE = 'certa/webhook-secret/v1';
const SALT = 'certa/webhooks';

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function sealingKey(masterKey: Buffer): Buffer {
  return deriveKey(masterKey, SALT, PURPOSE);
}

export function sealWebhookSecret(masterKey: Buffer, secret: string, endpointId: string): Buffer {
  return sealAead(sealingKey(masterKey), Buffer.from(secret, 'utf8'), `${PURPOSE}|${endpointId}`);
}

export function openWebhookSecret(masterKey: Buffer, sealed: Buffer, endpointId: string): string {
  return openAead(sealingKey(masterKey), sealed, `${PURPOSE}|${endpointId}`).toString('utf8');
}
