/**
 * Child process of the issuance benchmark, run under `node --cpu-prof` by profileChild():
 * issues documents on a fresh platform and prints the measured window as one JSON line.
 *
 * Usage: node --import tsx bench/issue-profile.child.ts <sqlite|postgres> <null|outbox>
 *        <concurrency> <documents>
 */
import { cleanUpOnSignals, createBenchPlatform, NullMailer } from './bench-platform.js';
import { startWatchdog } from './watchdog.js';
import type { BenchDialect } from './bench-platform.js';
import { issueMany, WARM_UP_DOCUMENTS } from './issue-documents.bench.js';
import { monotonicMicroseconds } from './profile.js';

cleanUpOnSignals();
startWatchdog('profiled issuance');
const [dialectArg, mailerArg, concurrencyArg, documentsArg] = process.argv.slice(2);
const dialect: BenchDialect = dialectArg === 'postgres' ? 'postgres' : 'sqlite';
const concurrency = Number(concurrencyArg ?? '1');
const documents = Number(documentsArg ?? '1000');

const platform = await createBenchPlatform({
  dialect,
  mailer: mailerArg === 'outbox' ? 'outbox' : new NullMailer(),
});
try {
  await issueMany(platform, WARM_UP_DOCUMENTS, concurrency, 0);
  const startUs = monotonicMicroseconds();
  const { wallMs } = await issueMany(platform, documents, concurrency, WARM_UP_DOCUMENTS);
  const endUs = monotonicMicroseconds();
  process.stdout.write(
    `${JSON.stringify({ startUs, endUs, documents, docsPerSecond: documents / (wallMs / 1000) })}\n`,
  );
} finally {
  await platform.close();
}
