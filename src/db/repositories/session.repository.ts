import type { Executor } from '../database.js';

export async function insertSession(
  db: Executor,
  values: {
    publicId: string;
    tokenHash: string;
    userId: number;
    createdAt: string;
    expiresAt: string;
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

export async function deleteExpiredSessions(db: Executor, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expiresAt', '<=', now).execute();
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
