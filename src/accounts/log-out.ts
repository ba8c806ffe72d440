import type { AppContext } from '../context.js';
import { deleteSession } from '../db/repositories/session.repository.js';
import { recordSecurityEvent, SECURITY_ACTIONS } from '../audit/security-events.js';
import type { UserActor } from './actor.js';

/** Ends the session, and with it any unlocked organisation key. */
export async function logOut(ctx: AppContext, actor: UserActor): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await deleteSession(trx, actor.session.id);
    await recordSecurityEvent(
      ctx,
      { action: SECURITY_ACTIONS.loggedOut, actor, targetId: actor.session.publicId },
      trx,
    );
  });
}
