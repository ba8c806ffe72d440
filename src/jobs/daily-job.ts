import type { Executor } from '../db/database.js';
import { findWaitingJob } from '../db/repositories/job.repository.js';
import { enqueueJob } from './enqueue-job.js';

/** The next run of a daily job after `now`: `hourUtc`:00 today, or tomorrow once it has passed. */
export function nextDailyRun(now: Date, hourUtc: number): Date {
  const next = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc),
  );
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

/**
 * Queues the next run of a daily job (payload `{}`) unless one of its kind is already waiting or
 * running — other than `currentJobId`, the run that is queueing its successor before it works,
 * so that a run failing all its tries never ends the schedule.
 */
export async function ensureDailyJob(
  db: Executor,
  spec: { kind: string; hourUtc: number; now: Date; currentJobId?: number | null },
): Promise<void> {
  if ((await findWaitingJob(db, spec.kind, spec.currentJobId ?? null)) !== undefined) return;
  await enqueueJob(db, {
    kind: spec.kind,
    payload: {},
    runAfter: nextDailyRun(spec.now, spec.hourUtc),
    maxAttempts: 3,
    now: spec.now,
  });
}
