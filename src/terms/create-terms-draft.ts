import type { Actor } from '../accounts/actor.js';
import { requirePlatformAdmin } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import { findTermsVersionById, insertTermsVersion } from '../db/repositories/terms.repository.js';
import { AppError } from '../errors.js';
import { checkEffectiveFrom, checkTermsContent, TERMS_ACTIONS, termsVersionOf } from './terms.js';
import type { TermsKind, TermsVersion } from './terms.js';

/**
 * A platform admin starts a new version of the recipient or issuer terms as a draft: English and
 * French text, a label, and optionally the date it should apply from. Nothing changes for anyone
 * until it is published (publish-terms.ts).
 */
export async function createTermsDraft(
  ctx: AppContext,
  actor: Actor | null,
  input: {
    kind: TermsKind;
    label: string;
    bodyEn: string;
    bodyFr: string;
    effectiveFrom?: string | null;
  },
): Promise<TermsVersion> {
  const admin = requirePlatformAdmin(actor);
  const content = checkTermsContent(input);
  const effectiveFrom = checkEffectiveFrom(input.effectiveFrom);
  const now = ctx.now().toISOString();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const created = await insertTermsVersion(trx, {
      kind: input.kind,
      ...content,
      status: 'draft',
      effectiveFrom,
      createdAt: now,
      updatedAt: now,
      createdByUserId: admin.userId,
      publishedAt: null,
      publishedByUserId: null,
      effectiveAt: null,
    });
    await insertAuditEvent(trx, {
      occurredAt: now,
      actorType: 'user',
      actorId: admin.userPublicId,
      action: TERMS_ACTIONS.draftCreated,
      organisationId: null,
      targetId: String(created),
      detail: JSON.stringify({ kind: input.kind }),
    });
    return created;
  });
  const row = await findTermsVersionById(ctx.db, id);
  if (row === undefined) throw new AppError('INTERNAL', 'The new terms draft was not stored.');
  return termsVersionOf(row);
}
