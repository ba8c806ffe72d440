import os from 'node:os';
import type { Logger } from 'pino';
import type { AppContext } from '../context.js';
import {
  claimNextJob,
  finishJobAttempt,
  renewJobLease,
} from '../db/repositories/job.repository.js';
import type { JobRow } from '../db/tables/jobs.table.js';
import { isAppError } from '../errors.js';
import { randomPublicId } from '../crypto/random.js';
import type { ClaimedJob, JobHandler, JobPayload } from './job.js';

/** First wait after a failed try. */
export const JOB_RETRY_BASE_MS = 5_000;
/** Longest wait between two tries. */
export const JOB_RETRY_MAX_MS = 60 * 60_000;

/**
 * Wait before the try after `attempts` failed ones: exponential (5 s, 10 s, 20 s … capped at 1 h)
 * with "equal jitter" (half fixed, half random) so that jobs failing together do not come back in
 * lockstep.
 */
export function jobRetryDelayMs(attempts: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  const nominal = Math.min(JOB_RETRY_MAX_MS, JOB_RETRY_BASE_MS * 2 ** exponent);
  return Math.round(nominal / 2 + random() * (nominal / 2));
}

/**
 * The reason stored with a failed try: an AppError's code and message (safe by construction,
 * src/errors.ts) or, for any other error, its name and a code if it has one — never its message,
 * which may quote an address or a reply that holds personal data.
 */
export function failureReason(error: unknown): string {
  if (isAppError(error)) return `${error.code}: ${error.message}`.slice(0, 500);
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' || typeof code === 'number'
      ? `${error.name} (${String(code)})`.slice(0, 200)
      : error.name.slice(0, 200);
  }
  return 'non-error thrown';
}

export interface JobRunnerOptions {
  /** Kinds this runner runs (JOB_HANDLERS in production). */
  readonly handlers: Readonly<Record<string, JobHandler>>;
  /** Jobs run at once by this runner. */
  readonly concurrency?: number;
  /** How often to look for due jobs when idle. */
  readonly pollIntervalMs?: number;
  /** How long a claim lasts without a heartbeat; a dead runner's jobs are taken after it. */
  readonly leaseMs?: number;
  readonly logger?: Logger;
  /** Unique per runner; host, process id and a random part by default. */
  readonly owner?: string;
  readonly random?: () => number;
}

export interface JobRunner {
  /** This runner's name in `lease_owner`. */
  readonly owner: string;
  /** Starts polling (returns at once). */
  start(): void;
  /** Looks for due jobs now rather than at the next poll (e.g. right after an enqueue). */
  wake(): void;
  /** Runs due jobs until none is left; resolves with how many tries ran. For tests and `--once`. */
  drain(): Promise<number>;
  /** Stops claiming, aborts the running handlers' signals and waits for them to settle. */
  stop(): Promise<void>;
}

function parsePayload(row: JobRow): JobPayload {
  const parsed: unknown = JSON.parse(row.payload);
  return typeof parsed === 'object' && parsed !== null ? (parsed as JobPayload) : {};
}

/**
 * A runner of durable jobs (DESIGN §5 "Durable jobs"): claims due jobs with a lease, renews the
 * lease while the handler runs (every third of it), and records the outcome. Several runners may
 * share a database — `certa serve` embeds one, each `certa worker` is another — because a claim is
 * one statement (`FOR UPDATE SKIP LOCKED` on PostgreSQL). A runner that dies leaves its jobs
 * `running` until their lease expires; the next claim takes them again, as another try.
 */
