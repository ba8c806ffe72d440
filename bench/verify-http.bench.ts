import path from 'node:path';
import autocannon from 'autocannon';
import type { AutocannonResult } from 'autocannon';
import { getCurrentTerms } from '../src/terms/current-terms.js';
import { activateDocument } from '../src/documents/activate-document.js';
import type { BenchPlatform, CapturingMailer } from './bench-platform.js';
import { issueMany } from './issue-documents.bench.js';
import { processCpuMs, startLoadMeter } from './load.js';
import type { LoadReading } from './load.js';
import { profileDirectory, readChildProfile, spawnBenchChild } from './profile.js';
import type { BenchChild, ProfiledWindow, ProfileSummary } from './profile.js';
import { tick } from './watchdog.js';

/** Target: verify-by-digest requests per second over HTTP. */
export const VERIFY_TARGET_REQUESTS_PER_SECOND = 2000;

/** One autocannon measurement of POST /api/verify. */
export interface VerifyRun {
  readonly label: string;
  /** Documents in the database (pending + active) while measuring. */
  readonly documentsInDatabase: number;
  readonly seconds: number;
  readonly connections: number;
  readonly requestsPerSecond: { mean: number; stddev: number; min: number; max: number };
  readonly latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  /** CPU time of the server process per request (all its threads), µs. */
  readonly serverCpuUsPerRequest: number;
  /** Share of one core the server process used while loaded. */
  readonly serverCpuPercentOfCore: number;
  readonly meetsTarget: boolean;
  readonly load: LoadReading;
}

/** Everything the verification benchmark found. */
export interface VerifyBenchmarkResult {
  readonly targetRequestsPerSecond: number;
  /** How the load was made and where the server ran. */
  readonly setup: string;
  /** The first bytes of a response, checked to say `"valid":true`. */
  readonly sampleResponse: string;
  readonly runs: VerifyRun[];
  /** The same server under --cpu-prof, loaded the same way (small database). */
  readonly profiled: { run: VerifyRun; profile: ProfileSummary };
}

/** Options of {@link runVerifyBenchmark}. */
export interface VerifyBenchmarkOptions {
  readonly quick: boolean;
  readonly log: (line: string) => void;
}

const CONNECTIONS = 50;
const SERVER_SCRIPT = path.join(import.meta.dirname, 'verify-server.child.ts');

/** Issues and activates `count` documents; returns the PDFs' SHA-256 digests. */
export async function activatedDigests(
  platform: BenchPlatform,
  mailer: CapturingMailer,
  count: number,
): Promise<string[]> {
  await issueMany(platform, count, 8, 0);
  const terms = await getCurrentTerms(platform.ctx, 'recipient', 'en');
  const digests: string[] = [];
  for (const link of mailer.links.values()) {
    const result = await activateDocument(platform.ctx, {
      documentId: link.documentId,
      secret: link.secret,
      acceptTerms: true,
      termsVersion: terms.version,
    });
    digests.push(result.sha256);
    tick();
  }
  return digests;
}

/** POSTs one digest and checks the report says valid; returns the body. */
async function checkValid(baseUrl: string, sha256: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sha256 }),
  });
  const text = await response.text();
  if (response.status !== 200 || !text.includes('"valid":true')) {
    throw new Error(`POST /api/verify answered ${response.status}: ${text.slice(0, 200)}`);
  }
  return text;
}

/** Loads POST /api/verify with one digest for `seconds`, from an autocannon worker thread. */
function load(baseUrl: string, sha256: string, seconds: number): Promise<AutocannonResult> {
  return autocannon({
    url: `${baseUrl}/api/verify`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sha256 }),
    connections: CONNECTIONS,
    duration: seconds,
    workers: 1,
  });
}

/** The server process as the benchmark drives it. */
interface ServerProcess {
  readonly child: BenchChild;
  readonly baseUrl: string;
  readonly sha256: string;
  /** Sends a command and waits for its DONE. */
  command(line: string): Promise<void>;
}

