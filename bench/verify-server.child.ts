/**
 * The server of the verification benchmark, in its own process (as `certa serve` runs): the
 * real app on SQLite with activated documents, driven line by line over stdin/stdout.
 *
 * Usage: node [--cpu-prof] --import tsx bench/verify-server.child.ts <activated>
 * Prints `READY {"baseUrl":…,"sha256":…}`, then answers each command with `DONE`:
 *   ISSUE <n>   issue n more (pending) documents, as after a big issuance batch
 *   START/STOP  mark the window of a CPU profile
 *   EXIT        close and exit, printing the window as JSON on the last line
 */
import readline from 'node:readline';
import {
  CapturingMailer,
  cleanUpOnSignals,
  createBenchPlatform,
  startBenchServer,
} from './bench-platform.js';
import { issueMany } from './issue-documents.bench.js';
import { monotonicMicroseconds } from './profile.js';
import { activatedDigests } from './verify-http.bench.js';
import { startWatchdog } from './watchdog.js';

cleanUpOnSignals();
startWatchdog('verification server');
const activated = Number(process.argv[2] ?? '10');

const mailer = new CapturingMailer();
const platform = await createBenchPlatform({ dialect: 'sqlite', mailer });
try {
  const digests = await activatedDigests(platform, mailer, activated);
  mailer.capturing = false;
  let documents = activated;
  const server = await startBenchServer(platform.ctx);
  const window = { startUs: 0, endUs: 0 };
  try {
    const sha256 = digests[Math.floor(digests.length / 2)];
    process.stdout.write(`READY ${JSON.stringify({ baseUrl: server.baseUrl, sha256 })}\n`);
    const commands = readline.createInterface({ input: process.stdin });
    for await (const line of commands) {
      const [command, argument] = line.split(' ');
      if (command === 'EXIT') break;
      if (command === 'ISSUE') {
        const count = Number(argument);
        await issueMany(platform, count, 16, documents);
        documents += count;
      } else if (command === 'START') window.startUs = monotonicMicroseconds();
      else if (command === 'STOP') window.endUs = monotonicMicroseconds();
      process.stdout.write('DONE\n');
    }
    // An open stdin would keep the process alive.
    commands.close();
    process.stdin.destroy();
  } finally {
    await server.close();
  }
  process.stdout.write(`${JSON.stringify(window)}\n`);
} finally {
  await platform.close();
}