export function createJobRunner(ctx: AppContext, options: JobRunnerOptions): JobRunner {
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const random = options.random ?? Math.random;
  const owner = options.owner ?? `${os.hostname()}:${process.pid}:${randomPublicId().slice(0, 8)}`;
  const kinds = Object.keys(options.handlers);
  const logger = options.logger;
  const running = new Set<Promise<void>>();
  const controllers = new Set<AbortController>();
  let stopped = true;
  let timer: NodeJS.Timeout | null = null;
  let filling = false;
  let claimedCount = 0;

  const at = (offsetMs: number) => new Date(ctx.now().getTime() + offsetMs).toISOString();

  async function runClaimed(row: JobRow): Promise<void> {
    const controller = new AbortController();
    controllers.add(controller);
    const heartbeat = setInterval(
      () => {
        renewJobLease(ctx.db, {
          id: row.id,
          owner,
          now: at(0),
          leaseExpiresAt: at(leaseMs),
        }).then(
          (held) => {
            if (!held) controller.abort(new Error('lease lost'));
          },
          () => undefined,
        );
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    heartbeat.unref();
    const handler = options.handlers[row.kind];
    try {
      if (row.attempts > row.maxAttempts) {
        await finishJobAttempt(ctx.db, {
          id: row.id,
          owner,
          state: 'failed',
          lastError: row.lastError ?? 'Its runner stopped before finishing, too many times.',
          now: at(0),
        });
        return;
      }
      if (handler === undefined) throw new Error('no handler');
      const job: ClaimedJob = {
        id: row.id,
        kind: row.kind,
        payload: parsePayload(row),
        organisationId: row.organisationId,
        attempt: row.attempts,
        maxAttempts: row.maxAttempts,
        signal: controller.signal,
      };
      await handler(ctx, job);
      await finishJobAttempt(ctx.db, {
        id: row.id,
        owner,
        state: 'succeeded',
        lastError: null,
        now: at(0),
      });
    } catch (error) {
      const reason = failureReason(error);
      const last = row.attempts >= row.maxAttempts;
      logger?.warn(
        { job: { id: row.id, kind: row.kind, attempt: row.attempts }, reason },
        last ? 'job failed for good' : 'job failed, will retry',
      );
      await finishJobAttempt(ctx.db, {
        id: row.id,
        owner,
        state: last ? 'failed' : 'queued',
        lastError: reason,
        runAfter: last ? undefined : at(jobRetryDelayMs(row.attempts, random)),
        now: at(0),
      }).catch((finishError: unknown) =>
        logger?.error(
          { job: { id: row.id }, reason: failureReason(finishError) },
          'could not record a job outcome; its lease will expire and it will run again',
        ),
      );
    } finally {
      clearInterval(heartbeat);
      controllers.delete(controller);
    }
  }

  /** Claims and starts jobs until the slots are full or nothing is due; true if it claimed any. */
  async function fill(): Promise<boolean> {
    if (filling) return false;
    filling = true;
    let claimed = false;
    try {
      while (!stopped && running.size < concurrency) {
        const row = await claimNextJob(ctx.db, {
          owner,
          now: at(0),
          leaseExpiresAt: at(leaseMs),
          kinds,
        });
        if (row === undefined) break;
        claimed = true;
        claimedCount += 1;
        const task = runClaimed(row).finally(() => {
          running.delete(task);
          if (!stopped) schedule(0);
        });
        running.add(task);
      }
    } catch (error) {
      logger?.warn({ reason: failureReason(error) }, 'could not claim jobs; trying again later');
    } finally {
      filling = false;
    }
    return claimed;
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void fill().then(() => {
        if (timer === null) schedule(pollIntervalMs);
      });
    }, delayMs);
    timer.unref();
  }

  return {
    owner,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    wake() {
      schedule(0);
    },
    async drain() {
      const wasStopped = stopped;
      stopped = false;
      const before = claimedCount;
      try {
        for (;;) {
          const claimed = await fill();
          if (!claimed && running.size === 0) break;
          if (running.size > 0) await Promise.race(running);
        }
      } finally {
        if (wasStopped) stopped = true;
      }
      return claimedCount - before;
    },
    async stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      for (const controller of controllers) controller.abort(new Error('runner stopping'));
      await Promise.allSettled([...running]);
    },
  };
}
