import type { Executor } from '../database.js';

/**
 * Replaces a user's password hash and key wrap, but only if the stored hash is still
 * `expectedHash`: false when a concurrent change or reset got there first.
 */
export async function replaceUserPassword(
  db: Executor,
  userId: number,
  expectedHash: string,
  values: {
    passwordHash: string;
    privateKeyWrap: Buffer;
    keyKdfSalt: Buffer;
    /** Set on a reset (new key pair); left out on a change (same key pair, re-wrapped). */
    publicKey?: Buffer;
    passwordChangedAt: string;
    /** A reset proves the address: set it when it was not confirmed yet. */
    emailConfirmedAt?: string;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set(values)
    .where('id', '=', userId)
    .where('passwordHash', '=', expectedHash)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
