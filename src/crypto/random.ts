import { randomBytes } from 'node:crypto';

/**
 * A random public identifier: 128 random bits, base64url without padding (22 characters), never
 * starting with `-` or `_` — an id such as `-kX…` would be read as an option by command lines
 * (`certa revoke -kX…`). Drawn again when it does (1 in 32), so ids stay uniform over the rest.
 */
export function randomPublicId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (id[0] !== '-' && id[0] !== '_') return id;
  }
}

/** A fresh 256-bit secret or key. */
export function randomKey(): Buffer {
  return randomBytes(32);
}

/** `length` random bytes (salts, nonces). */
export function randomBytesOf(length: number): Buffer {
  return randomBytes(length);
}

const PUBLIC_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** Whether `value` has the shape of a public id made by {@link randomPublicId}. */
export function isPublicId(value: string): boolean {
  return PUBLIC_ID_PATTERN.test(value);
}

/** Encodes a 256-bit secret for a URL fragment or a key file (base64url, 43 characters). */
export function encodeKey(key: Buffer): string {
  return key.toString('base64url');
}

const KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Decodes a base64url 256-bit secret. Returns `null` (never throws) for anything else, so a
 * malformed link is treated exactly like a wrong one.
 */
export function decodeKey(encoded: string): Buffer | null {
  if (!KEY_PATTERN.test(encoded)) return null;
  const key = Buffer.from(encoded, 'base64url');
  return key.length === 32 ? key : null;
}
