import type { Executor } from '../database.js';

export async function insertSession(
  db: Executor,
  values: {
    publicId: string;
    tokenHash: string;
    userId: number;
    createdAt: string;
    expiresAt: string;
    /** Set when the log-in passed the second factor. */
    secondFactorAt?: string | null;
    lastSeenAt?: string | null;
    userAgent?: string | null;
    clientNetwork?: string | null;
  },
): Promise<number> {
  const row = await db
    .insertInto('sessions')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findSessionByTokenHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('tokenHash', '=', tokenHash)
    .executeTakeFirst();
}

export async function deleteSession(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/**
 * Deletes sessions past their absolute expiry and, when `idleSince` is given, those not used since
 * then (a session never touched counts from its creation).
 */
export async function deleteExpiredSessions(
  db: Executor,
  now: string,
  idleSince?: string,
): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where((eb) =>
      idleSince === undefined
        ? eb('expiresAt', '<=', now)
        : eb.or([
            eb('expiresAt', '<=', now),
            eb(eb.fn.coalesce('lastSeenAt', 'createdAt'), '<=', idleSince),
          ]),
    )
    .execute();
}

/** Deletes the session with this token hash, if any (a session presented at log-in). */
export async function deleteSessionByTokenHash(db: Executor, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('tokenHash', '=', tokenHash).execute();
}

/** Records that the session was used (the caller throttles this to about once a minute). */
export async function touchSession(db: Executor, id: number, at: string): Promise<void> {
  await db.updateTable('sessions').set({ lastSeenAt: at }).where('id', '=', id).execute();
}

/** Records that this session passed the second factor (e.g. right after enrolment). */
export async function markSessionSecondFactor(db: Executor, id: number, at: string): Promise<void> {
  await db.updateTable('sessions').set({ secondFactorAt: at }).where('id', '=', id).execute();
}

export async function setSessionUnlock(
  db: Executor,
  id: number,
  values: {
    unlockedOrganisationId: number | null;
    unlockWrap: Buffer | null;
    unlockExpiresAt: string | null;
  },
): Promise<void> {
  await db.updateTable('sessions').set(values).where('id', '=', id).execute();
}

/**
 * Ends every session of a user (password change or reset, removal), except one if given; how
 * many were ended.
 */
export async function endUserSessions(
  db: Executor,
  userId: number,
  exceptSessionId?: number,
): Promise<number> {
  let query = db.deleteFrom('sessions').where('userId', '=', userId);
  if (exceptSessionId !== undefined) query = query.where('id', '!=', exceptSessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Forgets that any session of the user passed the second factor (it was turned off). */
export async function clearSessionsSecondFactor(db: Executor, userId: number): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ secondFactorAt: null })
    .where('userId', '=', userId)
    .execute();
}

/** A user's sessions that are not past their absolute expiry, newest first. */
export function listUserSessions(db: Executor, userId: number, now: string) {
  return db
    .selectFrom('sessions')
    .select([
      'id',
      'publicId',
      'createdAt',
      'lastSeenAt',
      'expiresAt',
      'secondFactorAt',
      'userAgent',
      'clientNetwork',
      'unlockExpiresAt',
    ])
    .where('userId', '=', userId)
    .where('expiresAt', '>', now)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Deletes the user's session with this public id; false when the user has no such session. */
export async function deleteUserSession(
  db: Executor,
  userId: number,
  publicId: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('sessions')
    .where('userId', '=', userId)
    .where('publicId', '=', publicId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** A session's unlock as stored now (an actor read before an unlock does not have it yet). */
export function findSessionUnlock(db: Executor, id: number) {
  return db
    .selectFrom('sessions')
    .select(['unlockedOrganisationId', 'unlockWrap', 'unlockExpiresAt'])
    .where('id', '=', id)
    .executeTakeFirst();
}
