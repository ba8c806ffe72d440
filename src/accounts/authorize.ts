import type { AppContext } from '../context.js';
import { findOrganisationByPublicId } from '../db/repositories/organisation.repository.js';
import { findMembership } from '../db/repositories/user.repository.js';
import type { Organisation } from '../db/tables/organisations.table.js';
import type { MemberRole } from '../db/tables/users.table.js';
import { AppError } from '../errors.js';
import { requireIssuerTermsAccepted } from '../terms/issuer-terms-gate.js';
import type { Actor, Permission, UserActor } from './actor.js';

const ROLE_PERMISSIONS: Record<MemberRole, readonly Permission[]> = {
  owner: ['issue', 'read', 'revoke', 'manage'],
  admin: ['issue', 'read', 'revoke', 'manage'],
  operator: ['issue', 'read', 'revoke'],
  viewer: ['read'],
};

function notVisible(): AppError {
  return new AppError('NOT_FOUND', 'No organisation with this id is visible to you.');
}

/** Throws UNAUTHENTICATED unless there is an actor. */
export function requireActor(actor: Actor | null): Actor {
  if (actor === null) throw new AppError('UNAUTHENTICATED', 'Log in or use an API key to do this.');
  return actor;
}

/** Throws unless the actor is a logged-in user (not an API key). */
export function requireUser(actor: Actor | null): UserActor {
  const present = requireActor(actor);
  if (present.kind !== 'user')
    throw new AppError('FORBIDDEN', 'This needs a logged-in user; API keys cannot do it.');
  return present;
}

/** Roles that must use two-factor authentication (as must platform admins). */
const ROLES_NEEDING_SECOND_FACTOR: ReadonlySet<MemberRole> = new Set(['owner', 'admin']);

/**
 * Throws TWO_FACTOR_ENROLMENT_REQUIRED unless this session passed the second factor. The message
 * says what to do: turn two-factor authentication on, or log in again with a code.
 */
export function requireSecondFactor(user: UserActor, who: string): void {
  if (user.session.secondFactorAt !== null) return;
  throw new AppError(
    'TWO_FACTOR_ENROLMENT_REQUIRED',
    user.twoFactorEnabled
      ? `${who} need two-factor authentication and this session did not pass it: log in again with a code from your authenticator app.`
      : `${who} need two-factor authentication: turn it on with POST /api/me/two-factor, then confirm it with a code.`,
  );
}

/** Throws unless the actor is a platform admin whose session passed the second factor. */
export function requirePlatformAdmin(actor: Actor | null): UserActor {
  const user = requireUser(actor);
  if (!user.isPlatformAdmin) throw new AppError('FORBIDDEN', 'Only platform admins can do this.');
  requireSecondFactor(user, 'Platform admins');
  return user;
}

/**
 * Loads the organisation and checks that the actor may do `permission` in it: members by role,
 * API keys by scope (never `manage`). Owners and admins act only from a session that passed the
 * second factor (TWO_FACTOR_ENROLMENT_REQUIRED otherwise); operators, viewers and API keys are
 * not affected. An organisation the actor has no part in is NOT_FOUND, so
 * ids of other organisations cannot be probed. A member who has not accepted the issuer terms in
 * force gets TERMS_ACCEPTANCE_REQUIRED (terms/issuer-terms-gate.ts); API keys are not asked.
 */
export async function requireOrganisationAccess(
  ctx: AppContext,
  actor: Actor | null,
  organisationPublicId: string,
  permission: Permission,
): Promise<Organisation> {
  const present = requireActor(actor);
  const organisation = await findOrganisationByPublicId(ctx.db, organisationPublicId);
  if (organisation === undefined) throw notVisible();
  if (present.kind === 'api_key') {
    if (present.organisationId !== organisation.id) throw notVisible();
    if (permission === 'manage' || !(present.scopes as readonly string[]).includes(permission)) {
      throw new AppError('FORBIDDEN', `This API key does not have the "${permission}" scope.`);
    }
    return organisation;
  }
  const membership = await findMembership(ctx.db, present.userId, organisation.id);
  if (membership === undefined) throw notVisible();
  if (ROLES_NEEDING_SECOND_FACTOR.has(membership.role)) {
    requireSecondFactor(present, 'Owners and admins');
  }
  if (!ROLE_PERMISSIONS[membership.role].includes(permission)) {
    throw new AppError(
      'FORBIDDEN',
      `The ${membership.role} role cannot ${permission} in this organisation.`,
    );
  }
  await requireIssuerTermsAccepted(ctx.db, present.userId, ctx.now().toISOString());
  return organisation;
}
