/**
 * Issue 12's first acceptance point, end to end: a 20,000-row CSV uploaded through the batch API
 * of a real `certa serve` process, confirmed, issued and handed to a real SMTP server on loopback
 * (smtp-server; the platform's pooled nodemailer transport with its default settings) in at most
 * 30 s, on SQLite and on PostgreSQL, while the platform keeps serving: meanwhile a load generator
 * activates other, pre-issued documents over HTTP (p99 under 1 s) and calls `/api/health` (p99
 * under 100 ms).
 *
 * The platform is what `certa serve` runs (the same entry point, its job runner, its own event
 * loop and CPU); this process holds the SMTP server and the load generator, so their work does
 * not delay the requests they time. The organisation, its owner and the pre-issued documents are
 * made through the domain layer beforehand (bench-platform.ts), as the factories do.
 *
 *   npm run bench -- --only batch-issue          (20,000 rows; 2,000 with --quick)
 *   node --import tsx bench/batch-issue.bench.ts [rows] [sqlite|postgres]
 *   CERTA_BENCH_CPU_PROFILE=<dir> …              writes the server's --cpu-prof into <dir>
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';
import type { BatchSummary } from '../src/batches/batch.js';
import {
  CapturingMailer,
  createBenchPlatform,
  probePostgres,
  registerCleanup,
  type ActivationLink,
  type BenchDialect,
} from './bench-platform.js';
import { issueMany } from './issue-documents.bench.js';
import { processCpuMs } from './load.js';
import { summarize } from './stats.js';
import {
  BATCH_ISSUE_TARGET_ACTIVATION_P99_MS,
  BATCH_ISSUE_TARGET_HEALTH_P99_MS,
  BATCH_ISSUE_TARGET_SECONDS,
  type BatchIssueResult,
  type BatchIssueRun,
} from './batch-issue.report.js';
import { tick } from './watchdog.js';

/** Activations started per second by the load generator (one at a time, never overlapping). */
const ACTIVATIONS_PER_SECOND = 2;
/** Pause between two health calls of the load generator. */
const HEALTH_PAUSE_MS = 20;
/** POST /api/activations allows 30 a minute per address: the generator moves on every 25. */
const ACTIVATIONS_PER_ADDRESS = 25;
/** The password createBenchPlatform gives the organisation's owner. */
const OWNER_PASSWORD = 'correct horse battery staple';
const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

// ---------------------------------------------------------------------------------------------

