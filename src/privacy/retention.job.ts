import type { JobHandler } from '../jobs/job.js';
import { ensureRetentionJob, runRetention } from './retention.js';

/**
 * `retention.run` {}: applies every issuer's retention rules (src/privacy/retention.ts), then
 * queues the next daily run. Idempotent: erased documents are not matched again.
 */
export const retentionRunJob: JobHandler = async (ctx, job) => {
  await runRetention(ctx);
  await ensureRetentionJob(ctx.db, ctx.now(), job.id);
};
