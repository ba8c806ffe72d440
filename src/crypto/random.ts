import { randomBytes } from 'node:crypto';

/** A random public identifier: 128 bits, base64url without padding (22 characters). */
export function randomPublicId(): string {
  return randomBytes(16).toString('base64url');
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
