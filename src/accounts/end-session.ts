import { recordSecurityEvent, SECURITY_ACTIONS } from '../audit/security-events.js';
import type { AppContext } from '../context.js';
import { deleteUserSession } from '../db/repositories/session.repository.js';
import { AppError } from '../errors.js';
import type { Actor } from './actor.js';
import { requireUser } from './authorize.js';

/**
 * Ends one of the caller's own sessions by its public id (with any organisation key unlocked
 * in it). Another user's session, or one already ended, is NOT_FOUND: a session id says nothing
 * about whose it is. Ending the current session is a log-out; `current` tells the caller to
 * clear its cookie.
 */
export async function endSession(
  ctx: AppContext,
  actor: Actor | null,
  sessionId: string,
): Promise<{ current: boolean }> {
  const user = requireUser(actor);
  const ended = await ctx.db.transaction().execute(async (trx) => {
    if (!(await deleteUserSession(trx, user.userId, sessionId))) return false;
    const by = { actor: user, targetId: sessionId };
    await recordSecurityEvent(ctx, { action: SECURITY_ACTIONS.loggedOut, ...by }, trx);
    return true;
  });
  if (!ended) throw new AppError('NOT_FOUND', 'You have no session with this id.');
  return { current: sessionId === user.session.publicId };
}
