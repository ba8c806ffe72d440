/**
 * The console's first load: what a browser downloads (JavaScript and CSS) to show the log-in
 * page, and the dashboard right after log-in, measured in Chromium against the real server
 * with the current build. Sizes are counted gzip-compressed (the target: ≤ 250 KB) and as sent
 * (the server prefers the precompressed Brotli files); the time is from navigation to the
 * page's heading, with an empty cache each time.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { loadConfig } from '../src/config.js';
import { createBenchPlatform, NullMailer, startBenchServer } from './bench-platform.js';

export const CONSOLE_FIRST_LOAD_TARGET_KB = 250;

export interface ConsoleLoadRun {
  readonly page: string;
  /** Scripts and styles the page loaded, with their sizes. */
  readonly files: ReadonlyArray<{
    name: string;
    bytes: number;
    gzipBytes: number;
    brotliBytes: number;
  }>;
  readonly gzipKb: number;
  readonly brotliKb: number;
  readonly uncompressedKb: number;
  /** Navigation to the visible heading, empty cache: median and worst of the runs. */
  readonly loadMs: { p50: number; max: number };
  readonly meetsTarget: boolean;
}

export interface ConsoleLoadBenchmarkResult {
  readonly targetKb: number;
  readonly runs: readonly ConsoleLoadRun[];
}

const ROOT = path.resolve(import.meta.dirname, '..');

function buildConsole(log: (line: string) => void): string {
  log('Building the console (vite build)…');
  const built = spawnSync(
    path.join(ROOT, 'node_modules', '.bin', 'vite'),
    ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (built.status !== 0) throw new Error('vite build failed');
  return loadConfig({}).consoleDir;
}

function sizeOf(assets: string, name: string): ConsoleLoadRun['files'][number] {
  const file = path.join(assets, name);
  const body = fs.readFileSync(file);
  const compressed = (suffix: string, make: (data: Buffer) => Buffer): number =>
    fs.existsSync(`${file}${suffix}`) ? fs.statSync(`${file}${suffix}`).size : make(body).length;
  return {
    name,
    bytes: body.length,
    gzipBytes: compressed('.gz', (data) => zlib.gzipSync(data, { level: 9 })),
    brotliBytes: compressed('.br', (data) => zlib.brotliCompressSync(data)),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export async function runConsoleLoadBenchmark(options: {
  quick: boolean;
  log: (line: string) => void;
}): Promise<ConsoleLoadBenchmarkResult> {
  const { log } = options;
  const consoleDir = buildConsole(log);
  const assets = path.join(consoleDir, 'console-assets');
  const platform = await createBenchPlatform({ dialect: 'sqlite', mailer: new NullMailer() });
  const server = await startBenchServer(platform.ctx, { consoleDir });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const repetitions = options.quick ? 2 : 7;
  const pages = [
    { page: 'log-in page (/login)', path: '/login', heading: 'Log in to Certa', session: false },
    {
      page: 'dashboard right after log-in',
      path: `/console/o/${platform.organisationId}/dashboard`,
      heading: 'Dashboard',
      session: true,
    },
  ];
  const runs: ConsoleLoadRun[] = [];
  try {
    for (const target of pages) {
      const times: number[] = [];
      let names = new Set<string>();
      for (let repetition = 0; repetition < repetitions; repetition += 1) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        if (target.session)
          await context.addCookies([
            {
              name: 'certa_session',
              value: platform.ownerSessionToken,
              url: server.baseUrl,
              httpOnly: true,
              sameSite: 'Strict',
            },
          ]);
        const page = await context.newPage();
        const loaded = new Set<string>();
        page.on('response', (response) => {
          const { pathname } = new URL(response.url());
          if (pathname.startsWith('/console-assets/') && /\.(js|css)$/.test(pathname))
            loaded.add(pathname.slice('/console-assets/'.length));
        });
        const started = performance.now();
        await page.goto(`${server.baseUrl}${target.path}`);
        await page.getByRole('heading', { level: 1, name: target.heading }).waitFor();
        times.push(performance.now() - started);
        await page.waitForLoadState('networkidle');
        names = loaded;
        await context.close();
      }
      const files = [...names].sort().map((name) => sizeOf(assets, name));
      const kb = (key: 'bytes' | 'gzipBytes' | 'brotliBytes'): number =>
        Math.round((files.reduce((sum, file) => sum + file[key], 0) / 1000) * 10) / 10;
      const run: ConsoleLoadRun = {
        page: target.page,
        files,
        gzipKb: kb('gzipBytes'),
        brotliKb: kb('brotliBytes'),
        uncompressedKb: kb('bytes'),
        loadMs: { p50: Math.round(median(times)), max: Math.round(Math.max(...times)) },
        meetsTarget: kb('gzipBytes') <= CONSOLE_FIRST_LOAD_TARGET_KB,
      };
      runs.push(run);
      log(describeConsoleLoad(run));
    }
  } finally {
    await browser.close();
    await server.close();
    await platform.close();
  }
  return { targetKb: CONSOLE_FIRST_LOAD_TARGET_KB, runs };
}

/** One line per page, for the console output. */
export function describeConsoleLoad(run: ConsoleLoadRun): string {
  return (
    `${run.page}: ${run.files.length} files, ${run.gzipKb} KB gzip (${run.brotliKb} KB Brotli as sent, ` +
    `${run.uncompressedKb} KB uncompressed); heading visible after ${run.loadMs.p50} ms (max ${run.loadMs.max})`
  );
}
