import type { AppContext } from '../context.js';
import { findOrganisationById } from '../db/repositories/organisation.repository.js';
import { findUserById, listMembershipsOfUser } from '../db/repositories/user.repository.js';
import { AppError } from '../errors.js';
import type { Actor } from './actor.js';
import { requireActor } from './authorize.js';
import { csrfTokenFor } from './csrf.js';
import { hasSecondFactor } from './second-factor.js';

export interface CurrentActorView {
  kind: 'user' | 'api_key';
  id: string;
  email: string | null;
  isPlatformAdmin: boolean;
  organisations: Array<{
    id: string;
    name: string;
    status: string;
    role: string;
    unlocked: boolean;
    /** Until when this organisation's key is unlocked in this session; null when locked. */
    unlockedUntil: string | null;
  }>;
  scopes: string[];
  unlockedUntil: string | null;
  /** Users only: whether TOTP is on and whether this session passed it. */
  twoFactor: { enabled: boolean; verifiedThisSession: boolean } | null;
  /** Sessions only: what to send as x-csrf-token with cookie-authenticated changes. */
  csrfToken: string | null;
  /** Sessions only: this session's public id (as in GET /api/me/sessions) and expiry. */
  session: { id: string; expiresAt: string } | null;
  /**
   * Users only: whether the account must use a second factor (platform admin, or owner or admin
   * of an organisation) before it may act as such.
   */
  secondFactorRequired: boolean;
}

/** Who the caller is: the user and their organisations, or the API key and its organisation. */
export async function describeCurrentActor(
  ctx: AppContext,
  actor: Actor | null,
): Promise<CurrentActorView> {
  const present = requireActor(actor);
  if (present.kind === 'api_key') {
    const organisation = await findOrganisationById(ctx.db, present.organisationId);
    if (organisation === undefined)
      throw new AppError('UNAUTHENTICATED', 'This API key belongs to no organisation.');
    return {
      kind: 'api_key',
      id: present.apiKeyPublicId,
      email: null,
      isPlatformAdmin: false,
      organisations: [
        {
          id: organisation.publicId,
          name: organisation.name,
          status: organisation.status,
          role: 'api_key',
          unlocked: false,
          unlockedUntil: null,
        },
      ],
      scopes: [...present.scopes],
      unlockedUntil: null,
      twoFactor: null,
      csrfToken: null,
      session: null,
      secondFactorRequired: false,
    };
  }
  const user = await findUserById(ctx.db, present.userId);
  if (user === undefined) throw new AppError('UNAUTHENTICATED', 'This session belongs to no user.');
  const now = ctx.now().toISOString();
  const unlockValid =
    present.session.unlockExpiresAt !== null && present.session.unlockExpiresAt > now;
  const memberships = await listMembershipsOfUser(ctx.db, user.id);
  const isUnlocked = (organisationId: number) =>
    unlockValid && present.session.unlockedOrganisationId === organisationId;
  return {
    kind: 'user',
    id: user.publicId,
    email: user.email,
    isPlatformAdmin: user.isPlatformAdmin === 1,
    organisations: memberships.map((m) => ({
      id: m.organisationPublicId,
      name: m.organisationName,
      status: m.organisationStatus,
      role: m.role,
      unlocked: isUnlocked(m.organisationId),
      unlockedUntil: isUnlocked(m.organisationId) ? present.session.unlockExpiresAt : null,
    })),
    scopes: [],
    unlockedUntil: unlockValid ? present.session.unlockExpiresAt : null,
    twoFactor: {
      enabled: hasSecondFactor(user),
      verifiedThisSession: present.session.secondFactorAt !== null,
    },
    csrfToken: csrfTokenFor(ctx.masterKey, present.session.token),
    session: { id: present.session.publicId, expiresAt: present.session.expiresAt },
    secondFactorRequired:
      user.isPlatformAdmin === 1 ||
      memberships.some((m) => m.role === 'owner' || m.role === 'admin'),
  };
}
