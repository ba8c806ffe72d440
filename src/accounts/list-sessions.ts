import type { AppContext } from '../context.js';
import { listUserSessions } from '../db/repositories/session.repository.js';
import type { Actor } from './actor.js';
import { requireUser } from './authorize.js';

/** One of the caller's sessions, as the console lists them. Never the token or its hash. */
export interface SessionView {
  /** The session's public id (for DELETE /api/me/sessions/{id}). */
  id: string;
  createdAt: string;
  /** When it was last used (written at most once a minute); null if never since log-in. */
  lastUsedAt: string | null;
  /** The absolute expiry; idleness (SESSION_IDLE_MINUTES) may end it sooner. */
  expiresAt: string;
  /** The session ends after this idle time, counted from `lastUsedAt` (or `createdAt`). */
  idleExpiresAt: string;
  /** A summary such as "Firefox on Linux"; null for sessions opened before it was recorded. */
  userAgent: string | null;
  /** The client's network at log-in (address truncated to /24 or /48); null if unknown. */
  clientNetwork: string | null;
  /** Whether this is the session the request came with. */
  current: boolean;
  /** Whether this session passed the second factor (TOTP or recovery code). */
  secondFactor: boolean;
  /** Until when an organisation key is unlocked in this session; null when locked. */
  unlockedUntil: string | null;
}

/**
 * The caller's sessions still alive (not past their expiry nor idle too long), newest first, so
 * the console can show where the account is logged in (DESIGN §2 "Sessions"). Users only.
 */
export async function listSessions(ctx: AppContext, actor: Actor | null): Promise<SessionView[]> {
  const user = requireUser(actor);
  const now = ctx.now();
  const idleMs = ctx.sessionIdleMinutes * 60_000;
  const rows = await listUserSessions(ctx.db, user.userId, now.toISOString());
  return rows
    .map((row) => {
      const lastActivity = new Date(row.lastSeenAt ?? row.createdAt).getTime();
      const idleExpiresAt = new Date(lastActivity + idleMs).toISOString();
      return {
        id: row.publicId,
        createdAt: row.createdAt,
        lastUsedAt: row.lastSeenAt,
        expiresAt: row.expiresAt,
        idleExpiresAt,
        userAgent: row.userAgent,
        clientNetwork: row.clientNetwork,
        current: row.id === user.session.id,
        secondFactor: row.secondFactorAt !== null,
        unlockedUntil:
          row.unlockExpiresAt !== null && row.unlockExpiresAt > now.toISOString()
            ? row.unlockExpiresAt
            : null,
      };
    })
    .filter((session) => session.current || new Date(session.idleExpiresAt) > now);
}
