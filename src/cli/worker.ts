import { anchoringOverview, type AnchoringOverview } from '../anchoring/anchoring-overview.js';
import { createAnchorWorker } from '../anchoring/anchor-worker.js';
import { loadConfig } from '../config.js';
import { JOB_HANDLERS } from '../jobs/job-handlers.js';
import { createJobRunner } from '../jobs/job-runner.js';
import { jobsStatusLines } from '../jobs/list-jobs.js';
import { createLogger } from '../logging.js';
import { openPlatform } from '../platform.js';
import type { Command } from './command.js';
import { parseOptions } from './command.js';
import { EXIT } from './exit-codes.js';

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The overview as lines a person reads. */
export function formatOverview(overview: AnchoringOverview): string {
  const lines = [
    `Queued digests: ${overview.queuedDigests}${overview.oldestQueuedAt === null ? '' : ` (oldest since ${overview.oldestQueuedAt})`}`,
    `Batches: ${overview.batches.queued} queued, ${overview.batches.pending} pending, ${overview.batches.anchored} anchored`,
  ];
  for (const batch of overview.recentBatches) {
    const block = batch.bitcoinHeight === null ? '' : ` in block ${batch.bitcoinHeight}`;
    lines.push(
      '',
      `Batch ${batch.id}: ${batch.status}${block}, ${batch.leafCount} digests, made ${batch.createdAt}`,
    );
    for (const submission of batch.submissions) {
      const failure =
        submission.lastError === null
          ? ''
          : ` — ${submission.lastError} (${submission.attempts} attempts), next try ${submission.nextAttemptAt ?? '?'}`;
      lines.push(`  ${submission.backend}: ${submission.status}${failure}`);
    }
  }
  return lines.join('\n');
}

export const workerCommand: Command = {
  name: 'worker',
  summary: 'Run durable jobs and the anchoring worker on their own (outside certa serve)',
  usage: `certa worker [--once] [--status]

Runs a runner of durable jobs (webhook deliveries, reminders…: claimed with leases, so several
\`certa worker\` processes may share a PostgreSQL database; a killed worker's jobs are taken again
once their lease expires) and the anchoring worker with the configuration from the environment (ANCHOR_*, BITCOIN_*,
DATABASE_URL; see the README): every ANCHOR_INTERVAL_SECONDS (or sooner once ANCHOR_BATCH_MAX
digests wait) the queued digests become one Merkle tree whose root goes to the backends; pending
proofs are upgraded every ANCHOR_UPGRADE_INTERVAL_SECONDS. Only one worker anchors at a time
(PostgreSQL advisory lock, SQLite lease), so running several is safe. Stops cleanly on Ctrl-C
(SIGINT) or SIGTERM. \`certa serve\` runs the same worker in-process unless ANCHOR_WORKER=separate.

  --once     run the due jobs and one anchoring round (batch what is due, one step per due
             submission), print it, exit
  --status   print the jobs by state (failed ones with their reason), the anchoring queue, the
             latest batches and each backend's state, exit`,
  async run(args, io) {
    const { values } = parseOptions(args, {
      once: { type: 'boolean' },
      status: { type: 'boolean' },
    });
    if (values.help === true) {
      io.out(this.usage);
      return EXIT.OK;
    }
    const config = loadConfig(io.env);
    const logger = createLogger(config.logLevel);
    const platform = await openPlatform(config);
    try {
      if (values.status === true) {
        io.out((await jobsStatusLines(platform.ctx)).join('\n'));
        io.out(formatOverview(await anchoringOverview(platform.ctx, { kind: 'host' })));
        return EXIT.OK;
      }
      const jobs = createJobRunner(platform.ctx, {
        handlers: JOB_HANDLERS,
        concurrency: config.jobs.concurrency,
        logger: logger.child({ component: 'jobs' }),
      });
      const worker =
        config.anchoring.backends.length === 0
          ? null
          : createAnchorWorker(platform.ctx, config, {
              logger: logger.child({ component: 'anchoring' }),
            });
      if (values.once === true) {
        const tries = await jobs.drain();
        io.out(`Jobs: ${count(tries, 'try', 'tries')} run.`);
        if (worker === null) io.out('Anchoring is off (ANCHOR_BACKENDS=none).');
        else {
          const summary = await worker.tick();
          await worker.stop();
          io.out(
            summary.leader
              ? `Anchoring round done: ${count(summary.batchesCreated, 'batch', 'batches')} made, ${count(summary.steps, 'step', 'steps')}, ${count(summary.failures, 'failure', 'failures')} (retried later).`
              : 'Another anchoring worker holds the lock; nothing done.',
          );
        }
        return EXIT.OK;
      }
      jobs.start();
      worker?.start();
      io.out(
        worker === null
          ? 'Job runner running (anchoring is off: ANCHOR_BACKENDS=none); stop it with Ctrl-C.'
          : `Job runner and anchoring worker running (${config.anchoring.backends.join(', ')}); stop them with Ctrl-C.`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      io.out('Stopping…');
      await jobs.stop();
      await worker?.stop();
      return EXIT.OK;
    } finally {
      await platform.close();
    }
  },
};
