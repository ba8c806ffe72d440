import type { Actor } from '../accounts/actor.js';
import { requirePlatformAdmin } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import { findTermsVersionById, markTermsPublished } from '../db/repositories/terms.repository.js';
import { AppError } from '../errors.js';
import { TERMS_ACTIONS, termsVersionOf } from './terms.js';
import type { TermsVersion } from './terms.js';

/**
 * Publishes a draft: from then on it never changes. It applies from its "effective from" date
 * when that is later, else at once. A new issuer version makes every issuer user accept it before
 * their next action in an organisation (issuer-terms-gate.ts); a new recipient version is the one
 * the activation page shows, and an activation naming an older one is refused (409).
 */
export async function publishTermsVersion(
  ctx: AppContext,
  actor: Actor | null,
  id: number,
): Promise<TermsVersion> {
  const admin = requirePlatformAdmin(actor);
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const row = await findTermsVersionById(trx, id);
    if (row === undefined) throw new AppError('NOT_FOUND', 'No terms version has this id.');
    const effectiveAt =
      row.effectiveFrom !== null && row.effectiveFrom > now ? row.effectiveFrom : now;
    const done = await markTermsPublished(trx, id, {
      publishedAt: now,
      publishedByUserId: admin.userId,
      effectiveAt,
    });
    if (!done)
      throw new AppError('CONFLICT', 'This terms version is already published.', {
        details: { version: id },
      });
    await insertAuditEvent(trx, {
      occurredAt: now,
      actorType: 'user',
      actorId: admin.userPublicId,
      action: TERMS_ACTIONS.published,
      organisationId: null,
      targetId: String(id),
      detail: JSON.stringify({ kind: row.kind, effectiveAt }),
    });
  });
  const after = await findTermsVersionById(ctx.db, id);
  if (after === undefined) throw new AppError('NOT_FOUND', 'No terms version has this id.');
  return termsVersionOf(after);
}
