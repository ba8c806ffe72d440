import { createHash, timingSafeEqual } from 'node:crypto';

/** SHA-256 of `data`. */
export function sha256(data: Buffer | string): Buffer {
  return createHash('sha256').update(data).digest();
}

/** SHA-256 of `data` as lowercase hex (64 characters). */
export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;

/** Whether `value` is a lowercase hex SHA-256 digest. */
export function isSha256Hex(value: string): boolean {
  return SHA256_HEX_PATTERN.test(value);
}

/** Constant-time equality for secrets and digests of equal length. */
export function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
