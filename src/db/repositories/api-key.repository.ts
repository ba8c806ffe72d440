import type { Executor } from '../database.js';

export async function insertApiKey(
  db: Executor,
  values: {
    publicId: string;
    organisationId: number;
    name: string;
    keyHash: string;
    scopes: string;
    createdByUserId: number;
    createdAt: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('apiKeys')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findApiKeyByHash(db: Executor, keyHash: string) {
  return db.selectFrom('apiKeys').selectAll().where('keyHash', '=', keyHash).executeTakeFirst();
}

export function listApiKeys(db: Executor, organisationId: number) {
  return db
    .selectFrom('apiKeys')
    .selectAll()
    .where('organisationId', '=', organisationId)
    .orderBy('id')
    .execute();
}

export async function touchApiKey(db: Executor, id: number, at: string): Promise<void> {
  await db.updateTable('apiKeys').set({ lastUsedAt: at }).where('id', '=', id).execute();
}

export async function revokeApiKey(
  db: Executor,
  organisationId: number,
  publicId: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('apiKeys')
    .set({ revokedAt: at })
    .where('organisationId', '=', organisationId)
    .where('publicId', '=', publicId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
