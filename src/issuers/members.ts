import type { Actor, UserActor } from '../accounts/actor.js';
import { requireOrganisationAccess, requireUser } from '../accounts/authorize.js';
import { unlockedOrganisationKeys } from '../accounts/unlock-organisation.js';
import { sealOrganisationKeysTo } from '../accounts/user-keys.js';
import type { AppContext } from '../context.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import { deleteMemberKeySeals } from '../db/repositories/member-key.repository.js';
import {
  countOwners,
  deleteMembership,
  findMember,
  listMembersWithKeyAccess,
  lockOrganisationRow,
  updateMemberRole,
} from '../db/repositories/member.repository.js';
import { findActiveOrganisationKey } from '../db/repositories/organisation.repository.js';
import { endUserSessions } from '../db/repositories/session.repository.js';
import type { Organisation } from '../db/tables/organisations.table.js';
import type { MemberRole } from '../db/tables/users.table.js';
import { AppError } from '../errors.js';
import { checkRole, requireOwnerFor, roleOf } from './roles.js';

export interface MemberView {
  /** The user's public id. */
  userId: string;
  email: string;
  role: MemberRole;
  /** Whether the member holds a copy (seal) of the organisation's active key: can unlock. */
  keyAccess: boolean;
  twoFactor: boolean;
  joinedAt: string;
}

async function membersOf(ctx: AppContext, organisation: Organisation): Promise<MemberView[]> {
  const active = await findActiveOrganisationKey(ctx.db, organisation.id);
  const rows = await listMembersWithKeyAccess(ctx.db, organisation.id, active?.id ?? null);
  return rows.map((row) => ({
    userId: row.userId,
    email: row.email,
    role: row.role,
    keyAccess: row.sealId !== null,
    twoFactor: row.totpEnabledAt !== null,
    joinedAt: row.joinedAt,
  }));
}

async function memberView(
  ctx: AppContext,
  organisation: Organisation,
  userPublicId: string,
): Promise<MemberView> {
  const view = (await membersOf(ctx, organisation)).find(
    (member) => member.userId === userPublicId,
  );
  if (view === undefined) throw noSuchMember();
  return view;
}

function noSuchMember(): AppError {
  return new AppError('NOT_FOUND', 'No member with this id in this organisation.');
}

function lastOwner(): AppError {
  return new AppError(
    'CONFLICT',
    'The organisation must keep at least one owner: make another member owner first.',
  );
}

async function targetMember(ctx: AppContext, organisation: Organisation, userPublicId: string) {
  const member = await findMember(ctx.db, organisation.id, userPublicId);
  if (member === undefined) throw noSuchMember();
  return member;
}

/** The members of an organisation (logged-in members only: API keys do not see people). */
export async function listMembers(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
): Promise<MemberView[]> {
  const user = requireUser(actor);
  const organisation = await requireOrganisationAccess(ctx, user, organisationId, 'read');
  return membersOf(ctx, organisation);
}

/**
 * A member with "manage" whose session has the organisation unlocked confirms another member:
 * every organisation key the caller's session holds is sealed to the member's public key. The
 * platform never holds the key unwrapped at rest: the keys come from the caller's session
 * unlock, which only the caller's token opens.
 */
export async function confirmMember(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; userId: string },
): Promise<MemberView> {
  const user = requireUser(actor);
  const organisation = await requireOrganisationAccess(ctx, user, input.organisationId, 'manage');
  const member = await targetMember(ctx, organisation, input.userId);
  const keys = unlockedOrganisationKeys(ctx, user, organisation);
  if (keys === null)
    throw new AppError(
      'UNLOCK_REQUIRED',
      'Unlock the organisation (enter your password again) before confirming a member.',
    );
  try {
    if (member.publicKey === null)
      throw new AppError(
        'CONFLICT',
        'This member has no key pair yet: they must log in once before they can be confirmed.',
      );
    const at = ctx.now().toISOString();
    const publicKey = member.publicKey;
    await ctx.db.transaction().execute(async (trx) => {
      await sealOrganisationKeysTo(trx, {
        organisationPublicId: organisation.publicId,
        keys,
        member: { id: member.userId, publicId: member.userPublicId, publicKey },
        sealedByUserId: user.userId,
        at,
      });
      await insertAuditEvent(trx, {
        occurredAt: at,
        actorType: 'user',
        actorId: user.userPublicId,
        action: 'member.confirmed',
        organisationId: organisation.id,
        targetId: member.userPublicId,
        detail: JSON.stringify({ keys: keys.size }),
      });
    });
  } finally {
    for (const key of keys.values()) key.fill(0);
  }
  return memberView(ctx, organisation, member.userPublicId);
}

/**
 * Changes a member's role. Only an owner may grant or take away the owner or admin role; the
 * last owner cannot be demoted.
 */
export async function changeMemberRole(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; userId: string; role: unknown },
): Promise<MemberView> {
  const user = requireUser(actor);
  const organisation = await requireOrganisationAccess(ctx, user, input.organisationId, 'manage');
  const role = checkRole(input.role);
  const member = await targetMember(ctx, organisation, input.userId);
  requireOwnerFor(await roleOf(ctx, user.userId, organisation.id), member.role, role);
  if (member.role !== role) {
    const at = ctx.now().toISOString();
    await ctx.db.transaction().execute(async (trx) => {
      await lockOrganisationRow(trx, organisation.id);
      if (member.role === 'owner' && (await countOwners(trx, organisation.id)) <= 1)
        throw lastOwner();
      if (!(await updateMemberRole(trx, member.membershipId, member.role, role)))
        throw new AppError('CONFLICT', 'The member’s role was changed meanwhile; try again.');
      await insertAuditEvent(trx, {
        occurredAt: at,
        actorType: 'user',
        actorId: user.userPublicId,
        action: 'member.role_changed',
        organisationId: organisation.id,
        targetId: member.userPublicId,
        detail: JSON.stringify({ from: member.role, to: role }),
      });
    });
  }
  return memberView(ctx, organisation, member.userPublicId);
}

/**
 * Removes a member: their membership, their seals of this organisation's keys, and every session
 * of theirs (all organisations: a session is the person's, not the membership's). Nothing else
 * is revoked (documents, API keys and invitations they made stay). Any member may leave; removing
 * someone else needs "manage", and an owner or admin can be removed only by an owner. The last
 * owner can be removed by no one.
 */
export async function removeMember(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; userId: string },
): Promise<void> {
  const user: UserActor = requireUser(actor);
  const self = input.userId === user.userPublicId;
  const organisation = await requireOrganisationAccess(
    ctx,
    user,
    input.organisationId,
    self ? 'read' : 'manage',
  );
  const member = await targetMember(ctx, organisation, input.userId);
  if (!self) requireOwnerFor(await roleOf(ctx, user.userId, organisation.id), member.role);
  const at = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await lockOrganisationRow(trx, organisation.id);
    if (member.role === 'owner' && (await countOwners(trx, organisation.id)) <= 1)
      throw lastOwner();
    if (!(await deleteMembership(trx, member.membershipId))) throw noSuchMember();
    await deleteMemberKeySeals(trx, member.userId, organisation.id);
    await endUserSessions(trx, member.userId);
    await insertAuditEvent(trx, {
      occurredAt: at,
      actorType: 'user',
      actorId: user.userPublicId,
      action: 'member.removed',
      organisationId: organisation.id,
      targetId: member.userPublicId,
      detail: JSON.stringify({ role: member.role, self }),
    });
  });
}
