import type { AppContext } from '../context.js';
import { findApiKeyByHash, touchApiKey } from '../db/repositories/api-key.repository.js';
import {
  deleteSession,
  findSessionByTokenHash,
  touchSession,
} from '../db/repositories/session.repository.js';
import { findUserById } from '../db/repositories/user.repository.js';
import { AppError } from '../errors.js';
import { API_KEY_SCOPES } from './actor.js';
import type { Actor, ApiKeyScope } from './actor.js';
import { hasSecondFactor } from './second-factor.js';
import { parseToken } from './tokens.js';

/** A session's last-seen time is written at most this often. */
const TOUCH_INTERVAL_MS = 60_000;

function unauthenticated(): AppError {
  return new AppError(
    'UNAUTHENTICATED',
    'The session or API key is not valid; log in again or use another key.',
  );
}

function parseScopes(scopes: string): ApiKeyScope[] {
  return scopes
    .split(' ')
    .filter((scope): scope is ApiKeyScope => (API_KEY_SCOPES as readonly string[]).includes(scope));
}

/**
 * Turns a token (session, from the Authorization header or the cookie, or API key) into an actor,
 * or throws UNAUTHENTICATED. A session past its lifetime or idle too long is deleted.
 */
export async function authenticate(ctx: AppContext, bearer: string): Promise<Actor> {
  const parsed = parseToken(bearer);
  if (parsed === null) throw unauthenticated();
  const at = ctx.now();
  const now = at.toISOString();
  if (parsed.kind === 'api_key') {
    const key = await findApiKeyByHash(ctx.db, parsed.hash);
    if (key === undefined || key.revokedAt !== null) throw unauthenticated();
    await touchApiKey(ctx.db, key.id, now);
    return {
      kind: 'api_key',
      apiKeyId: key.id,
      apiKeyPublicId: key.publicId,
      organisationId: key.organisationId,
      scopes: parseScopes(key.scopes),
    };
  }
  const session = await findSessionByTokenHash(ctx.db, parsed.hash);
  if (session === undefined) throw unauthenticated();
  // Absolute lifetime (SESSION_TTL_MINUTES) and idle time (SESSION_IDLE_MINUTES).
  const nowMs = at.getTime();
  const lastSeenMs = new Date(session.lastSeenAt ?? session.createdAt).getTime();
  if (session.expiresAt <= now || nowMs - lastSeenMs >= ctx.sessionIdleMinutes * 60_000) {
    await deleteSession(ctx.db, session.id);
    throw unauthenticated();
  }
  // At most one write a minute per session.
  if (nowMs - lastSeenMs >= TOUCH_INTERVAL_MS) await touchSession(ctx.db, session.id, now);
  const user = await findUserById(ctx.db, session.userId);
  if (user === undefined) throw unauthenticated();
  return {
    kind: 'user',
    userId: user.id,
    userPublicId: user.publicId,
    isPlatformAdmin: user.isPlatformAdmin === 1,
    twoFactorEnabled: hasSecondFactor(user),
    session: {
      id: session.id,
      publicId: session.publicId,
      token: parsed.secret,
      unlockedOrganisationId: session.unlockedOrganisationId,
      unlockWrap: session.unlockWrap,
      unlockExpiresAt: session.unlockExpiresAt,
      secondFactorAt: session.secondFactorAt,
      expiresAt: session.expiresAt,
    },
  };
}
