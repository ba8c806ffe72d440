import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { Profiler, Runtime } from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { registerCleanup } from './bench-platform.js';

/** Share of the main thread's sampled time. */
export interface ProfileEntry {
  readonly name: string;
  readonly ms: number;
  readonly percent: number;
}

/** Where the main thread spent its time in a window of a V8 CPU profile (self time). */
export interface ProfileSummary {
  /** Sampled time in the window. */
  readonly totalMs: number;
  /** By category: SQLite engine, Kysely, crypto, mail composition, GC, idle… */
  readonly byCategory: ProfileEntry[];
  /** The functions with the most self time (`name file:line`). */
  readonly topFunctions: ProfileEntry[];
}

const ROOT = path.resolve(import.meta.dirname, '..');

/** Native fs bindings: the main thread's share of file I/O (the rest runs in libuv's pool). */
const FS_NATIVES = new Set([
  'open',
  'openFileHandle',
  'close',
  'mkdir',
  'rename',
  'writeFileUtf8',
  'read',
  'readFileUtf8',
  'fstat',
  'lstat',
  'stat',
  'unlink',
  'rmSync',
]);

/** Native stream writes (sockets; the outbox and blob stores write files through fs). */
const SOCKET_NATIVES = new Set([
  'writev',
  'writeBuffer',
  'writeUtf8String',
  'writeLatin1String',
  'writeAsciiString',
  'writeUcs2String',
]);

interface Rule {
  readonly category: string;
  readonly test: (url: string, functionName: string) => boolean;
}

/**
 * Categories, first match wins. With --cpu-prof, native calls (better-sqlite3's run/all,
 * OpenSSL) are charged to the JS function that made them: Kysely's SQLite `executeQuery` is
 * where the SQLite engine itself runs.
 */
const RULES: readonly Rule[] = [
  { category: 'idle (waiting: I/O, locks, other processes)', test: (_u, f) => f === '(idle)' },
  { category: 'garbage collection', test: (_u, f) => f === '(garbage collector)' },
  {
    category: 'SQLite engine (statement run/all, WAL writes)',
    test: (u, f) =>
      u.includes('kysely/dist/esm/dialect/sqlite/sqlite-driver') && f === 'executeQuery',
  },
  { category: 'SQLite prepare (no statement cache)', test: (u) => u.includes('better-sqlite3') },
  {
    category: 'Kysely (query building, compiling)',
    test: (u) => u.includes('node_modules/kysely'),
  },
  {
    category: 'pg driver (protocol, parsing)',
    test: (u) => /node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-\w+)\//.test(u),
  },
  {
    category: 'PDF rendering (pdfkit, fontkit, zlib, qrcode)',
    test: (u) =>
      u === 'node:zlib' ||
      /node_modules\/(pdfkit|fontkit|restructure|qrcode|dfa|linebreak|unicode-\w+|tiny-inflate|brotli|png-js|jpeg-exif|crypto-js|@swc)\//.test(
        u,
      ),
  },
  {
    category: 'HTTP server (fastify, node:http)',
    test: (u) =>
      /node_modules\/(fastify|@fastify|find-my-way|avvio|light-my-request|fast-json-stringify|ajv|fast-uri|pino|abstract-logging|toad-cache|process-warning|rfdc|secure-json-parse)\//.test(
        u,
      ) || /^node:(_http|http|internal\/http|net|internal\/stream_base)/.test(u),
  },
  {
    category: 'nodemailer (MIME composition)',
    test: (u) => u.includes('node_modules/nodemailer') || u.includes('node_modules/libmime'),
  },
  {
    category: 'crypto (random, HKDF, X25519, AES-GCM, SHA-256)',
    test: (u) => u.startsWith('node:internal/crypto') || u.includes('/src/crypto/'),
  },
  {
    category: 'file system (outbox .eml, blob files)',
    test: (u, f) =>
      u.startsWith('node:internal/fs') || u === 'node:fs' || (u === '' && FS_NATIVES.has(f)),
  },
  {
    category: 'module loading (lazy imports)',
    test: (u) => u.startsWith('node:internal/modules') || u.includes('node_modules/tsx'),
  },
  {
    category: 'socket writes (native writev/writeBuffer: HTTP responses, PostgreSQL protocol)',
    test: (u, f) => u === '' && SOCKET_NATIVES.has(f),
  },
  { category: 'Certa code (src/)', test: (u) => u.includes('/src/') },
  { category: 'benchmark harness', test: (u) => u.includes('/bench/') },
];

function categoryOf(callFrame: Runtime.CallFrame): string {
  for (const rule of RULES) {
    if (rule.test(callFrame.url, callFrame.functionName)) return rule.category;
  }
  return callFrame.url === '' ? 'other native / V8' : 'other (Node internals: streams, promises…)';
}

function functionLabel(callFrame: Runtime.CallFrame): string {
  const name = callFrame.functionName || '(anonymous)';
  if (callFrame.url === '') return name;
  const file = callFrame.url.startsWith('file://')
    ? path.relative(ROOT, new URL(callFrame.url).pathname)
    : callFrame.url;
  return `${name} ${file.replace(/^.*node_modules\//, '')}:${callFrame.lineNumber + 1}`;
}

