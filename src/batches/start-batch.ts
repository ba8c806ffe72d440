import os from 'node:os';
import type { Actor } from '../accounts/actor.js';
import { requireActor } from '../accounts/authorize.js';
import { unlockedOrganisationKeys } from '../accounts/unlock-organisation.js';
import type { AppContext } from '../context.js';
import { randomPublicId } from '../crypto/random.js';
import { claimBatchRun, findBatchById, updateBatch } from '../db/repositories/batch.repository.js';
import { AppError } from '../errors.js';
import type { BatchSummary } from './batch.js';
import { requireApproved, requireBatch } from './batch-access.js';
import { summariseBatch } from './batch-views.js';
import type { SpreadsheetLimits } from './read-spreadsheet.js';
import { batchRunLeaseMs, startBatchRun } from './run-batch.js';

/** What starts a run: the first confirmation, a resume, or "re-send the undelivered". */
export type BatchStart =
  | { readonly kind: 'confirm'; readonly mode: 'all' | 'valid_only' }
  | { readonly kind: 'resume' }
  | { readonly kind: 'resend'; readonly includeRejected: boolean };

/**
 * Starts (or resumes) a batch's run in this process, in the background once this returns
 * (DESIGN §5 "Batches"). Needs the "issue" permission AND the organisation unlocked in this
 * session (UNLOCK_REQUIRED otherwise, so never an API key): the sealed upload and the documents
 * whose link was lost open only with the organisation key. `confirm` is allowed once, from
 * `validated`; mode `all` is refused while rows are invalid (CONFLICT with details.invalidRows).
 * `resume` and `resend` are allowed from `interrupted` and `finished` (re-send), or from a
 * `running` batch whose process stopped heart-beating (it died). A batch running here is a
 * CONFLICT. Returns the batch as it is now (`running`).
 */
export async function startBatch(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; batchId: string },
  start: BatchStart,
  options: {
    limits: SpreadsheetLimits;
    logger?: { error(details: object, message: string): void };
  },
): Promise<BatchSummary> {
  const present = requireActor(actor);
  const { organisation, batch } = await requireBatch(ctx, present, input, 'issue');
  requireApproved(organisation);
  if (start.kind === 'confirm' && batch.state !== 'validated')
    throw new AppError('CONFLICT', 'This batch was already confirmed.', {
      details: { state: batch.state },
    });
  if (start.kind !== 'confirm' && batch.state === 'validated')
    throw new AppError('CONFLICT', 'This batch is not confirmed yet: confirm it first.', {
      details: { state: batch.state },
    });
  if (batch.state === 'cancelled')
    throw new AppError('CONFLICT', 'This batch was cancelled.', {
      details: { state: batch.state },
    });
  if (start.kind === 'resume' && batch.state === 'finished')
    throw new AppError('CONFLICT', 'This batch is finished: nothing is left to issue or deliver.', {
      details: { state: batch.state },
    });
  if (start.kind === 'confirm' && start.mode === 'all' && batch.invalidRows > 0)
    throw new AppError(
      'CONFLICT',
      `${batch.invalidRows} rows are invalid: correct the file and upload it again, or issue the valid rows only.`,
      { details: { invalidRows: batch.invalidRows } },
    );
  const keys = unlockedOrganisationKeys(ctx, present, organisation);
  if (keys === null)
    throw new AppError(
      'UNLOCK_REQUIRED',
      'Enter your password again to unlock the organisation key: only it opens the uploaded file and re-keys documents whose link was lost.',
    );
  const now = ctx.now();
  const runnerId = `${os.hostname()}:${process.pid}:${randomPublicId().slice(0, 8)}`;
  const claimed = await ctx.db.transaction().execute(async (trx) => {
    const taken = await claimBatchRun(trx, {
      id: batch.id,
      runnerId,
      now: now.toISOString(),
      expiresAt: new Date(now.getTime() + batchRunLeaseMs(ctx)).toISOString(),
    });
    if (!taken) return false;
    if (start.kind === 'confirm')
      await updateBatch(trx, batch.id, { mode: start.mode, confirmedAt: now.toISOString() });
    if (batch.state === 'finished') await updateBatch(trx, batch.id, { finishedAt: null });
    return true;
  });
  if (!claimed)
    throw new AppError('CONFLICT', 'This batch is running already.', {
      details: { state: 'running' },
    });
  const current = await findBatchById(ctx.db, batch.id);
  if (current === undefined) throw new AppError('NOT_FOUND', 'There is no such batch.');
  void startBatchRun(ctx, {
    organisation,
    batch: current,
    keys,
    actor: present,
    runnerId,
    includeRejected: start.kind === 'resend' && start.includeRejected,
    limits: options.limits,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  return summariseBatch(ctx, current);
}
