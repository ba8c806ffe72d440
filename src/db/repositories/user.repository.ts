import type { Executor } from '../database.js';
import type { Insertable } from 'kysely';
import type { MemberRole, UsersTable } from '../tables/users.table.js';

export async function insertUser(db: Executor, values: Insertable<UsersTable>): Promise<number> {
  const row = await db.insertInto('users').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function findUserByEmail(db: Executor, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export function findUserById(db: Executor, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertMembership(
  db: Executor,
  values: { userId: number; organisationId: number; role: MemberRole; createdAt: string },
): Promise<void> {
  await db.insertInto('memberships').values(values).execute();
}

export function findMembership(db: Executor, userId: number, organisationId: number) {
  return db
    .selectFrom('memberships')
    .selectAll()
    .where('userId', '=', userId)
    .where('organisationId', '=', organisationId)
    .executeTakeFirst();
}

export function listMembershipsOfUser(db: Executor, userId: number) {
  return db
    .selectFrom('memberships')
    .innerJoin('organisations', 'organisations.id', 'memberships.organisationId')
    .select([
      'memberships.role',
      'organisations.id as organisationId',
      'organisations.publicId as organisationPublicId',
      'organisations.name as organisationName',
      'organisations.status as organisationStatus',
    ])
    .where('memberships.userId', '=', userId)
    .orderBy('organisations.id')
    .execute();
}
