import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM with a random 96-bit nonce per message and associated data that binds the
 * ciphertext to its place (the row's public id and the purpose). Moving a ciphertext to another
 * row, truncating or altering it makes {@link openAead} throw {@link DecryptionError}.
 *
 * Format: version (1 byte, 0x01) ‖ nonce (12) ‖ ciphertext ‖ tag (16).
 */
const VERSION = 0x01;
const NONCE_LENGTH = 12;
const TAG_LENGTH = 16;
const HEADER_LENGTH = 1 + NONCE_LENGTH;

/** Thrown when a ciphertext does not open: wrong key, wrong associated data, or tampering. */
export class DecryptionError extends Error {
  constructor() {
    super('ciphertext could not be authenticated');
    this.name = 'DecryptionError';
  }
}

function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new RangeError('AES-256-GCM needs a 32-byte key');
}

/** Encrypts and authenticates `plaintext` under `key`, bound to `associatedData`. */
export function sealAead(key: Buffer, plaintext: Buffer, associatedData: string): Buffer {
  checkKey(key);
  const nonce = randomBytes(NONCE_LENGTH);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_LENGTH });
  const header = Buffer.from([VERSION]);
  cipher.setAAD(Buffer.concat([header, Buffer.from(associatedData, 'utf8')]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, nonce, body, cipher.getAuthTag()]);
}

/** Opens a value made by {@link sealAead}; throws {@link DecryptionError} on any mismatch. */
export function openAead(key: Buffer, sealed: Buffer, associatedData: string): Buffer {
  checkKey(key);
  if (sealed.length < HEADER_LENGTH + TAG_LENGTH || sealed[0] !== VERSION)
    throw new DecryptionError();
  const nonce = sealed.subarray(1, HEADER_LENGTH);
  const tag = sealed.subarray(sealed.length - TAG_LENGTH);
  const body = sealed.subarray(HEADER_LENGTH, sealed.length - TAG_LENGTH);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_LENGTH });
  decipher.setAAD(Buffer.concat([sealed.subarray(0, 1), Buffer.from(associatedData, 'utf8')]));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new DecryptionError();
  }
}
