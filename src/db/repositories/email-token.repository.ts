import type { Executor } from '../database.js';
import type { EmailTokenPurpose } from '../tables/users.table.js';

/** Stores one e-mail token (its SHA-256 only). */
export async function insertEmailToken(
  db: Executor,
  values: {
    purpose: EmailTokenPurpose;
    tokenHash: string;
    email: string;
    userId: number | null;
    createdAt: string;
    expiresAt: string;
    usedAt?: string | null;
  },
): Promise<void> {
  await db.insertInto('emailTokens').values(values).execute();
}

/** A token of this purpose by its hash, whatever its state (the caller checks used/expired). */
export function findEmailToken(db: Executor, purpose: EmailTokenPurpose, tokenHash: string) {
  return db
    .selectFrom('emailTokens')
    .selectAll()
    .where('purpose', '=', purpose)
    .where('tokenHash', '=', tokenHash)
    .executeTakeFirst();
}

/**
 * Marks the token used, once: false when it was already used (a concurrent request won), so a
 * link can never be consumed twice.
 */
export async function consumeEmailToken(db: Executor, id: number, at: string): Promise<boolean> {
  const result = await db
    .updateTable('emailTokens')
    .set({ usedAt: at })
    .where('id', '=', id)
    .where('usedAt', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ends every still-unused token of this purpose sent to `email` (after the account changed). */
export async function consumeEmailTokensFor(
  db: Executor,
  purpose: EmailTokenPurpose,
  email: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('emailTokens')
    .set({ usedAt: at })
    .where('purpose', '=', purpose)
    .where('email', '=', email)
    .where('usedAt', 'is', null)
    .execute();
}

/** How many e-mails of this purpose went to `email` since `since` (the per-address cap). */
export async function countEmailTokensSince(
  db: Executor,
  purpose: EmailTokenPurpose,
  email: string,
  since: string,
): Promise<number> {
  const row = await db
    .selectFrom('emailTokens')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
    .where('purpose', '=', purpose)
    .where('email', '=', email)
    .where('createdAt', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Forgets the tokens of `email` that can no longer be used nor count towards the cap: expired,
 * and sent before `before`.
 */
export async function deleteStaleEmailTokens(
  db: Executor,
  email: string,
  now: string,
  before: string,
): Promise<void> {
  await db
    .deleteFrom('emailTokens')
    .where('email', '=', email)
    .where('expiresAt', '<=', now)
    .where('createdAt', '<', before)
    .execute();
}
