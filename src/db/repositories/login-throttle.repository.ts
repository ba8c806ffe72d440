import type { Executor } from '../database.js';

export function findLoginThrottles(db: Executor, keys: readonly string[]) {
  return db
    .selectFrom('loginThrottles')
    .selectAll()
    .where('key', 'in', [...keys])
    .execute();
}

/**
 * Counts one more failed log-in for `key` in one statement (insert or increment, so concurrent
 * failures are all counted). A count whose last failure is at or before `forgetBefore` starts
 * again at 1. Returns the new count.
 */
export async function recordLoginFailure(
  db: Executor,
  key: string,
  at: string,
  forgetBefore: string,
): Promise<number> {
  const row = await db
    .insertInto('loginThrottles')
    .values({ key, failures: 1, lastFailureAt: at, blockedUntil: null })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet((eb) => ({
        failures: eb
          .case()
          .when('loginThrottles.lastFailureAt', '<=', forgetBefore)
          .then(1)
          .else(eb('loginThrottles.failures', '+', 1))
          .end(),
        lastFailureAt: at,
      })),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return Number(row.failures);
}

/**
 * Blocks `key` until `blockedUntil`, only if its count is still `failures` (a later failure that
 * raced this one sets its own, longer block).
 */
export async function setLoginBlock(
  db: Executor,
  key: string,
  failures: number,
  blockedUntil: string,
): Promise<void> {
  await db
    .updateTable('loginThrottles')
    .set({ blockedUntil })
    .where('key', '=', key)
    .where('failures', '=', failures)
    .execute();
}

export async function clearLoginThrottle(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('loginThrottles').where('key', '=', key).execute();
}
