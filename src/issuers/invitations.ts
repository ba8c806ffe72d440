import type { Actor } from '../accounts/actor.js';
import { requireOrganisationAccess, requireUser } from '../accounts/authorize.js';
import { insertPreparedUser, prepareUser } from '../accounts/create-user.js';
import { normaliseEmail } from '../accounts/credentials.js';
import { linkInvalid, sendAccountMail } from '../accounts/email-links.js';
import { hashLinkToken, newLinkToken } from '../accounts/tokens.js';
import { upgradeUserKeys } from '../accounts/user-keys.js';
import type { AppContext } from '../context.js';
import { verifyPassword } from '../crypto/password.js';
import { randomPublicId } from '../crypto/random.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import {
  consumeInvitation,
  findInvitation,
  findInvitationByTokenHash,
  insertInvitation,
  listPendingInvitations,
  revokeInvitation as markInvitationRevoked,
  revokePendingInvitationsTo,
} from '../db/repositories/invitation.repository.js';
import { insertMember } from '../db/repositories/member.repository.js';
import { findMembership, findUserByEmail } from '../db/repositories/user.repository.js';
import type { MemberRole } from '../db/tables/users.table.js';
import { AppError } from '../errors.js';
import type { Locale } from '../i18n/locale.js';
import { invitationEmail } from '../mail/templates/invitation-email.js';
import { checkRole, requireOwnerFor, roleOf } from './roles.js';

/** How long an invitation link works. */
export const INVITATION_TTL_DAYS = 7;
const INVITATION_TTL_MS = INVITATION_TTL_DAYS * 24 * 60 * 60_000;

export interface InvitationView {
  id: string;
  email: string;
  role: MemberRole;
  createdAt: string;
  expiresAt: string;
  /** The public id of the member who invited. */
  invitedBy: string;
}

/**
 * A member with the "manage" permission invites someone by e-mail to join as `role`: a
 * single-use link (`/invitations/accept#<token>`, 7 days) goes to the address; only the token's
 * SHA-256 is stored. Only an owner may invite an owner or an admin. A new invitation to the same
 * address replaces the pending one. Nothing is stored when the e-mail cannot be sent.
 */
export async function createInvitation(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; email: string; role: unknown; locale: Locale },
): Promise<InvitationView> {
  const user = requireUser(actor);
  const organisation = await requireOrganisationAccess(ctx, user, input.organisationId, 'manage');
  const role = checkRole(input.role);
  const email = normaliseEmail(input.email);
  requireOwnerFor(await roleOf(ctx, user.userId, organisation.id), role);
  const invitee = await findUserByEmail(ctx.db, email);
  if (invitee !== undefined && (await findMembership(ctx.db, invitee.id, organisation.id)))
    throw new AppError('CONFLICT', 'This person is already a member of the organisation.', {
      details: { field: 'email' },
    });

  const now = ctx.now();
  const createdAt = now.toISOString();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS).toISOString();
  const publicId = randomPublicId();
  const { token, hash } = newLinkToken();
  await ctx.db.transaction().execute(async (trx) => {
    await revokePendingInvitationsTo(trx, organisation.id, email, createdAt);
    await insertInvitation(trx, {
      publicId,
      organisationId: organisation.id,
      email,
      role,
      tokenHash: hash,
      invitedByUserId: user.userId,
      createdAt,
      expiresAt,
    });
    await insertAuditEvent(trx, {
      occurredAt: createdAt,
      actorType: 'user',
      actorId: user.userPublicId,
      action: 'invitation.created',
      organisationId: organisation.id,
      targetId: publicId,
      detail: JSON.stringify({ role }),
    });
    // Inside the transaction: when the e-mail cannot go, nothing is stored.
    await sendAccountMail(
      ctx,
      invitationEmail({
        to: email,
        locale: input.locale,
        organisationName: organisation.name,
        role,
        link: `${ctx.publicUrl}/invitations/accept#${token}`,
        expiresInDays: INVITATION_TTL_DAYS,
      }),
    );
  });
  return { id: publicId, email, role, createdAt, expiresAt, invitedBy: user.userPublicId };
}

/** The organisation's pending invitations (not accepted, revoked or expired). */
export async function listInvitations(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
): Promise<InvitationView[]> {
  const user = requireUser(actor);
  const organisation = await requireOrganisationAccess(ctx, user, organisationId, 'manage');
  const rows = await listPendingInvitations(ctx.db, organisation.id, ctx.now().toISOString());
  return rows.map((row) => ({
    id: row.publicId,
    email: row.email,
    role: row.role,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    invitedBy: row.invitedBy,
  }));
}

/** Revokes a pending invitation: its link stops working. */
export async function revokeInvitation(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; invitationId: string },
): Promise<void> {
  const user = requireUser(actor);
  const organisation = await requireOrganisationAccess(ctx, user, input.organisationId, 'manage');
  const invitation = await findInvitation(ctx.db, organisation.id, input.invitationId);
  if (invitation === undefined)
    throw new AppError('NOT_FOUND', 'No invitation with this id in this organisation.');
  const at = ctx.now().toISOString();
  const revoked = await ctx.db.transaction().execute(async (trx) => {
    if (!(await markInvitationRevoked(trx, invitation.id, at))) return false;
    await insertAuditEvent(trx, {
      occurredAt: at,
      actorType: 'user',
      actorId: user.userPublicId,
      action: 'invitation.revoked',
      organisationId: organisation.id,
      targetId: invitation.publicId,
    });
    return true;
  });
  if (!revoked) throw new AppError('CONFLICT', 'This invitation was already accepted or revoked.');
}

