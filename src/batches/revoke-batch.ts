import type { Actor } from '../accounts/actor.js';
import type { AppContext } from '../context.js';
import { documentIdsOfBatch } from '../db/repositories/batch.repository.js';
import { MAX_DOCUMENTS_PER_REVOCATION, revokeDocuments } from '../documents/issuer-documents.js';
import { requireBatch } from './batch-access.js';

/**
 * Revokes every document a batch issued (issue 14, "revoke by batch"), with one reason, through
 * the bulk revocation (one transaction per 1,000 documents, one audit event per document). Needs
 * the "revoke" permission. Documents already revoked are listed apart.
 */
export async function revokeBatch(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; batchId: string; reason: unknown; code?: unknown },
): Promise<{ revoked: string[]; alreadyRevoked: string[]; notFound: string[] }> {
  const { batch } = await requireBatch(ctx, actor, input, 'revoke');
  const ids = await documentIdsOfBatch(ctx.db, batch.id);
  const result = {
    revoked: [] as string[],
    alreadyRevoked: [] as string[],
    notFound: [] as string[],
  };
  for (let start = 0; start < ids.length; start += MAX_DOCUMENTS_PER_REVOCATION) {
    const part = await revokeDocuments(ctx, actor, {
      organisationId: input.organisationId,
      documentIds: ids.slice(start, start + MAX_DOCUMENTS_PER_REVOCATION),
      reason: input.reason,
      ...(input.code === undefined ? {} : { code: input.code }),
    });
    result.revoked.push(...part.revoked);
    result.alreadyRevoked.push(...part.alreadyRevoked);
    result.notFound.push(...part.notFound);
  }
  return result;
}
