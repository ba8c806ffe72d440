import type { Executor } from '../database.js';
import type { MemberRole } from '../tables/users.table.js';

/**
 * Takes the organisation's row lock for the rest of the transaction (PostgreSQL; SQLite has one
 * writer at a time anyway), so that changes to its members and keys that check a count first —
 * "not the last owner", "only one active key" — run one after the other.
 */
export async function lockOrganisationRow(db: Executor, organisationId: number): Promise<void> {
  await db
    .updateTable('organisations')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('id', '=', organisationId)
    .execute();
}

export async function insertMember(
  db: Executor,
  values: {
    userId: number;
    organisationId: number;
    role: MemberRole;
    createdAt: string;
    invitedByUserId: number | null;
  },
): Promise<void> {
  await db.insertInto('memberships').values(values).execute();
}

/**
 * The members of an organisation with their account, and whether each holds a seal of the key
 * `keyId` (the active one) — null when the organisation has no active key.
 */
export function listMembersWithKeyAccess(
  db: Executor,
  organisationId: number,
  keyId: number | null,
) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.userId')
    .leftJoin('memberKeySeals', (join) =>
      join
        .onRef('memberKeySeals.userId', '=', 'users.id')
        .on('memberKeySeals.organisationKeyId', '=', keyId ?? -1),
    )
    .select([
      'users.publicId as userId',
      'users.email',
      'users.totpEnabledAt',
      'memberships.role',
      'memberships.createdAt as joinedAt',
      'memberKeySeals.id as sealId',
    ])
    .where('memberships.organisationId', '=', organisationId)
    .orderBy('memberships.id')
    .execute();
}

/** One member of an organisation by the user's public id: membership and account. */
export function findMember(db: Executor, organisationId: number, userPublicId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.userId')
    .select([
      'memberships.id as membershipId',
      'memberships.role',
      'users.id as userId',
      'users.publicId as userPublicId',
      'users.publicKey',
    ])
    .where('memberships.organisationId', '=', organisationId)
    .where('users.publicId', '=', userPublicId)
    .executeTakeFirst();
}

export async function countOwners(db: Executor, organisationId: number): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
    .where('organisationId', '=', organisationId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Changes a member's role if it still is `from`; false otherwise. */
export async function updateMemberRole(
  db: Executor,
  membershipId: number,
  from: MemberRole,
  to: MemberRole,
): Promise<boolean> {
  const result = await db
    .updateTable('memberships')
    .set({ role: to })
    .where('id', '=', membershipId)
    .where('role', '=', from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteMembership(db: Executor, membershipId: number): Promise<boolean> {
  const result = await db
    .deleteFrom('memberships')
    .where('id', '=', membershipId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The members who hold a seal of key `keyId` and have a public key (for sealing a new key). */
export function listKeyHolders(db: Executor, organisationId: number, keyId: number) {
  return db
    .selectFrom('memberKeySeals')
    .innerJoin('users', 'users.id', 'memberKeySeals.userId')
    .innerJoin('memberships', (join) =>
      join
        .onRef('memberships.userId', '=', 'users.id')
        .on('memberships.organisationId', '=', organisationId),
    )
    .select(['users.id', 'users.publicId', 'users.publicKey'])
    .where('memberKeySeals.organisationKeyId', '=', keyId)
    .orderBy('users.id')
    .execute();
}

/** The organisation keys the user holds a seal of (their ids). */
export async function listHeldKeyIds(
  db: Executor,
  userId: number,
  organisationId: number,
): Promise<Set<number>> {
  const rows = await db
    .selectFrom('memberKeySeals')
    .innerJoin('organisationKeys', 'organisationKeys.id', 'memberKeySeals.organisationKeyId')
    .select('memberKeySeals.organisationKeyId')
    .where('memberKeySeals.userId', '=', userId)
    .where('organisationKeys.organisationId', '=', organisationId)
    .execute();
  return new Set(rows.map((row) => row.organisationKeyId));
}

/**
 * Takes the active key out of use (retired, or revoked with a reason), only if it still is the
 * active one; false when another rotation came first.
 */
export async function retireActiveOrganisationKey(
  db: Executor,
  keyId: number,
  values: {
    status: 'retired' | 'revoked';
    retiredAt: string;
    revokedAt: string | null;
    revocationReason: string | null;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('organisationKeys')
    .set(values)
    .where('id', '=', keyId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Replaces the organisation's logo only if it still is `from`; false when it changed meanwhile. */
export async function setOrganisationLogo(
  db: Executor,
  organisationId: number,
  from: string | null,
  values: { logoBlob: string | null; logoMediaType: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('organisations')
    .set(values)
    .where('id', '=', organisationId)
    .where('logoBlob', from === null ? 'is' : '=', from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
