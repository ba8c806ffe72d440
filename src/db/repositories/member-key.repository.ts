import type { Executor } from '../database.js';

export async function insertMemberKeySeals(
  db: Executor,
  rows: ReadonlyArray<{
    userId: number;
    organisationKeyId: number;
    sealed: Buffer;
    sealedByUserId: number | null;
    createdAt: string;
  }>,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('memberKeySeals')
    .values([...rows])
    .onConflict((conflict) => conflict.columns(['userId', 'organisationKeyId']).doNothing())
    .execute();
}

/** The member's seals of every key of one organisation. */
export function listMemberKeySeals(db: Executor, userId: number, organisationId: number) {
  return db
    .selectFrom('memberKeySeals')
    .innerJoin('organisationKeys', 'organisationKeys.id', 'memberKeySeals.organisationKeyId')
    .select(['memberKeySeals.organisationKeyId', 'memberKeySeals.sealed'])
    .where('memberKeySeals.userId', '=', userId)
    .where('organisationKeys.organisationId', '=', organisationId)
    .orderBy('memberKeySeals.organisationKeyId')
    .execute();
}

/** Deletes a member's seals of one organisation's keys (removal, lost password). */
export async function deleteMemberKeySeals(
  db: Executor,
  userId: number,
  organisationId?: number,
): Promise<void> {
  let query = db.deleteFrom('memberKeySeals').where('userId', '=', userId);
  if (organisationId !== undefined) {
    query = query.where(
      'organisationKeyId',
      'in',
      db.selectFrom('organisationKeys').select('id').where('organisationId', '=', organisationId),
    );
  }
  await query.execute();
}

/** Every key of an organisation (oldest first), for sealing to a newly confirmed member. */
export function listOrganisationKeys(db: Executor, organisationId: number) {
  return db
    .selectFrom('organisationKeys')
    .selectAll()
    .where('organisationId', '=', organisationId)
    .orderBy('id')
    .execute();
}

/** Legacy password wraps (before user key pairs), converted to seals at the next log-in. */
export function listLegacyKeyWraps(db: Executor, userId: number) {
  return db
    .selectFrom('userKeyWraps')
    .innerJoin('organisationKeys', 'organisationKeys.id', 'userKeyWraps.organisationKeyId')
    .innerJoin('organisations', 'organisations.id', 'organisationKeys.organisationId')
    .select([
      'userKeyWraps.id',
      'userKeyWraps.organisationKeyId',
      'userKeyWraps.kdfSalt',
      'userKeyWraps.wrap',
      'organisations.publicId as organisationPublicId',
    ])
    .where('userKeyWraps.userId', '=', userId)
    .execute();
}

export async function deleteLegacyKeyWrap(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('userKeyWraps').where('id', '=', id).execute();
}

export async function setUserKeyPair(
  db: Executor,
  userId: number,
  values: { publicKey: Buffer; privateKeyWrap: Buffer; keyKdfSalt: Buffer },
): Promise<void> {
  await db.updateTable('users').set(values).where('id', '=', userId).execute();
}
