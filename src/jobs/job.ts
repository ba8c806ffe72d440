import type { AppContext } from '../context.js';
import type { JobStateColumn } from '../db/tables/jobs.table.js';

/**
 * A durable job's states: `queued` (waiting for its `runAfter`), `running` (a runner holds its
 * lease), `succeeded`, `failed` (tried `maxAttempts` times, or its kind has no handler; `lastError`
 * says why). A failed try of a job with tries left goes back to `queued` with a backoff.
 */
export type JobState = JobStateColumn;

export const JOB_STATES: readonly JobState[] = ['queued', 'running', 'succeeded', 'failed'];

/** What a payload may hold: ids, numbers, flags. Never personal data or secrets. */
export type JobPayload = Readonly<Record<string, string | number | boolean | null>>;

/** A job as its handler gets it, once a runner has claimed it. */
export interface ClaimedJob {
  readonly id: number;
  readonly kind: string;
  readonly payload: JobPayload;
  readonly organisationId: number | null;
  /** This try's number, from 1. */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** Aborted when the runner stops or loses the lease; long handlers should check it. */
  readonly signal: AbortSignal;
}

/**
 * Does the work of one job. Resolving marks it succeeded; throwing retries it (backoff with
 * jitter) until `maxAttempts`, then marks it failed with a reason taken from the error: an
 * AppError's code and message (safe by construction), else the error's name only. Handlers must
 * be idempotent: a runner that dies after the work and before the mark makes the job run again.
 */
export type JobHandler = (ctx: AppContext, job: ClaimedJob) => Promise<void>;

/** A job as the API and `certa worker --status` show it. */
export interface JobSummary {
  readonly id: number;
  readonly kind: string;
  readonly state: JobState;
  readonly organisationId: number | null;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly runAfter: string;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly finishedAt: string | null;
}
