import type { AppContext } from '../context.js';
import {
  countBatchItems,
  deleteBatchUpload,
  findBatchById,
  hasBatchUpload,
  updateBatch,
} from '../db/repositories/batch.repository.js';
import type { ShortReasonColumn } from '../db/tables/batches.table.js';

/**
 * Marks a batch whose run went through every row and handed every message over as finished,
 * and deletes its sealed upload, in one transaction. When valid rows were left unissued it
 * records why (batch.ts, `LeftOverReason`): the reason an erasure already recorded
 * (`upload_erased`), else `upload_missing` when the upload was gone before the run read it, else
 * `skipped_at_run` (the run read the whole file and skipped them). A batch with nothing left
 * loses any reason: a run that still held the file in memory when the upload was erased finished
 * it whole.
 */
export async function finishBatch(ctx: AppContext, batchId: number, now: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const batch = await findBatchById(trx, batchId);
    if (batch === undefined) return;
    const items = await countBatchItems(trx, batchId);
    const issued = Object.values(items).reduce((sum, count) => sum + count, 0);
    let shortReason: ShortReasonColumn | null = null;
    if (issued < batch.validRows)
      shortReason =
        batch.shortReason ??
        ((await hasBatchUpload(trx, batchId)) ? 'skipped_at_run' : 'upload_missing');
    await updateBatch(trx, batchId, {
      state: 'finished',
      runnerId: null,
      runnerExpiresAt: null,
      shortReason,
      finishedAt: now,
      updatedAt: now,
    });
    await deleteBatchUpload(trx, batchId);
  });
}
