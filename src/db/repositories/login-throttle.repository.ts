import type { Executor } from '../database.js';

export function findLoginThrottles(db: Executor, keys: readonly string[]) {
  return db
    .selectFrom('loginThrottles')
    .selectAll()
    .where('key', 'in', [...keys])
    .execute();
}

/** A count that blocks while its last attempt is newer than `lastAttemptAfter`. */
export interface LoginBlockRule {
  readonly failures: number;
  /** Whether the rule also holds for every higher count (the capped delay). */
  readonly orMore: boolean;
  readonly lastAttemptAfter: string;
}

/**
 * Counts one more attempt for `key` in one statement, before its password is checked: insert, or
 * increment unless the current count is blocked by one of `rules` (the conditional DO UPDATE
 * updates nothing then, so RETURNING is empty). Concurrent attempts each get their own count, and
 * once the free attempts are taken every other one is refused, however many arrive at once.
 * A count whose last attempt is at or before `forgetBefore` starts again at 1.
 * Returns the new count, or null when the attempt is refused (nothing changed).
 */
export async function countLoginAttempt(
  db: Executor,
  key: string,
  at: string,
  forgetBefore: string,
  rules: readonly LoginBlockRule[],
): Promise<number | null> {
  const row = await db
    .insertInto('loginThrottles')
    .values({ key, failures: 1, lastFailureAt: at, blockedUntil: null })
    .onConflict((conflict) =>
      conflict
        .column('key')
        .doUpdateSet((eb) => ({
          failures: eb
            .case()
            .when('loginThrottles.lastFailureAt', '<=', forgetBefore)
            .then(1)
            .else(eb('loginThrottles.failures', '+', 1))
            .end(),
          lastFailureAt: at,
        }))
        .where((eb) =>
          eb.not(
            eb.or(
              rules.map((rule) =>
                eb.and([
                  eb('loginThrottles.failures', rule.orMore ? '>=' : '=', rule.failures),
                  eb('loginThrottles.lastFailureAt', '>', rule.lastAttemptAfter),
                ]),
              ),
            ),
          ),
        ),
    )
    .returning('failures')
    .executeTakeFirst();
  return row === undefined ? null : Number(row.failures);
}

/**
 * Takes back one counted attempt that turned out not to be a failure (a right password), and
 * lifts the block that count set when no later attempt was counted since.
 */
export async function uncountLoginAttempt(
  db: Executor,
  key: string,
  failures: number,
): Promise<void> {
  await db
    .updateTable('loginThrottles')
    .set((eb) => ({
      failures: eb('failures', '-', 1),
      blockedUntil: eb
        .case()
        .when('failures', '=', failures)
        .then(null)
        .else(eb.ref('blockedUntil'))
        .end(),
    }))
    .where('key', '=', key)
    .where('failures', '>=', 1)
    .execute();
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
