import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { AppContext } from '../context.js';
import { randomPublicId } from '../crypto/random.js';
import type { Db } from '../db/database.js';
import {
  findDueSubmissions,
  findQueuedBatchIds,
  insertSubmissions,
} from '../db/repositories/anchoring.repository.js';
import type { BlockHeaderSource } from '../../verifier/index.js';
import { advanceSubmission, type StepOutcome } from './advance-submission.js';
import { createAnchorLock, type AnchorLock } from './anchor-lock.js';
import type { AnchorBackend } from './backends/anchor-backend.js';
import { createAnchorBackends } from './backends/create-backends.js';
import { batchQueuedDigests } from './batch-queued-digests.js';
import { refreshBatch } from './refresh-batch.js';

/** Submissions handled per tick at most (the rest wait for the next tick). */
const STEPS_PER_TICK = 500;

/** The longest pause between two ticks of the loop. */
const MAX_POLL_MS = 5_000;
/**
 * How long a calendar still pending is asked for its upgrade after another backend anchored the
 * batch: calendars confirm within hours; three days covers a slow one, then it is left pending.
 */
export const KEEP_UPGRADING_MS = 3 * 24 * 3600 * 1000;

/** The timing rules of anchoring (from `AnchoringConfig`). */
export interface AnchorWorkerSettings {
  readonly intervalSeconds: number;
  readonly batchMax: number;
  readonly upgradeIntervalSeconds: number;
  readonly minCalendars: number;
}

export interface AnchorWorkerOptions {
  readonly backends: readonly AnchorBackend[];
  readonly lock: AnchorLock;
  readonly settings: AnchorWorkerSettings;
  /** Checks (and dates) every Bitcoin attestation before a submission counts as complete. */
  readonly headers: BlockHeaderSource;
  readonly now: () => Date;
  readonly logger?: Logger;
  /** Jitter source for backoff (tests pass a fixed one). */
  readonly random?: () => number;
}

/** What one tick did. */
export interface TickSummary {
  /** False when another worker holds the lock: this one did nothing. */
  leader: boolean;
  batchesCreated: number;
  /** Submission steps that went through (prepare, submit, upgrade with news). */
  steps: number;
  /** Steps that failed and were scheduled again with backoff. */
  failures: number;
}

/**
 * The anchoring worker: each tick, if it holds the lock, it turns due queued digests into
 * batches and moves every due submission one step on (DESIGN §2, §6). The tick is safe to call at
 * any time and from any state — everything it does is decided from the database — so a crash
 * anywhere resumes on the next tick of any worker. `start()` ticks on a timer; tests call
 * `tick()` directly.
 */
export class AnchorWorker {
  private readonly backends: Map<string, AnchorBackend>;
  private running: Promise<TickSummary> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private reportedMissing = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly options: AnchorWorkerOptions,
  ) {
    this.backends = new Map(options.backends.map((backend) => [backend.name, backend]));
  }

  /** Runs one tick (or joins the one running). Never throws for a backend's failure. */
  tick(): Promise<TickSummary> {
    this.running ??= this.tickOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Ticks every few seconds until {@link AnchorWorker.stop}; errors are logged, not thrown. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const { intervalSeconds, upgradeIntervalSeconds } = this.options.settings;
    const pollMs = Math.min(MAX_POLL_MS, intervalSeconds * 1000, upgradeIntervalSeconds * 1000);
    const loop = async (): Promise<void> => {
      try {
        await this.tick();
      } catch (error) {
        this.options.logger?.error(
          { err: error instanceof Error ? error.message : String(error) },
          'anchoring tick failed; trying again',
        );
      }
      if (!this.stopped) this.timer = setTimeout(() => void loop(), pollMs);
    };
    void loop();
  }

  /** Stops the loop, waits for the running tick and gives the lock up. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
    await this.options.lock.release();
  }

  private async tickOnce(): Promise<TickSummary> {
    const summary: TickSummary = { leader: false, batchesCreated: 0, steps: 0, failures: 0 };
    const { lock, settings, logger, now } = this.options;
    if (!(await lock.acquire())) return summary;
    summary.leader = true;
    const backendNames = [...this.backends.keys()];

    // A backend added to the configuration joins the batches still waiting for a quorum.
    for (const batch of await findQueuedBatchIds(this.db)) {
      await insertSubmissions(this.db, batch.id, backendNames, now().toISOString());
    }

    for (;;) {
      const batch = await batchQueuedDigests(
        this.db,
        { intervalSeconds: settings.intervalSeconds, batchMax: settings.batchMax, backendNames },
        now(),
      );
      if (batch === null) break;
      summary.batchesCreated += 1;
      logger?.info({ batchId: batch.publicId, leaves: batch.leafCount }, 'anchoring batch made');
      if (!(await lock.acquire())) return summary;
    }

    const due = await findDueSubmissions(
      this.db,
      now().toISOString(),
      STEPS_PER_TICK,
      new Date(now().getTime() - KEEP_UPGRADING_MS).toISOString(),
    );
    for (const row of due) {
      const backend = this.backends.get(row.backend);
      if (backend === undefined) {
        if (!this.reportedMissing.has(row.backend)) {
          this.reportedMissing.add(row.backend);
          logger?.warn(
            { batchId: row.batchPublicId, backend: row.backend },
            'a batch waits on a backend that is no longer configured',
          );
        }
        continue;
      }
      if (!(await lock.acquire())) break;
      const outcomes = await advanceSubmission(this.db, backend, row, {
        upgradeIntervalSeconds: settings.upgradeIntervalSeconds,
        headers: this.options.headers,
        now,
        ...(this.options.random === undefined ? {} : { random: this.options.random }),
      });
      this.count(summary, outcomes);
      if (outcomes.includes('failed')) {
        logger?.warn(
          { batchId: row.batchPublicId, backend: row.backend, attempt: row.attempts + 1 },
          'anchoring step failed; retrying with backoff',
        );
      }
      const status = await refreshBatch(this.db, row.batchId, settings.minCalendars, now());
      if (outcomes.some((outcome) => outcome !== 'unchanged' && outcome !== 'failed')) {
        logger?.info(
          { batchId: row.batchPublicId, backend: row.backend, outcomes, batchStatus: status },
          'anchoring step done',
        );
      }
    }
    return summary;
  }

  private count(summary: TickSummary, outcomes: readonly StepOutcome[]): void {
    for (const outcome of outcomes) {
      if (outcome === 'failed') summary.failures += 1;
      else if (outcome !== 'unchanged' && outcome !== 'stale') summary.steps += 1;
    }
  }
}

/** A unique owner id for the SQLite lease: host, process and a random part (no personal data). */
export function workerOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomPublicId().slice(0, 8)}`;
}

/**
 * The worker a configuration describes: its backends (calendars, own node), the lock that fits
 * the database, the platform's header source and clock. Null when `ANCHOR_BACKENDS=none`.
 */
export function createAnchorWorker(
  ctx: AppContext,
  config: Pick<Config, 'anchoring' | 'database'>,
  options: { logger?: Logger; timeoutMs?: number; backends?: readonly AnchorBackend[] } = {},
): AnchorWorker | null {
  const backends =
    options.backends ??
    createAnchorBackends(config.anchoring, ctx.bitcoinHeaders, {
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
  if (backends.length === 0) return null;
  return new AnchorWorker(ctx.db, {
    backends,
    lock: createAnchorLock(ctx.db, config.database, workerOwnerId(), ctx.now),
    settings: config.anchoring,
    headers: ctx.bitcoinHeaders,
    now: ctx.now,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
}