/** The invitation behind a link token, if it can still be accepted; LINK_INVALID otherwise. */
async function usableInvitation(ctx: AppContext, token: string) {
  const hash = hashLinkToken(token);
  if (hash === null) throw linkInvalid();
  const invitation = await findInvitationByTokenHash(ctx.db, hash);
  if (
    invitation === undefined ||
    invitation.acceptedAt !== null ||
    invitation.revokedAt !== null ||
    invitation.expiresAt <= ctx.now().toISOString()
  )
    throw linkInvalid();
  return invitation;
}

export interface InvitationPreview {
  organisationName: string;
  role: MemberRole;
  /** Whether the invited address already has an account (then its password is asked). */
  accountExists: boolean;
}

/** What the invitation page shows before accepting: who invites, as what, and which password. */
export async function previewInvitation(
  ctx: AppContext,
  input: { token: string },
): Promise<InvitationPreview> {
  const invitation = await usableInvitation(ctx, input.token);
  const account = await findUserByEmail(ctx.db, invitation.email);
  return {
    organisationName: invitation.organisationName,
    role: invitation.role,
    accountExists: account !== undefined,
  };
}

export interface AcceptedInvitation {
  organisationId: string;
  role: MemberRole;
  /** Always false: a member who has unlocked the organisation must confirm the new member. */
  keyAccess: false;
}

/**
 * Accepts an invitation with its link token. When the invited address has no account, one is
 * created with `password` (its e-mail confirmed: the link proved the address); otherwise the
 * account's password must be given. The token is consumed with a conditional UPDATE in the same
 * transaction as the membership, so it works once; a wrong password or a password the policy
 * refuses leaves it usable. The new member gets no key: an unlocked member must confirm them.
 */
export async function acceptInvitation(
  ctx: AppContext,
  input: { token: string; password: string },
): Promise<AcceptedInvitation> {
  const invitation = await usableInvitation(ctx, input.token);
  const existing = await findUserByEmail(ctx.db, invitation.email);
  const accepted: AcceptedInvitation = {
    organisationId: invitation.organisationPublicId,
    role: invitation.role,
    keyAccess: false,
  };

  if (existing !== undefined) {
    if (!(await verifyPassword(existing.passwordHash, input.password)))
      throw new AppError('INVALID_CREDENTIALS', 'The password is not correct.', {
        details: { field: 'password' },
      });
    // The one moment the password is known: an account without a key pair gets one now, so
    // that a member can confirm it.
    await upgradeUserKeys(ctx, existing, input.password);
    const at = ctx.now().toISOString();
    await ctx.db.transaction().execute(async (trx) => {
      if (await findMembership(trx, existing.id, invitation.organisationId))
        throw new AppError('CONFLICT', 'You are already a member of this organisation.');
      if (
        !(await consumeInvitation(trx, invitation.id, {
          acceptedAt: at,
          acceptedByUserId: existing.id,
        }))
      )
        throw linkInvalid();
      await insertMember(trx, {
        userId: existing.id,
        organisationId: invitation.organisationId,
        role: invitation.role,
        createdAt: at,
        invitedByUserId: invitation.invitedByUserId,
      });
      await insertAuditEvent(trx, {
        occurredAt: at,
        actorType: 'user',
        actorId: existing.publicId,
        action: 'member.joined',
        organisationId: invitation.organisationId,
        targetId: existing.publicId,
        detail: JSON.stringify({ invitationId: invitation.publicId, role: invitation.role }),
      });
    });
    return accepted;
  }

  // Password policy (400, the link stays usable) and the two Argon2id derivations first.
  const prepared = await prepareUser(invitation.email, input.password);
  const at = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    // A sign-up with the same address may have created the account meanwhile.
    if ((await findUserByEmail(trx, invitation.email)) !== undefined)
      throw new AppError(
        'CONFLICT',
        'An account with this address was created meanwhile: open the link again and enter its password.',
      );
    const userId = await insertPreparedUser(trx, prepared, {
      isPlatformAdmin: false,
      emailConfirmedAt: at,
      createdAt: at,
    });
    if (
      !(await consumeInvitation(trx, invitation.id, { acceptedAt: at, acceptedByUserId: userId }))
    )
      throw linkInvalid();
    await insertMember(trx, {
      userId,
      organisationId: invitation.organisationId,
      role: invitation.role,
      createdAt: at,
      invitedByUserId: invitation.invitedByUserId,
    });
    await insertAuditEvent(trx, {
      occurredAt: at,
      actorType: 'user',
      actorId: prepared.publicId,
      action: 'account.created',
      organisationId: null,
      targetId: prepared.publicId,
      detail: JSON.stringify({ via: 'invitation' }),
    });
    await insertAuditEvent(trx, {
      occurredAt: at,
      actorType: 'user',
      actorId: prepared.publicId,
      action: 'member.joined',
      organisationId: invitation.organisationId,
      targetId: prepared.publicId,
      detail: JSON.stringify({ invitationId: invitation.publicId, role: invitation.role }),
    });
  });
  return accepted;
}