async function startServerProcess(activated: number, profileDir?: string): Promise<ServerProcess> {
  const child = spawnBenchChild(SERVER_SCRIPT, [String(activated)], profileDir);
  try {
    const ready = await child.nextLine();
    if (!ready.startsWith('READY ')) throw new Error(`unexpected server output: ${ready}`);
    const { baseUrl, sha256 } = JSON.parse(ready.slice('READY '.length)) as {
      baseUrl: string;
      sha256: string;
    };
    return {
      child,
      baseUrl,
      sha256,
      async command(line) {
        child.send(line);
        const answer = await child.nextLine();
        if (answer !== 'DONE') throw new Error(`server answered ${answer} to ${line}`);
      },
    };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

async function measure(
  label: string,
  server: ServerProcess,
  seconds: number,
  documentsInDatabase: number,
): Promise<VerifyRun> {
  const stop = startLoadMeter();
  const serverCpuBefore = processCpuMs(server.child.pid);
  const result = await load(server.baseUrl, server.sha256, seconds);
  const serverCpuMs = processCpuMs(server.child.pid) - serverCpuBefore;
  const reading = stop();
  const requestsPerSecond = result.requests.average;
  const requests = result.latency.totalCount;
  return {
    label,
    documentsInDatabase,
    seconds: result.duration,
    connections: result.connections,
    requestsPerSecond: {
      mean: requestsPerSecond,
      stddev: result.requests.stddev,
      min: result.requests.min,
      max: result.requests.max,
    },
    latencyMs: {
      mean: result.latency.average,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    requests,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    serverCpuUsPerRequest: (serverCpuMs * 1000) / Math.max(1, requests),
    serverCpuPercentOfCore: (100 * serverCpuMs) / (result.duration * 1000),
    meetsTarget:
      requestsPerSecond >= VERIFY_TARGET_REQUESTS_PER_SECOND &&
      result.non2xx === 0 &&
      result.errors === 0,
    load: reading,
  };
}

/**
 * Starts the real server (rate limits off) in its own process on SQLite with activated
 * documents, as `certa serve` runs, and loads POST /api/verify {"sha256": …} with autocannon
 * from a worker thread of this process: a short warm-up, then the measured run. Then issues many
 * pending documents into the same database (a database after a big batch) and measures again;
 * then profiles the server under --cpu-prof.
 */
export async function runVerifyBenchmark(
  options: VerifyBenchmarkOptions,
): Promise<VerifyBenchmarkResult> {
  const activated = options.quick ? 10 : 50;
  const pending = options.quick ? 2000 : 10_000;
  const runs: VerifyRun[] = [];
  let sample: string;

  const server = await startServerProcess(activated);
  try {
    sample = await checkValid(server.baseUrl, server.sha256);
    await load(server.baseUrl, server.sha256, options.quick ? 1 : 2);
    runs.push(await measure('small database', server, options.quick ? 3 : 10, activated));
    options.log(describe(runs[runs.length - 1]));

    // A database after a big issuance batch: every issued document queued one digest.
    await server.command(`ISSUE ${pending}`);
    await checkValid(server.baseUrl, server.sha256);
    await load(server.baseUrl, server.sha256, 1);
    runs.push(
      await measure(
        `after ${pending.toLocaleString('en')} more issued`,
        server,
        options.quick ? 3 : 5,
        activated + pending,
      ),
    );
    options.log(describe(runs[runs.length - 1]));
    await checkValid(server.baseUrl, server.sha256);
    server.child.send('EXIT');
    await server.child.finished();
  } catch (error) {
    await server.child.stop();
    throw error;
  }

  const profiled = await profileServer(options.quick, activated);
  options.log(describe(profiled.run));
  return {
    targetRequestsPerSecond: VERIFY_TARGET_REQUESTS_PER_SECOND,
    setup:
      `server in its own Node process (SQLite, rate limits off); autocannon in a worker thread ` +
      `of the benchmark process, ${CONNECTIONS} connections, same 2-core machine`,
    sampleResponse: sample.slice(0, 160),
    runs,
    profiled,
  };
}

/** The server again, under --cpu-prof; the profile covers only the measured load. */
async function profileServer(
  quick: boolean,
  activated: number,
): Promise<{ run: VerifyRun; profile: ProfileSummary }> {
  const directory = profileDirectory();
  try {
    const server = await startServerProcess(activated, directory.path);
    try {
      await load(server.baseUrl, server.sha256, quick ? 1 : 2);
      await server.command('START');
      const run = await measure('server under --cpu-prof', server, quick ? 2 : 5, activated);
      await server.command('STOP');
      server.child.send('EXIT');
      const lines = await server.child.finished();
      const window = JSON.parse(lines[lines.length - 1] ?? '{}') as ProfiledWindow;
      return { run, profile: readChildProfile(directory.path, window) };
    } catch (error) {
      await server.child.stop();
      throw error;
    }
  } finally {
    await directory.remove();
  }
}

function describe(run: VerifyRun | undefined): string {
  if (run === undefined) return '';
  return (
    `  ${run.label.padEnd(26)} ${run.requestsPerSecond.mean.toFixed(0).padStart(5)} req/s, ` +
    `p50 ${run.latencyMs.p50} ms, p99 ${run.latencyMs.p99} ms, non-2xx ${run.non2xx}, ` +
    `errors ${run.errors}, server ${run.serverCpuUsPerRequest.toFixed(0)} µs CPU/request ` +
    `(${run.serverCpuPercentOfCore.toFixed(0)} % of a core; machine ${run.load.machineBusyPercent.toFixed(0)} % busy)`
  );
}
