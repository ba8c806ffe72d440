import type { AppContext } from '../context.js';
import { findMembership } from '../db/repositories/user.repository.js';
import type { MemberRole } from '../db/tables/users.table.js';
import { AppError } from '../errors.js';

/** The member roles, most powerful first. */
export const MEMBER_ROLES: readonly MemberRole[] = ['owner', 'admin', 'operator', 'viewer'];

/** Roles only an owner may grant or take away. */
const OWNER_GRANTED: ReadonlySet<MemberRole> = new Set(['owner', 'admin']);

/** Checks a role given as input; INVALID_INPUT naming the allowed roles otherwise. */
export function checkRole(role: unknown, field = 'role'): MemberRole {
  if (typeof role === 'string' && (MEMBER_ROLES as readonly string[]).includes(role))
    return role as MemberRole;
  throw new AppError('INVALID_INPUT', `${field} must be one of ${MEMBER_ROLES.join(', ')}.`, {
    details: { field },
  });
}

/** The caller's own role in an organisation they are known to be a member of. */
export async function roleOf(
  ctx: AppContext,
  userId: number,
  organisationId: number,
): Promise<MemberRole> {
  const membership = await findMembership(ctx.db, userId, organisationId);
  if (membership === undefined)
    throw new AppError('NOT_FOUND', 'No organisation with this id is visible to you.');
  return membership.role;
}

/** Only an owner may give or take the owner or admin role (by invitation, change or removal). */
export function requireOwnerFor(callerRole: MemberRole, ...roles: MemberRole[]): void {
  if (callerRole !== 'owner' && roles.some((role) => OWNER_GRANTED.has(role)))
    throw new AppError(
      'FORBIDDEN',
      'Only an owner can grant or take away the owner or admin role.',
    );
}
