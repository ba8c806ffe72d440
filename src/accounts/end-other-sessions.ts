import { recordSecurityEvent, SECURITY_ACTIONS } from '../audit/security-events.js';
import type { AppContext } from '../context.js';
import { endUserSessions } from '../db/repositories/session.repository.js';
import type { Actor } from './actor.js';
import { requireUser } from './authorize.js';

/**
 * Ends every session of the caller except the one the request came with ("log out everywhere
 * else"), with any organisation key unlocked in them; how many were ended.
 */
export async function endOtherSessions(
  ctx: AppContext,
  actor: Actor | null,
): Promise<{ ended: number }> {
  const user = requireUser(actor);
  const ended = await ctx.db.transaction().execute(async (trx) => {
    const count = await endUserSessions(trx, user.userId, user.session.id);
    const event = { action: SECURITY_ACTIONS.otherSessionsEnded, actor: user, detail: { count } };
    if (count > 0) await recordSecurityEvent(ctx, event, trx);
    return count;
  });
  return { ended };
}