function top(totals: Map<string, number>, totalMs: number, limit: number): ProfileEntry[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, ms]) => ({ name, ms: Math.round(ms), percent: (100 * ms) / totalMs }));
}

/**
 * Aggregates a V8 CPU profile by self time, counting only samples taken inside `window`
 * (monotonic microseconds, the clock of `process.hrtime`), e.g. the measured part of a run.
 */
export function summarizeProfile(
  profile: Profiler.Profile,
  window?: { startUs: number; endUs: number },
  limit = 12,
): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byCategory = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let timestamp = profile.startTime;
  let totalMs = 0;
  samples.forEach((nodeId, index) => {
    const delta = deltas[index] ?? 0;
    timestamp += delta;
    if (window !== undefined && (timestamp < window.startUs || timestamp > window.endUs)) return;
    const node = nodes.get(nodeId);
    if (node === undefined) return;
    const ms = delta / 1000;
    totalMs += ms;
    const category = categoryOf(node.callFrame);
    byCategory.set(category, (byCategory.get(category) ?? 0) + ms);
    const label = functionLabel(node.callFrame);
    byFunction.set(label, (byFunction.get(label) ?? 0) + ms);
  });
  return {
    totalMs: Math.round(totalMs),
    byCategory: top(byCategory, totalMs, limit),
    topFunctions: top(byFunction, totalMs, limit),
  };
}

/** The measured window a profiled child reports on its last stdout line (JSON). */
export interface ProfiledWindow {
  readonly startUs: number;
  readonly endUs: number;
}

/** Monotonic microseconds on the clock V8's profiler uses (for {@link ProfiledWindow}). */
export function monotonicMicroseconds(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** A benchmark child process (TypeScript through tsx), talking line by line. */
export interface BenchChild {
  readonly pid: number;
  /** Writes one line to the child's stdin. */
  send(line: string): void;
  /** The next line the child writes to stdout (after those already read). */
  nextLine(): Promise<string>;
  /** Resolves with the remaining stdout lines once the child exited with 0; rejects otherwise. */
  finished(): Promise<string[]>;
  /** Stops the child (SIGTERM: it cleans up) and waits for it. */
  stop(): Promise<void>;
}

/**
 * Spawns `script` in a child Node process (`--import tsx`), optionally under `--cpu-prof`
 * writing into `profileDirectory`. stderr goes to ours; stdout is read line by line.
 */
export function spawnBenchChild(
  script: string,
  args: readonly string[],
  profileDirectory?: string,
): BenchChild {
  const profiling =
    profileDirectory === undefined
      ? []
      : ['--cpu-prof', '--cpu-prof-dir', profileDirectory, '--cpu-prof-interval', '250'];
  const child = spawn(process.execPath, [...profiling, '--import', 'tsx', script, ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const pending: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    const resolve = waiting.shift();
    if (resolve === undefined) pending.push(line);
    else resolve(line);
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  const name = path.basename(script);
  return {
    pid: child.pid ?? 0,
    send: (line) => {
      child.stdin.write(`${line}\n`);
    },
    nextLine: () => {
      const line = pending.shift();
      if (line !== undefined) return Promise.resolve(line);
      return Promise.race([
        new Promise<string>((resolve) => waiting.push(resolve)),
        exited.then((code) => {
          throw new Error(`${name} exited (${code}) while a line was awaited`);
        }),
      ]);
    },
    finished: async () => {
      child.stdin.end();
      const code = await exited;
      if (code !== 0) throw new Error(`${name} exited with ${code}`);
      return pending.splice(0);
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited.catch(() => null);
    },
  };
}

/** Summarises the main-thread profile a child wrote into `directory`, within `window`. */
export function readChildProfile(directory: string, window: ProfiledWindow): ProfileSummary {
  // File names are CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; thread 0 is the main one.
  const mainFile = fs
    .readdirSync(directory)
    .find((name) => /\.\d+\.0\.\d+\.cpuprofile$/.test(name));
  if (mainFile === undefined) throw new Error('the profiled child wrote no main-thread profile');
  const profile = JSON.parse(
    fs.readFileSync(path.join(directory, mainFile), 'utf8'),
  ) as Profiler.Profile;
  return summarizeProfile(profile, window);
}

/** A temp directory for profiles, removed by the returned function (or on clean-up). */
export function profileDirectory(): { path: string; remove: () => Promise<void> } {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'certa-bench-prof-'));
  const remove = registerCleanup(
    async () => {
      fs.rmSync(directory, { recursive: true, force: true });
    },
    { kind: 'dir', path: directory },
  );
  return { path: directory, remove };
}

/**
 * Runs `script` in a child process under `--cpu-prof` and summarises the main thread's
 * profile within the window the child prints as the last line of its stdout
 * (`{"startUs":…,"endUs":…, …}`). Profiling out of process keeps the inspector out of the
 * measured process. Returns that JSON line too.
 */
export async function profileChild<T extends ProfiledWindow>(
  script: string,
  args: readonly string[],
): Promise<{ report: T; profile: ProfileSummary }> {
  const directory = profileDirectory();
  try {
    const lines = await spawnBenchChild(script, args, directory.path).finished();
    const report = JSON.parse(lines[lines.length - 1] ?? '{}') as T;
    return { report, profile: readChildProfile(directory.path, report) };
  } finally {
    await directory.remove();
  }
}
