import type { UserActor } from '../accounts/actor.js';
import type { AppContext } from '../context.js';
import type { Executor } from '../db/database.js';
import {
  listAcceptancesOfDocument,
  listAcceptancesOfUser,
} from '../db/repositories/terms.repository.js';
import { consentOf } from './terms.js';
import type { Consent } from './terms.js';

/**
 * Every terms acceptance given when this document was activated (by its internal id), oldest
 * first: for the recipient's export of their data. Ids, versions and dates only.
 */
export async function listRecipientConsents(db: Executor, documentId: number): Promise<Consent[]> {
  return (await listAcceptancesOfDocument(db, documentId)).map(consentOf);
}

/** Every terms acceptance of the logged-in user, oldest first (their consent export). */
export async function listMyConsents(
  ctx: AppContext,
  user: UserActor,
): Promise<{ userId: string; exportedAt: string; consents: Consent[] }> {
  return {
    userId: user.userPublicId,
    exportedAt: ctx.now().toISOString(),
    consents: (await listAcceptancesOfUser(ctx.db, user.userId)).map(consentOf),
  };
}
