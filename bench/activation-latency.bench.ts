import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { randomPublicId } from '../src/crypto/random.js';
import { getCurrentTerms } from '../src/terms/current-terms.js';
import { activateDocument } from '../src/documents/activate-document.js';
import { ENGLISH_CERTIFICATE_LABELS, renderCertificatePdf } from '../src/pdf/render-certificate.js';
import {
  CapturingMailer,
  createBenchPlatform,
  issueInput,
  QueryTimer,
  startBenchServer,
  TimedBlobStore,
} from './bench-platform.js';
import type { ActivationLink, BenchDialect, BenchPlatform } from './bench-platform.js';
import { issueMany } from './issue-documents.bench.js';
import { startLoadMeter } from './load.js';
import type { LoadReading } from './load.js';
import { summarize } from './stats.js';
import type { Summary } from './stats.js';
import { tick } from './watchdog.js';

/** Target: median activation latency, ms. */
export const ACTIVATION_TARGET_P50_MS = 50;

/** Latencies of one series of sequential activations. */
export interface ActivationSeries {
  readonly label: string;
  readonly database: BenchDialect;
  readonly via: 'domain' | 'http';
  /** The first activation of the series (cold: first PDF, first route call…), ms. */
  readonly coldMs: number;
  /** All activations after the first, ms. */
  readonly warmMs: Summary;
  readonly meetsTarget: boolean;
  readonly load: LoadReading;
}

/** Where a warm domain activation spends its time (means, ms). */
export interface ActivationBreakdown {
  readonly totalMs: number;
  /** Sum of query times (load, terms ×2, organisation, update, 3 inserts). */
  readonly queriesMs: number;
  readonly queriesPerActivation: number;
  /** Writing the encrypted PDF (mkdir, write, rename). */
  readonly blobPutMs: number;
  /** renderCertificatePdf alone, with the same kind of content (p50 of its own series). */
  readonly pdfRenderP50Ms: number;
  /** total − queries − blob − render: unwrap, decrypt, SHA-256, seal, transaction overhead. */
  readonly restMs: number;
}

/** Everything the activation benchmark found. */
export interface ActivationBenchmarkResult {
  readonly targetP50Ms: number;
  readonly documentsPerSeries: number;
  readonly series: ActivationSeries[];
  readonly breakdown: ActivationBreakdown;
  readonly pdfRenderMs: Summary;
  /** Bytes of one rendered certificate. */
  readonly pdfBytes: number;
  /** How the HTTP series dealt with the per-route rate limit. */
  readonly httpNote: string;
}

/** Options of {@link runActivationBenchmark}. */
export interface ActivationBenchmarkOptions {
  readonly quick: boolean;
  /** Also run a domain series on PostgreSQL (when reachable). */
  readonly postgres: boolean;
  readonly log: (line: string) => void;
}

interface BenchActivation {
  readonly platform: BenchPlatform;
  readonly mailer: CapturingMailer;
  readonly termsVersion: number;
}

async function openWithDocuments(dialect: BenchDialect, count: number): Promise<BenchActivation> {
  const mailer = new CapturingMailer();
  const platform = await createBenchPlatform({ dialect, mailer });
  try {
    await issueMany(platform, count, 8, 0);
    const terms = await getCurrentTerms(platform.ctx, 'recipient', 'en');
    return { platform, mailer, termsVersion: terms.version };
  } catch (error) {
    await platform.close();
    throw error;
  }
}

function seriesOf(
  label: string,
  database: BenchDialect,
  via: 'domain' | 'http',
  latencies: number[],
  load: LoadReading,
): ActivationSeries {
  const [coldMs = Number.NaN, ...warm] = latencies;
  const warmMs = summarize(warm);
  return {
    label,
    database,
    via,
    coldMs,
    warmMs,
    meetsTarget: warmMs.p50 <= ACTIVATION_TARGET_P50_MS,
    load,
  };
}

