import type { AppContext } from '../context.js';
import { deleteSession } from '../db/repositories/session.repository.js';
import type { UserActor } from './actor.js';

/** Ends the session, and with it any unlocked organisation key. */
export async function logOut(ctx: AppContext, actor: UserActor): Promise<void> {
  await deleteSession(ctx.db, actor.session.id);
}
