import type { Actor } from '../accounts/actor.js';
import type { AppContext } from '../context.js';
import { deleteBatchUpload, updateBatch } from '../db/repositories/batch.repository.js';
import { AppError } from '../errors.js';
import type { BatchSummary } from './batch.js';
import { requireBatch } from './batch-access.js';
import { summariseBatch } from './batch-views.js';

/**
 * Cancels a batch for good: nothing more is issued (a run in progress stops at its next chunk,
 * its heartbeat finding the batch cancelled), documents already issued stay issued and may be
 * revoked by batch, and the sealed upload is deleted. A finished or cancelled batch is a CONFLICT.
 */
export async function cancelBatch(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; batchId: string },
): Promise<BatchSummary> {
  const { batch } = await requireBatch(ctx, actor, input, 'issue');
  const now = ctx.now().toISOString();
  const cancelled = await ctx.db.transaction().execute(async (trx) => {
    const changed = await updateBatch(
      trx,
      batch.id,
      {
        state: 'cancelled',
        runnerId: null,
        runnerExpiresAt: null,
        finishedAt: now,
        updatedAt: now,
      },
      ['validated', 'running', 'interrupted'],
    );
    if (changed) await deleteBatchUpload(trx, batch.id);
    return changed;
  });
  if (!cancelled)
    throw new AppError('CONFLICT', `This batch is ${batch.state} already.`, {
      details: { state: batch.state },
    });
  return summariseBatch(ctx, { ...batch, state: 'cancelled', finishedAt: now });
}
