import type { Insertable } from 'kysely';
import type { Executor } from '../database.js';
import type { InvitationsTable } from '../tables/users.table.js';

export async function insertInvitation(
  db: Executor,
  values: Insertable<InvitationsTable>,
): Promise<number> {
  const row = await db
    .insertInto('invitations')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The invitation a link token stands for (by the token's SHA-256), with its organisation. */
export function findInvitationByTokenHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom('invitations')
    .innerJoin('organisations', 'organisations.id', 'invitations.organisationId')
    .selectAll('invitations')
    .select([
      'organisations.publicId as organisationPublicId',
      'organisations.name as organisationName',
    ])
    .where('invitations.tokenHash', '=', tokenHash)
    .executeTakeFirst();
}

export function findInvitation(db: Executor, organisationId: number, publicId: string) {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('organisationId', '=', organisationId)
    .where('publicId', '=', publicId)
    .executeTakeFirst();
}

/** Invitations not accepted, not revoked and not expired at `now`, oldest first. */
export function listPendingInvitations(db: Executor, organisationId: number, now: string) {
  return db
    .selectFrom('invitations')
    .innerJoin('users', 'users.id', 'invitations.invitedByUserId')
    .select([
      'invitations.publicId',
      'invitations.email',
      'invitations.role',
      'invitations.createdAt',
      'invitations.expiresAt',
      'users.publicId as invitedBy',
    ])
    .where('invitations.organisationId', '=', organisationId)
    .where('invitations.acceptedAt', 'is', null)
    .where('invitations.revokedAt', 'is', null)
    .where('invitations.expiresAt', '>', now)
    .orderBy('invitations.id')
    .execute();
}

/**
 * Marks an invitation used, only if it still is pending and unexpired: of two concurrent uses,
 * one wins. False when it was not.
 */
export async function consumeInvitation(
  db: Executor,
  id: number,
  values: { acceptedAt: string; acceptedByUserId: number },
): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set(values)
    .where('id', '=', id)
    .where('acceptedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .where('expiresAt', '>', values.acceptedAt)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Revokes one pending invitation; false when it was already accepted or revoked. */
export async function revokeInvitation(db: Executor, id: number, at: string): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ revokedAt: at })
    .where('id', '=', id)
    .where('acceptedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Revokes the pending invitations of one address to one organisation (a new one supersedes them). */
export async function revokePendingInvitationsTo(
  db: Executor,
  organisationId: number,
  email: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ revokedAt: at })
    .where('organisationId', '=', organisationId)
    .where('email', '=', email)
    .where('acceptedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .execute();
}