/** Activates each link in turn through the use case; returns each latency (ms). */
async function activateInDomain(
  setup: BenchActivation,
  links: readonly ActivationLink[],
  ctx = setup.platform.ctx,
): Promise<number[]> {
  const latencies: number[] = [];
  for (const link of links) {
    const start = performance.now();
    const result = await activateDocument(ctx, {
      documentId: link.documentId,
      secret: link.secret,
      acceptTerms: true,
      termsVersion: setup.termsVersion,
    });
    latencies.push(performance.now() - start);
    tick();
    if (result.status !== 'active') throw new Error('activation did not activate');
  }
  return latencies;
}

/**
 * POST /api/activations/:id allows 30 requests a minute per client address, and
 * `buildApp({ rateLimits: false })` does not lift that per-route limit (its onRoute hook is
 * added after the rate-limit plugin's own, see the report). So that 200 activations in a row
 * measure the server and not the limiter, requests come from a new loopback source address
 * (127.0.0.2, 127.0.0.3, …) every {@link ACTIVATIONS_PER_ADDRESS} activations.
 */
const ACTIVATIONS_PER_ADDRESS = 25;

/** How the HTTP series got around the per-route rate limit (recorded with the results). */
export const HTTP_RATE_LIMIT_NOTE =
  'rateLimits:false leaves the 30/min limit of POST /api/activations on (src/app.ts adds its ' +
  'onRoute hook after registering @fastify/rate-limit); the series rotates the client source ' +
  `address (127.0.0.x) every ${ACTIVATIONS_PER_ADDRESS} activations`;

