import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export class MasterKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MasterKeyError';
  }
}

const KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function decode(encoded: string, origin: string): Buffer {
  if (!KEY_PATTERN.test(encoded))
    throw new MasterKeyError(`${origin} does not hold a 32-byte base64url master key.`);
  return Buffer.from(encoded, 'base64url');
}

/**
 * The platform master key: from the MASTER_KEY value when given, else from the key file, which
 * is created (mode 0600, 256 random bits) on first start. Refuses a key file that others can read.
 */
export function loadOrCreateMasterKey(
  configured: string | null,
  file: string,
): { key: Buffer; created: boolean } {
  if (configured !== null) return { key: decode(configured, 'MASTER_KEY'), created: false };
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const key = randomBytes(32);
    fs.writeFileSync(file, `${key.toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    return { key, created: true };
  }
  const mode = fs.statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new MasterKeyError(
      `The master key file ${file} can be read by other users (mode ${mode.toString(8)}); run chmod 600 on it.`,
    );
  }
  return {
    key: decode(fs.readFileSync(file, 'utf8').trim(), `The master key file ${file}`),
    created: false,
  };
}
