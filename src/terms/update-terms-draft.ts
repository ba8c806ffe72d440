import type { Actor } from '../accounts/actor.js';
import { requirePlatformAdmin } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import {
  deleteTermsDraft,
  findTermsVersionById,
  updateTermsDraft,
} from '../db/repositories/terms.repository.js';
import { AppError } from '../errors.js';
import { checkEffectiveFrom, checkTermsContent, TERMS_ACTIONS, termsVersionOf } from './terms.js';
import type { TermsVersion } from './terms.js';

function published(id: number): AppError {
  return new AppError(
    'CONFLICT',
    'This terms version is published and can no longer change: create a new version instead.',
    { details: { version: id } },
  );
}

/** Edits a draft's label, texts or "effective from". Published versions are immutable (409). */
export async function updateTermsDraftVersion(
  ctx: AppContext,
  actor: Actor | null,
  id: number,
  input: { label: string; bodyEn: string; bodyFr: string; effectiveFrom?: string | null },
): Promise<TermsVersion> {
  const admin = requirePlatformAdmin(actor);
  const content = checkTermsContent(input);
  const effectiveFrom = checkEffectiveFrom(input.effectiveFrom);
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const row = await findTermsVersionById(trx, id);
    if (row === undefined) throw new AppError('NOT_FOUND', 'No terms version has this id.');
    if (!(await updateTermsDraft(trx, id, { ...content, effectiveFrom, updatedAt: now })))
      throw published(id);
    await insertAuditEvent(trx, {
      occurredAt: now,
      actorType: 'user',
      actorId: admin.userPublicId,
      action: TERMS_ACTIONS.draftUpdated,
      organisationId: null,
      targetId: String(id),
      detail: JSON.stringify({ kind: row.kind }),
    });
  });
  const after = await findTermsVersionById(ctx.db, id);
  if (after === undefined) throw new AppError('NOT_FOUND', 'No terms version has this id.');
  return termsVersionOf(after);
}

/** Deletes a draft nobody has seen. Published versions stay for ever (409). */
export async function deleteTermsDraftVersion(
  ctx: AppContext,
  actor: Actor | null,
  id: number,
): Promise<void> {
  const admin = requirePlatformAdmin(actor);
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const row = await findTermsVersionById(trx, id);
    if (row === undefined) throw new AppError('NOT_FOUND', 'No terms version has this id.');
    if (!(await deleteTermsDraft(trx, id))) throw published(id);
    await insertAuditEvent(trx, {
      occurredAt: now,
      actorType: 'user',
      actorId: admin.userPublicId,
      action: TERMS_ACTIONS.draftDeleted,
      organisationId: null,
      targetId: String(id),
      detail: JSON.stringify({ kind: row.kind }),
    });
  });
}