interface Relay {
  readonly url: string;
  /** Messages accepted for recipients starting with `prefix`, and when the last one came. */
  count(prefix: string): number;
  lastAt(prefix: string): number;
  /** The first message accepted for `prefix` (to follow one link). */
  first(prefix: string): string | undefined;
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback that accepts everything and keeps only counts (and one message
 * per prefix): parsing 20,000 messages would take this process's CPU from the load generator.
 */
async function startRelay(): Promise<Relay> {
  const counts = new Map<string, { count: number; lastAt: number; first: string }>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo[0]?.address ?? '';
        const prefix = to.slice(0, to.indexOf('-') + 1);
        const entry = counts.get(prefix);
        if (entry === undefined)
          counts.set(prefix, {
            count: 1,
            lastAt: performance.now(),
            first: Buffer.concat(chunks).toString('utf8'),
          });
        else {
          entry.count += 1;
          entry.lastAt = performance.now();
        }
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const close = registerCleanup(
    () => new Promise<void>((resolve) => server.close(() => resolve())),
  );
  return {
    url: `smtp://127.0.0.1:${port}`,
    count: (prefix) => counts.get(prefix)?.count ?? 0,
    lastAt: (prefix) => counts.get(prefix)?.lastAt ?? Number.NaN,
    first: (prefix) => counts.get(prefix)?.first,
    close,
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface ServeProcess {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  stop(): Promise<void>;
}

/** `certa serve` as a child process (the CLI's own entry point), once its port answers. */
async function startServe(env: Record<string, string>): Promise<ServeProcess> {
  const port = await freePort();
  const profileDir = process.env.CERTA_BENCH_CPU_PROFILE;
  const child = spawn(
    process.execPath,
    [
      ...(profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]),
      '--import',
      'tsx',
      'src/cli/main.ts',
      'serve',
    ],
    {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? PROJECT_ROOT,
        HOST: '127.0.0.1',
        PORT: String(port),
        ANCHOR_BACKENDS: 'none',
        LOG_LEVEL: 'warn',
        // The relay's pool and rate may be tried out from the command line (the defaults otherwise).
        ...Object.fromEntries(
          ['SMTP_POOL_CONNECTIONS', 'SMTP_RATE_PER_SECOND'].flatMap((name) => {
            const value = process.env[name];
            return value === undefined ? [] : [[name, value]];
          }),
        ),
        ...env,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const stop = registerCleanup(async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exit;
    clearTimeout(timer);
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error('certa serve exited before it answered');
    if (Date.now() > deadline) {
      await stop();
      throw new Error('certa serve did not answer within 60 s');
    }
    const answered = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (answered) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, baseUrl: `http://127.0.0.1:${port}`, stop };
}

/** Peak resident memory of a process (VmHWM), MB; NaN where unavailable. */
function peakRssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return Number.NaN;
  }
}

/** One HTTP request on a keep-alive agent: status and body text. */
function request(
  url: string,
  options: { method?: string; agent?: http.Agent; token?: string; json?: unknown },
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const body = options.json === undefined ? undefined : JSON.stringify(options.json);
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    const outgoing = http.request(
      url,
      {
        method: options.method ?? 'GET',
        ...(options.agent ? { agent: options.agent } : {}),
        headers,
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function json<T>(
  url: string,
  options: Parameters<typeof request>[1],
  expected: number,
): Promise<T> {
  const response = await request(url, options);
  if (response.status !== expected)
    throw new Error(
      `${options.method ?? 'GET'} ${new URL(url).pathname} answered ${response.status}: ${response.text.slice(0, 300)}`,
    );
  return JSON.parse(response.text) as T;
}

function graduatesCsv(rows: number): Buffer {
  const lines = ['student_id,name,email,grade'];
  for (let i = 1; i <= rows; i += 1)
    lines.push(`S-${i},Graduate Number ${i},grad-${i}@example.org,Magna cum laude`);
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

/**
 * What a graduate and a monitor do while the batch runs: activations one at a time, started
 * {@link ACTIVATIONS_PER_SECOND} times a second (a slow one delays the next, never overlaps it),
 * and `/api/health` back to back with a short pause. Returns a stop function with the latencies.
 */
function startLoad(
  baseUrl: string,
  links: ActivationLink[],
  termsVersion: number,
): () => Promise<{ activation: number[]; health: number[]; failures: string[] }> {
  let running = true;
  const activation: number[] = [];
  const health: number[] = [];
  const failures: string[] = [];
  const healthAgent = new http.Agent({ keepAlive: true });
  const agents: http.Agent[] = [];
  const activations = (async () => {
    for (const [index, link] of links.entries()) {
      if (!running) break;
      const slot = Math.floor(index / ACTIVATIONS_PER_ADDRESS);
      agents[slot] ??= new http.Agent({
        keepAlive: true,
        localAddress: `127.0.${1 + Math.floor(slot / 250)}.${2 + (slot % 250)}`,
      });
      const started = performance.now();
      const response = await request(`${baseUrl}/api/activations/${link.documentId}`, {
        method: 'POST',
        agent: agents[slot],
        json: { secret: link.secret, acceptTerms: true, termsVersion },
      });
      const ms = performance.now() - started;
      activation.push(ms);
      if (response.status !== 200) failures.push(`activation ${response.status}`);
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, 1000 / ACTIVATIONS_PER_SECOND - ms)),
      );
    }
  })();
  const healthLoop = (async () => {
    while (running) {
      const started = performance.now();
      const response = await request(`${baseUrl}/api/health`, { agent: healthAgent });
      health.push(performance.now() - started);
      if (response.status !== 200) failures.push(`health ${response.status}`);
      await new Promise((resolve) => setTimeout(resolve, HEALTH_PAUSE_MS));
    }
  })();
  return async () => {
    running = false;
    await Promise.all([activations, healthLoop]);
    healthAgent.destroy();
    for (const agent of agents) agent.destroy();
    return { activation, health, failures };
  };
}

async function runOne(
  dialect: BenchDialect,
  rows: number,
  log: (line: string) => void,
): Promise<BatchIssueRun> {
  const relay = await startRelay();
  const mailer = new CapturingMailer();
  const platform = await createBenchPlatform({ dialect, mailer });
  let serve: ServeProcess | undefined;
  try {
    // Documents for the load generator to activate: more than the run can use.
    const pool = Math.ceil(ACTIVATIONS_PER_SECOND * BATCH_ISSUE_TARGET_SECONDS * 3);
    await issueMany(platform, pool, 1, 1_000_000, undefined, 500);
    mailer.capturing = false;
    const links = [...mailer.links.values()];
    const database = platform.config.database;
    serve = await startServe({
      DATA_DIR: platform.dataDir,
      DATABASE_URL: database.dialect === 'sqlite' ? `sqlite:${database.file}` : database.url,
      SMTP_URL: relay.url,
    });
    const { baseUrl } = serve;
    const token = platform.ownerSessionToken;
    await json(
      `${baseUrl}/api/sessions/current/unlock`,
      {
        method: 'POST',
        token,
        json: { organisationId: platform.organisationId, password: OWNER_PASSWORD },
      },
      200,
    );
    const first = links[0];
    if (first === undefined) throw new Error('no document to activate');
    const info = await json<{ terms: { version: number } }>(
      `${baseUrl}/api/activations/${first.documentId}`,
      {},
      200,
    );
    // Warm the routes once (the first requests of a process compile schemas and code).
    await json(`${baseUrl}/api/health`, {}, 200);

    const csv = graduatesCsv(rows);
    const base = `${baseUrl}/api/organisations/${platform.organisationId}/batches`;
    const loadBefore = os.loadavg().map((value) => Math.round(value * 100) / 100);
    const cpuBefore = processCpuMs(serve.child.pid ?? 0);
    const stopLoad = startLoad(baseUrl, links.slice(1), info.terms.version);
    const started = performance.now();

    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(csv)], { type: 'text/csv' }), 'graduates.csv');
    const uploadResponse = await fetch(`${base}?title=Bachelor%20of%20Arts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const upload = (await uploadResponse.json()) as BatchSummary;
    if (uploadResponse.status !== 201 || upload.counts.valid !== rows)
      throw new Error(`the upload answered ${uploadResponse.status}: ${JSON.stringify(upload)}`);
    const uploaded = performance.now();
    await json(
      `${base}/${upload.id}/confirm`,
      { method: 'POST', token, json: { mode: 'all' } },
      202,
    );
    const confirmed = performance.now();

    let summary = upload;
    let lastLog = 0;
    const deadline = confirmed + 10 * 60_000;
    while (relay.count('grad-') < rows || summary.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 250));
      tick();
      summary = await json<BatchSummary>(`${base}/${upload.id}`, { token }, 200);
      if (summary.state !== 'running' && relay.count('grad-') < rows) break;
      if (performance.now() - lastLog > 5_000) {
        lastLog = performance.now();
        log(
          `  ${((performance.now() - started) / 1000).toFixed(1)} s: ${summary.counts.issued} issued, ${relay.count('grad-')} handed to SMTP`,
        );
      }
      if (performance.now() > deadline) throw new Error('the batch did not finish in 10 minutes');
    }
    const done = relay.lastAt('grad-');
    const cpuAfter = processCpuMs(serve.child.pid ?? 0);
    const load = await stopLoad();
    const loadAfter = os.loadavg().map((value) => Math.round(value * 100) / 100);
    if (summary.state !== 'finished' || summary.counts.issued !== rows)
      throw new Error(`the batch ended ${summary.state}: ${JSON.stringify(summary.counts)}`);
    if (relay.count('grad-') !== rows)
      throw new Error(`the SMTP server accepted ${relay.count('grad-')} messages for ${rows} rows`);
    if (load.failures.length > 0)
      throw new Error(`requests failed during the batch: ${load.failures.slice(0, 5).join(', ')}`);

    // One graduate's link works.
    const text = (relay.first('grad-') ?? '').replace(/=\r?\n/g, '');
    const match = /\/activate\/([A-Za-z0-9_-]{22})#([A-Za-z0-9_-]{43})/.exec(text);
    if (match?.[1] === undefined || match[2] === undefined)
      throw new Error('no activation link in a batch message');
    await json(
      `${baseUrl}/api/activations/${match[1]}`,
      {
        method: 'POST',
        json: { secret: match[2], acceptTerms: true, termsVersion: info.terms.version },
      },
      200,
    );

    const totalSeconds = (done - started) / 1000;
    const activationMs = summarize(load.activation);
    const healthMs = summarize(load.health);
    return {
      database: dialect,
      rows,
      uploadSeconds: (uploaded - started) / 1000,
      issueSeconds: (done - confirmed) / 1000,
      totalSeconds,
      documentsPerSecond: Math.round(rows / ((done - confirmed) / 1000)),
      messages: relay.count('grad-'),
      activationMs,
      healthMs,
      serverCpuMs: cpuAfter - cpuBefore,
      serverPeakRssMb: peakRssMb(serve.child.pid ?? 0),
      loadBefore,
      loadAfter,
      meetsTarget:
        totalSeconds <= BATCH_ISSUE_TARGET_SECONDS &&
        activationMs.p99 < BATCH_ISSUE_TARGET_ACTIVATION_P99_MS &&
        healthMs.p99 < BATCH_ISSUE_TARGET_HEALTH_P99_MS,
    };
  } finally {
    await serve?.stop();
    await platform.close();
    await relay.close();
  }
}

/** Runs the batch end to end on SQLite, then on PostgreSQL when it answers. */
export async function runBatchIssueBenchmark(options: {
  quick: boolean;
  log: (line: string) => void;
  dialects?: readonly BenchDialect[];
  rows?: number;
}): Promise<BatchIssueResult> {
  const rows = options.rows ?? (options.quick ? 2_000 : 20_000);
  const runs: BatchIssueRun[] = [];
  const skipped: string[] = [];
  for (const dialect of options.dialects ?? (['sqlite', 'postgres'] as const)) {
    if (dialect === 'postgres') {
      const probe = await probePostgres();
      if (!probe.available) {
        skipped.push(`PostgreSQL: ${probe.reason}`);
        continue;
      }
    }
    options.log(`${dialect}: ${rows} rows…`);
    const run = await runOne(dialect, rows, options.log);
    runs.push(run);
  }
  const cpus = os.cpus();
  const result: BatchIssueResult = {
    runs,
    machine: {
      cpus: cpus[0]?.model.trim() ?? 'unknown CPU',
      cores: cpus.length,
      memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    },
    skipped,
  };
  return result;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const { cleanUpOnSignals } = await import('./bench-platform.js');
  cleanUpOnSignals();
  const rows = Number(process.argv[2] ?? 20_000);
  const only = process.argv[3] as BenchDialect | undefined;
  const result = await runBatchIssueBenchmark({
    quick: false,
    log: (line) => console.log(line),
    rows,
    ...(only === undefined ? {} : { dialects: [only] }),
  });
  const { describeBatchIssue } = await import('./batch-issue.report.js');
  console.log(describeBatchIssue(result));
  process.exit(0);
}
