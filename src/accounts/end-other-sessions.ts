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
  return { ended: await endUserSessions(ctx.db, user.userId, user.session.id) };
}
