import type { Generated, Selectable } from 'kysely';

/** Where a durable job is in its life (src/jobs/job.ts says what each state means). */
export type JobStateColumn = 'queued' | 'running' | 'succeeded' | 'failed';

/**
 * Durable jobs (src/jobs/): enqueued inside the transaction of the state change that needs them,
 * claimed with a lease, retried with backoff. The payload holds ids only.
 */
export interface JobsTable {
  id: Generated<number>;
  /** Which handler runs it (a key of JOB_HANDLERS), e.g. `webhook.deliver`. */
  kind: string;
  /** JSON object of ids and flags; never personal data or secrets. */
  payload: string;
  /** The organisation it works for, when there is one (listing, clean-up). */
  organisationId: number | null;
  state: JobStateColumn;
  /** Tries started so far (a claim counts as a try). */
  attempts: Generated<number>;
  maxAttempts: number;
  /** Not to be claimed before this (enqueue time, or the backoff after a failure). */
  runAfter: string;
  /** The runner holding it while `running`, and until when; an expired lease may be re-claimed. */
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  /** Why the last try failed: an error code and a safe sentence, never personal data. */
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export type JobRow = Selectable<JobsTable>;
