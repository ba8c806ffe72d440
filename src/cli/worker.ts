import { anchoringOverview, type AnchoringOverview } from '../anchoring/anchoring-overview.js';
import { createAnchorWorker } from '../anchoring/anchor-worker.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logging.js';
import { openPlatform } from '../platform.js';
import type { Command } from './command.js';
import { parseOptions, UsageError } from './command.js';
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
  summary: 'Run the anchoring worker on its own (batches digests, anchors them on Bitcoin)',
  usage: `certa worker [--once] [--status]

Runs the anchoring worker with the configuration from the environment (ANCHOR_*, BITCOIN_*,
DATABASE_URL; see the README): every ANCHOR_INTERVAL_SECONDS (or sooner once ANCHOR_BATCH_MAX
digests wait) the queued digests become one Merkle tree whose root goes to the backends; pending
proofs are upgraded every ANCHOR_UPGRADE_INTERVAL_SECONDS. Only one worker anchors at a time
(PostgreSQL advisory lock, SQLite lease), so running several is safe. Stops cleanly on Ctrl-C
(SIGINT) or SIGTERM. \`certa serve\` runs the same worker in-process unless ANCHOR_WORKER=separate.

  --once     do one round (batch what is due, one step per due submission), print it, exit
  --status   print the queue, the latest batches and each backend's state, exit`,
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
    if (values.status !== true && config.anchoring.backends.length === 0) {
      throw new UsageError('ANCHOR_BACKENDS is none, so there is nothing for certa worker to do.');
    }
    const logger = createLogger(config.logLevel);
    const platform = await openPlatform(config);
    try {
      if (values.status === true) {
        io.out(formatOverview(await anchoringOverview(platform.ctx, { kind: 'host' })));
        return EXIT.OK;
      }
      const worker = createAnchorWorker(platform.ctx, config, {
        logger: logger.child({ component: 'anchoring' }),
      });
      if (worker === null) throw new UsageError('No anchoring backend is configured.');
      if (values.once === true) {
        const summary = await worker.tick();
        await worker.stop();
        io.out(
          summary.leader
            ? `Anchoring round done: ${count(summary.batchesCreated, 'batch', 'batches')} made, ${count(summary.steps, 'step', 'steps')}, ${count(summary.failures, 'failure', 'failures')} (retried later).`
            : 'Another anchoring worker holds the lock; nothing done.',
        );
        return EXIT.OK;
      }
      worker.start();
      io.out(
        `Anchoring worker running (${config.anchoring.backends.join(', ')}); stop it with Ctrl-C.`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      io.out('Stopping…');
      await worker.stop();
      return EXIT.OK;
    } finally {
      await platform.close();
    }
  },
};