/** One HTTP request with a JSON body on a keep-alive agent; resolves with status and body. */
function requestJson(
  url: URL,
  method: 'GET' | 'POST',
  body: string | undefined,
  agent: http.Agent,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method,
        agent,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * Reads the current terms version as the activation page does (GET /api/activations/:id),
 * then activates each link in turn with POST /api/activations/:id; returns each latency (ms).
 */
async function activateOverHttp(
  baseUrl: string,
  links: readonly ActivationLink[],
): Promise<{ latencies: number[]; termsVersion: number }> {
  const agents: http.Agent[] = [];
  const agentFor = (index: number): http.Agent => {
    const slot = Math.floor(index / ACTIVATIONS_PER_ADDRESS);
    agents[slot] ??= new http.Agent({ keepAlive: true, localAddress: `127.0.0.${2 + slot}` });
    return agents[slot];
  };
  try {
    const first = links[0];
    if (first === undefined) return { latencies: [], termsVersion: Number.NaN };
    const info = await requestJson(
      new URL(`/api/activations/${first.documentId}`, baseUrl),
      'GET',
      undefined,
      agentFor(0),
    );
    const termsVersion = (JSON.parse(info.text) as { terms?: { version?: number } }).terms?.version;
    if (info.status !== 200 || termsVersion === undefined)
      throw new Error(`GET /api/activations answered ${info.status}`);

    const latencies: number[] = [];
    for (const [index, link] of links.entries()) {
      const start = performance.now();
      const response = await requestJson(
        new URL(`/api/activations/${link.documentId}`, baseUrl),
        'POST',
        JSON.stringify({ secret: link.secret, acceptTerms: true, termsVersion }),
        agentFor(index),
      );
      const body = JSON.parse(response.text) as { status?: string };
      latencies.push(performance.now() - start);
      tick();
      if (response.status !== 200 || body.status !== 'active') {
        throw new Error(`POST /api/activations answered ${response.status}: ${response.text}`);
      }
    }
    return { latencies, termsVersion };
  } finally {
    for (const agent of agents) agent.destroy();
  }
}

/** Renders `count` certificates like the ones activated, alone; latencies in ms. */
async function renderAlone(count: number): Promise<{ latencies: number[]; bytes: number }> {
  const latencies: number[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i += 1) {
    const input = issueInput(i);
    const documentId = randomPublicId();
    const start = performance.now();
    const pdf = await renderCertificatePdf({
      documentId,
      issuerName: 'Université du Benchmark',
      title: input.title,
      recipientName: input.recipient.name,
      fields: input.fields,
      issuedAt: new Date().toISOString(),
      expiresAt: null,
      activatedAt: new Date().toISOString(),
      verificationUrl: `http://localhost:8080/verify/${documentId}`,
      labels: ENGLISH_CERTIFICATE_LABELS,
    });
    latencies.push(performance.now() - start);
    tick();
    bytes = pdf.length;
  }
  return { latencies, bytes };
}

/**
 * Issues documents with a mailer that keeps the links in memory, then activates them one after
 * the other: through activateDocument (the first one is the cold start of the process's PDF
 * rendering), then over HTTP against a real server (POST /api/activations/:id). Times the
 * parts of a warm activation (queries, blob write, PDF rendering alone) to show where it goes.
 */
export async function runActivationBenchmark(
  options: ActivationBenchmarkOptions,
): Promise<ActivationBenchmarkResult> {
  const perSeries = options.quick ? 20 : 200;
  const series: ActivationSeries[] = [];

  const setup = await openWithDocuments('sqlite', perSeries * 3);
  let breakdown: ActivationBreakdown;
  let render: { latencies: number[]; bytes: number };
  try {
    const links = [...setup.mailer.links.values()];
    const domainLinks = links.slice(0, perSeries);
    const timedLinks = links.slice(perSeries, perSeries * 2);
    const httpLinks = links.slice(perSeries * 2, perSeries * 3);

    let stop = startLoadMeter();
    const domain = await activateInDomain(setup, domainLinks);
    series.push(seriesOf('domain, SQLite', 'sqlite', 'domain', domain, stop()));
    options.log(describe(series[series.length - 1]));

    // Same again with timers around the database and the blob store (not the reported series).
    const timer = new QueryTimer();
    const blobs = new TimedBlobStore(setup.platform.ctx.blobs);
    const timedCtx = { ...setup.platform.ctx, db: setup.platform.ctx.db.withPlugin(timer), blobs };
    const timedLatencies = await activateInDomain(setup, timedLinks, timedCtx);
    render = await renderAlone(options.quick ? 10 : 50);
    const count = timedLatencies.length;
    const totalMs = timedLatencies.reduce((sum, value) => sum + value, 0) / count;
    const pdfRenderP50Ms = summarize(render.latencies).p50;
    breakdown = {
      totalMs,
      queriesMs: timer.totalMs / count,
      queriesPerActivation: timer.count / count,
      blobPutMs: blobs.putMs / count,
      pdfRenderP50Ms,
      restMs: totalMs - timer.totalMs / count - blobs.putMs / count - pdfRenderP50Ms,
    };

    const server = await startBenchServer(setup.platform.ctx);
    try {
      stop = startLoadMeter();
      const overHttp = await activateOverHttp(server.baseUrl, httpLinks);
      if (overHttp.termsVersion !== setup.termsVersion)
        throw new Error('GET /api/activations gave another terms version than the database');
      series.push(seriesOf('HTTP, SQLite', 'sqlite', 'http', overHttp.latencies, stop()));
      options.log(describe(series[series.length - 1]));
    } finally {
      await server.close();
    }
  } finally {
    await setup.platform.close();
  }

  if (options.postgres) {
    const count = Math.max(10, Math.floor(perSeries / 2));
    const pgSetup = await openWithDocuments('postgres', count);
    try {
      const stop = startLoadMeter();
      const domain = await activateInDomain(pgSetup, [...pgSetup.mailer.links.values()]);
      series.push(seriesOf('domain, PostgreSQL', 'postgres', 'domain', domain, stop()));
      options.log(describe(series[series.length - 1]));
    } finally {
      await pgSetup.platform.close();
    }
  }

  return {
    targetP50Ms: ACTIVATION_TARGET_P50_MS,
    documentsPerSeries: perSeries,
    series,
    breakdown,
    pdfRenderMs: summarize(render.latencies),
    pdfBytes: render.bytes,
    httpNote: HTTP_RATE_LIMIT_NOTE,
  };
}

function describe(series: ActivationSeries | undefined): string {
  if (series === undefined) return '';
  return (
    `  ${series.label.padEnd(20)} cold ${series.coldMs.toFixed(1)} ms, warm p50 ` +
    `${series.warmMs.p50.toFixed(1)} / p90 ${series.warmMs.p90.toFixed(1)} / p99 ` +
    `${series.warmMs.p99.toFixed(1)} ms (${series.warmMs.count} activations)`
  );
}
