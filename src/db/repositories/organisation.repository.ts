import type { Executor } from '../database.js';
import { reusableQuery } from '../reusable-query.js';
import type { Insertable } from 'kysely';
import type { OrganisationsTable } from '../tables/organisations.table.js';

export async function insertOrganisation(
  db: Executor,
  values: Insertable<OrganisationsTable>,
): Promise<number> {
  const row = await db
    .insertInto('organisations')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertOrganisationKey(
  db: Executor,
  values: { organisationId: number; publicKey: Buffer; recoveryWrap: Buffer; createdAt: string },
): Promise<number> {
  const row = await db
    .insertInto('organisationKeys')
    .values({ ...values, status: 'active' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findOrganisationByPublicId(db: Executor, publicId: string) {
  return db
    .selectFrom('organisations')
    .selectAll()
    .where('publicId', '=', publicId)
    .executeTakeFirst();
}

const organisationById = reusableQuery((db, id: number) =>
  db.selectFrom('organisations').selectAll().where('id', '=', id),
);

export async function findOrganisationById(db: Executor, id: number) {
  return (await organisationById(db, id))[0];
}

export function findActiveOrganisationKey(db: Executor, organisationId: number) {
  return db
    .selectFrom('organisationKeys')
    .selectAll()
    .where('organisationId', '=', organisationId)
    .where('status', '=', 'active')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}
