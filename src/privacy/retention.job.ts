import type { JobHandler } from '../jobs/job.js';
import { ensureRetentionJob, runRetention } from './retention.js';

/**
 * `retention.run` {}: queues the next daily run, then applies every issuer's retention rules
 * (src/privacy/retention.ts). The next run is queued first so that a run that fails — retried,
 * then left `failed` with its reason for `certa worker --status` and the console's jobs view —
 * never ends the daily schedule. Idempotent: erased documents are not matched again, and a retry
 * finds tomorrow's run queued already.
 */
export const retentionRunJob: JobHandler = async (ctx, job) => {
  await ensureRetentionJob(ctx.db, ctx.now(), job.id);
  await runRetention(ctx);
};
