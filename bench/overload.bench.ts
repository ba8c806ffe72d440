/**
 * Overload (issue 11 #4): 200 concurrent verify uploads of a real signed PDF and 100 concurrent
 * activations, while one client polls a cheap GET (`/api/health`) back to back. Targets: that
 * GET's p99 ≤ 100 ms during the burst, and no request fails other than with 429 or 503 (the
 * bounded PDF queue refusing with Retry-After). Loopback only, bounded: one burst, each request
 * with a 60 s deadline. Rate limits are off, as for every benchmark server: the queue alone has
 * to protect the cheap GET here, as it would for many clients behind many addresses.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { percentile, round } from './stats.js';

export const OVERLOAD_PROBE_P99_TARGET_MS = 100;

export interface OverloadBenchmarkResult {
  readonly uploads: number;
  readonly activations: number;
  readonly seconds: number;
  /** The cheap GET during the burst. */
  readonly probe: { requests: number; p50: number; p99: number; max: number };
  /** Status counts of the heavy requests, e.g. {"200": 40, "503": 260}. */
  readonly uploadStatuses: Record<string, number>;
  readonly activationStatuses: Record<string, number>;
  /** Heavy requests that ended other than 200, 429 or 503 (network errors count too). */
  readonly unexpected: number;
  readonly meetsTarget: boolean;
}

function count(statuses: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

async function post(url: string, type: string, body: string | Buffer): Promise<string> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': type },
      body,
      signal: AbortSignal.timeout(60_000),
    });
    await response.arrayBuffer();
    return String(response.status);
  } catch (error) {
    return error instanceof Error ? error.name : 'error';
  }
}

interface ServerReady {
  baseUrl: string;
  termsVersion: number;
  links: Array<{ documentId: string; secret: string }>;
  pdf: string;
}

/** Starts bench/overload-server.child.ts and waits for its READY line. */
async function startServer(
  activations: number,
): Promise<{ ready: ServerReady; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(import.meta.dirname, 'overload-server.child.ts'),
      String(activations),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = readline.createInterface({ input: child.stdout });
  for await (const line of lines) {
    if (!line.startsWith('READY ')) continue;
    const ready = JSON.parse(line.slice('READY '.length)) as ServerReady;
    return {
      ready,
      stop: async () => {
        child.stdin.write('EXIT\n');
        await new Promise((resolve) => child.once('exit', resolve));
      },
    };
  }
  throw new Error('the overload server ended before it was ready');
}

export async function runOverloadBenchmark(options: {
  quick: boolean;
  log: (line: string) => void;
}): Promise<OverloadBenchmarkResult> {
  const { log } = options;
  const uploads = options.quick ? 50 : 200;
  const activations = options.quick ? 25 : 100;
  const server = await startServer(activations);
  try {
    const { baseUrl, termsVersion, links } = server.ready;
    const pdf = Buffer.from(server.ready.pdf, 'base64');
    const activate = (link: { documentId: string; secret: string }) =>
      post(
        `${baseUrl}/api/activations/${link.documentId}`,
        'application/json',
        JSON.stringify({ secret: link.secret, acceptTerms: true, termsVersion }),
      );
    log(
      `${activations} pending documents; uploading a ${Math.round(pdf.length / 1024)} KiB signed PDF.`,
    );

    const latencies: number[] = [];
    let probing = true;
    // Its own kept-alive connection, apart from the burst's: what one more client sees.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const probe = (async () => {
      while (probing) {
        const started = performance.now();
        await new Promise<void>((resolve, reject) => {
          http
            .get(`${baseUrl}/api/health`, { agent }, (response) => {
              response.resume();
              response.on('end', resolve);
            })
            .on('error', reject);
        });
        latencies.push(performance.now() - started);
      }
      agent.destroy();
    })();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    const [uploadStatuses, activationStatuses] = await Promise.all([
      Promise.all(
        Array.from({ length: uploads }, () =>
          post(`${baseUrl}/api/verify`, 'application/pdf', pdf),
        ),
      ),
      Promise.all(links.map(activate)),
    ]);
    const seconds = (performance.now() - started) / 1000;
    probing = false;
    await probe;
    const sorted = [...latencies].sort((a, b) => a - b);
    const unexpected = [...uploadStatuses, ...activationStatuses].filter(
      (status) => !['200', '429', '503'].includes(status),
    ).length;
    const result: OverloadBenchmarkResult = {
      uploads,
      activations,
      seconds: round(seconds, 2),
      probe: {
        requests: sorted.length,
        p50: round(percentile(sorted, 50)),
        p99: round(percentile(sorted, 99)),
        max: round(sorted[sorted.length - 1] ?? 0),
      },
      uploadStatuses: count(uploadStatuses),
      activationStatuses: count(activationStatuses),
      unexpected,
      meetsTarget: percentile(sorted, 99) <= OVERLOAD_PROBE_P99_TARGET_MS && unexpected === 0,
    };
    log(describeOverload(result));
    return result;
  } finally {
    await server.stop();
  }
}

/** One line for the console output. */
export function describeOverload(result: OverloadBenchmarkResult): string {
  const statuses = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([status, n]) => `${n}× ${status}`)
      .join(', ');
  return (
    `${result.uploads} verify uploads + ${result.activations} activations in ${result.seconds} s: ` +
    `GET /api/health p50 ${result.probe.p50} ms, p99 ${result.probe.p99} ms, max ${result.probe.max} ms ` +
    `(${result.probe.requests} requests); uploads ${statuses(result.uploadStatuses)}; ` +
    `activations ${statuses(result.activationStatuses)}; unexpected ${result.unexpected}`
  );
}
