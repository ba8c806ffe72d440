import fs from 'node:fs';
import path from 'node:path';
import { buildApp } from '../app.js';
import { hasPlatformAdmin } from '../accounts/create-platform-admin.js';
import { createAnchorWorker } from '../anchoring/anchor-worker.js';
import { JOB_HANDLERS } from '../jobs/job-handlers.js';
import { createJobRunner } from '../jobs/job-runner.js';
import { loadConfig, plainHttpWarning } from '../config.js';
import { createLogger } from '../logging.js';
import { openPlatform } from '../platform.js';
import { sweepLeftovers } from '../storage/sweep-leftovers.js';
import type { Db } from '../db/database.js';
import type { Config } from '../config.js';
import type { Logger } from 'pino';
import type { Command } from './command.js';
import { parseOptions } from './command.js';
import { EXIT } from './exit-codes.js';

/**
 * Said at every start without SMTP_URL: the outbox holds activation links (secrets) until they are
 * handed over, and only for a short while (DESIGN §3).
 */
export function outboxWarning(directory: string, retentionHours: number): string {
  return `E-mails are not sent (no SMTP_URL): they wait in ${directory}, each holding its link's secret, and are DELETED after ${retentionHours} h (OUTBOX_RETENTION_HOURS). Hand them over with \`certa outbox --deliver smtp://…\` or \`certa outbox --drain\`; backups never take them.`;
}

/** How often the leftovers of a crash are swept (and once at start). */
const SWEEP_INTERVAL_MS = 60 * 60_000;

/**
 * Sweeps orphan blobs and partial files (storage/sweep-leftovers.ts) at start and every hour,
 * in-process; a failed sweep is logged and tried again next time.
 */
function startLeftoverSweep(db: Db, config: Config, logger: Logger): NodeJS.Timeout {
  const sweep = () => {
    sweepLeftovers(
      db,
      {
        storage: config.storageDir,
        outbox: config.mail.transport === 'outbox' ? config.mail.directory : null,
      },
      {
        ...(config.mail.transport === 'outbox'
          ? { outboxRetentionMs: config.mail.retentionHours * 3_600_000 }
          : {}),
      },
    ).then(
      (result) => {
        if (result.orphanBlobs + result.partialFiles + result.expiredMails > 0)
          logger.info({ sweep: result }, 'removed leftovers of an interrupted write');
      },
      (error: unknown) =>
        logger.warn({ err: { code: (error as { code?: unknown }).code } }, 'sweep failed'),
    );
  };
  sweep();
  const timer = setInterval(sweep, SWEEP_INTERVAL_MS);
  timer.unref();
  return timer;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Start the platform (HTTP API, pages) on HOST:PORT',
  usage: `certa serve

Starts Certa with the configuration from the environment (see the README): by default SQLite,
files and the master key under ./data, e-mails written to ./data/outbox, on http://localhost:8080.
The anchoring worker runs in-process (public OpenTimestamps calendars by default): set
ANCHOR_WORKER=separate to leave it to \`certa worker\`, ANCHOR_BACKENDS=none to turn it off.
Durable jobs (webhooks, reminders…) run in-process too: JOBS_WORKER=separate leaves them to
\`certa worker\`.
Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.`,
  async run(args, io) {
    const { values } = parseOptions(args, {});
    if (values.help === true) {
      io.out(this.usage);
      return EXIT.OK;
    }
    const config = loadConfig(io.env);
    const logger = createLogger(config.logLevel);
    const platform = await openPlatform(config);
    const app = await buildApp({
      ctx: platform.ctx,
      logger,
      trustProxy: config.trustProxy,
      server: config.server,
      consoleDir: config.consoleDir,
    });
    const warning = plainHttpWarning(config.publicUrl);
    if (warning !== null) {
      io.err(`\n${'!'.repeat(78)}\n${warning}\n${'!'.repeat(78)}\n\n`);
      logger.warn(warning);
    }
    await app.listen({ host: config.host, port: config.port });
    const worker =
      config.anchoring.worker === 'embedded'
        ? createAnchorWorker(platform.ctx, config, {
            logger: logger.child({ component: 'anchoring' }),
          })
        : null;
    worker?.start();
    const jobRunner =
      config.jobs.worker === 'embedded'
        ? createJobRunner(platform.ctx, {
            handlers: JOB_HANDLERS,
            concurrency: config.jobs.concurrency,
            logger: logger.child({ component: 'jobs' }),
          })
        : null;
    jobRunner?.start();
    const sweeper = startLeftoverSweep(platform.ctx.db, config, logger);
    io.out(
      `Certa is running at ${config.publicUrl} (API documentation: ${config.publicUrl}/docs).`,
    );
    io.out(
      fs.existsSync(path.join(config.consoleDir, 'index.html'))
        ? `The console for issuers and platform admins: ${config.publicUrl}/login`
        : `The console is not built (${config.consoleDir}): run npm run build, or start with npm start.`,
    );
    io.out(
      worker === null
        ? config.anchoring.backends.length === 0
          ? 'Anchoring is off (ANCHOR_BACKENDS=none): digests stay queued.'
          : 'Anchoring is left to `certa worker` (ANCHOR_WORKER=separate).'
        : `Anchoring on Bitcoin through ${config.anchoring.backends.join(' and ')}, every ${config.anchoring.intervalSeconds} s.`,
    );
    if (config.mail.transport === 'outbox') {
      const spool = outboxWarning(config.mail.directory, config.mail.retentionHours);
      io.err(`${spool}\n`);
      logger.warn(spool);
    }
    if (!(await hasPlatformAdmin(platform.ctx))) {
      io.out(
        'No platform admin exists yet. Create the first one with:  npx certa admin create --email you@example.org',
      );
    }
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    io.out('Stopping…');
    clearInterval(sweeper);
    await worker?.stop();
    await jobRunner?.stop();
    await app.close();
    await platform.close();
    return EXIT.OK;
  },
};
