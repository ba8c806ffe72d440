import { hkdfSync } from 'node:crypto';

/** HKDF-SHA-256 → a 32-byte key. `info` names the purpose so keys for different uses differ. */
export function deriveKey(inputKeyMaterial: Buffer, salt: Buffer | string, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', inputKeyMaterial, salt, info, 32));
}
