import { hash, hashRaw, verify } from '@node-rs/argon2';

/**
 * Argon2id with the OWASP parameters (19 MiB, 2 passes, 1 lane). The package's default
 * algorithm is Argon2id; the parameters are spelled out so a library default change cannot
 * weaken them silently.
 */
export const PASSWORD_KDF_PARAMETERS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** A PHC-format Argon2id hash of `password`, for login checks. */
export async function hashPassword(password: string): Promise<string> {
  return hash(password, { ...PASSWORD_KDF_PARAMETERS, outputLen: 32 });
}

/** Whether `password` matches a hash made by {@link hashPassword}. Never throws on bad input. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A 256-bit key-encryption key from `password` and a per-wrap `salt` (16+ bytes): it wraps the
 * organisation's private key for one user. Separate from the login hash (own salt), so the login
 * hash in the database says nothing about this key.
 */
export async function derivePasswordKey(password: string, salt: Buffer): Promise<Buffer> {
  if (salt.length < 16) throw new RangeError('password key salt must be at least 16 bytes');
  return hashRaw(password, { ...PASSWORD_KDF_PARAMETERS, outputLen: 32, salt });
}
