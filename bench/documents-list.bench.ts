import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import { sha256Hex } from '../src/crypto/digest.js';
import {
  organisationWrapper,
  sealRecord,
  wrapWithActivationSecret,
} from '../src/crypto/document-keys.js';
import { randomKey, randomPublicId } from '../src/crypto/random.js';
import { insertAuditEvents } from '../src/db/repositories/audit.repository.js';
import {
  countOrganisationDocuments,
  insertDocuments,
} from '../src/db/repositories/document.repository.js';
import type { DocumentListFilter } from '../src/db/repositories/document.repository.js';
import {
  findActiveOrganisationKey,
  findOrganisationByPublicId,
} from '../src/db/repositories/organisation.repository.js';
import type { DocumentsTable } from '../src/db/tables/documents.table.js';
import { EXACT_TOTAL_LIMIT } from '../src/documents/list-issuer-documents.js';
import {
  createBenchPlatform,
  NullMailer,
  probePostgres,
  startBenchServer,
} from './bench-platform.js';
import type { BenchDialect, BenchPlatform } from './bench-platform.js';
import { summarize } from './stats.js';
import type { Summary } from './stats.js';
import { tick } from './watchdog.js';

/** Targets for an organisation with {@link DOCUMENTS} documents, over HTTP. */
export const LIST_TARGETS = { firstPageP50Ms: 50, byIdP50Ms: 20 } as const;

/** Documents of the one organisation measured. */
const DOCUMENTS = 100_000;

/** Rows per insert transaction while filling the database. */
const FILL_CHUNK = 2_000;

const PROGRAMMES = [
  'Master of Science in Physics',
  'Bachelor of Chemistry',
  'Doctorate in Law',
  'Certificate of Attendance',
  'Diploma in Music',
  'Licence in Economics',
  'Master of Arts in History',
  'Bachelor of Engineering',
  'Certificate in Data Protection',
  'Diploma in Nursing',
] as const;

/** One database's measurements (ms, sequential requests from this process). */
export interface DocumentsListRun {
  readonly database: BenchDialect;
  readonly documents: number;
  readonly fillSeconds: number;
  /** GET …/documents: the first page, newest first, 25 rows, with its total. */
  readonly firstPage: Summary;
  /** GET …/documents?q=<document id>. */
  readonly searchById: Summary;
  /** GET …/documents/<document id>: the document, its timeline and anchors. */
  readonly documentById: Summary;
  /** GET …/documents?q=<piece of a title>: no index serves a substring, so it scans. */
  readonly searchByTitle: Summary;
  /** GET …/documents?status=pending&sort=title. */
  readonly filteredAndSorted: Summary;
  /** GET …/documents?page=2000&pageSize=50: the deepest page (offset pagination). */
  readonly lastPage: Summary;
  /** GET …/dashboard (30 days). */
  readonly dashboard: Summary;
  /** countOrganisationDocuments alone, in-process: capped at EXACT_TOTAL_LIMIT vs every row. */
  readonly cappedCountMs: Summary;
  readonly exactCountMs: Summary;
  readonly meetsTarget: boolean;
}

export interface DocumentsListBenchmarkResult {
  readonly targets: typeof LIST_TARGETS;
  readonly setup: string;
  readonly runs: DocumentsListRun[];
}

/**
 * Fills the organisation with `count` documents straight through the repositories, in
 * multi-row inserts: real wraps and ciphertexts (one X25519 agreement per chunk), titles from a
 * few programmes, issue dates spread over the past year, a realistic mix of states, and one
 * audit event per document.
 */
async function fill(platform: BenchPlatform, count: number): Promise<string[]> {
  const { ctx } = platform;
  const organisation = await findOrganisationByPublicId(ctx.db, platform.organisationId);
  if (organisation === undefined) throw new Error('the bench organisation is missing');
  const key = await findActiveOrganisationKey(ctx.db, organisation.id);
  if (key === undefined) throw new Error('the bench organisation has no key');
  const now = Date.now();
  const ids: string[] = [];
  for (let start = 0; start < count; start += FILL_CHUNK) {
    const wrapB = organisationWrapper(key.publicKey);
    const rows: Insertable<DocumentsTable>[] = [];
    for (let index = start; index < Math.min(count, start + FILL_CHUNK); index += 1) {
      const publicId = randomPublicId();
      const dek = randomKey();
      const record = Buffer.from(`{"documentId":"${publicId}","recipient":"Recipient ${index}"}`);
      // Oldest first, so ids and issue times grow together as in real life.
      const issuedAt = new Date(now - (count - index) * 300_000).toISOString();
      const kind = index % 20;
      const active = kind < 12;
      const revoked = kind === 12;
      rows.push({
        publicId,
        organisationId: organisation.id,
        organisationKeyId: key.id,
        template: 'certificate',
        title: `${PROGRAMMES[index % PROGRAMMES.length] ?? ''} ${2000 + (index % 27)}`,
        locale: 'en',
        status: revoked ? 'revoked' : active ? 'active' : 'pending',
        recordCiphertext: sealRecord(dek, record, publicId),
        wrapA: wrapWithActivationSecret(dek, randomKey(), publicId),
        wrapB: wrapB(dek, publicId),
        wrapM: null,
        commitment: sha256Hex(record),
        issuedAt,
        expiresAt: kind === 13 ? new Date(now - 86_400_000).toISOString() : null,
        activatedAt: active ? issuedAt : null,
        revokedAt: revoked ? issuedAt : null,
        revocationReason: revoked ? 'Issued in error' : null,
        pdfSha256: active ? sha256Hex(Buffer.from(publicId)) : null,
        pdfFile: null,
        activationLockedUntil: null,
        issuedByUserId: null,
        issuedByApiKeyId: platform.actor.apiKeyId,
        templateVersionId: null,
      });
      ids.push(publicId);
    }
    await ctx.db.transaction().execute(async (trx) => {
      await insertDocuments(trx, rows);
      await insertAuditEvents(
        trx,
        rows.map((row) => ({
          occurredAt: row.issuedAt,
          actorType: 'api_key' as const,
          actorId: platform.actor.apiKeyPublicId,
          action: 'document.issued',
          organisationId: organisation.id,
          targetId: row.publicId,
        })),
      );
    });
    tick();
  }
  // What autovacuum would have done by the time anyone lists 100,000 documents.
  if (platform.dialect === 'postgres') {
    await sql`vacuum analyze documents`.execute(ctx.db);
    await sql`vacuum analyze audit_events`.execute(ctx.db);
  } else {
    await sql`analyze`.execute(ctx.db);
  }
  return ids;
}

/** Calls `path` `samples` times after `warmUp` calls, one at a time; checks 200. */
async function measureHttp(
  baseUrl: string,
  token: string,
  path: (index: number) => string,
  samples: number,
  warmUp = 10,
): Promise<Summary> {
  const latencies: number[] = [];
  for (let index = 0; index < warmUp + samples; index += 1) {
    const started = performance.now();
    const response = await fetch(`${baseUrl}${path(index)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await response.text();
    const ms = performance.now() - started;
    if (response.status !== 200)
      throw new Error(`${path(index)} answered ${response.status}: ${body.slice(0, 200)}`);
    if (index >= warmUp) latencies.push(ms);
    tick();
  }
  return summarize(latencies);
}

async function measureInProcess(work: () => Promise<unknown>, samples: number): Promise<Summary> {
  const latencies: number[] = [];
  for (let index = 0; index < samples + 3; index += 1) {
    const started = performance.now();
    await work();
    if (index >= 3) latencies.push(performance.now() - started);
    tick();
  }
  return summarize(latencies);
}

async function runOn(
  dialect: BenchDialect,
  options: { quick: boolean; log: (line: string) => void },
): Promise<DocumentsListRun> {
  const documents = options.quick ? 20_000 : DOCUMENTS;
  const samples = options.quick ? 30 : 200;
  const platform = await createBenchPlatform({ dialect, mailer: new NullMailer() });
  try {
    const started = performance.now();
    const ids = await fill(platform, documents);
    const fillSeconds = (performance.now() - started) / 1000;
    options.log(
      `  ${dialect}: ${documents.toLocaleString('en')} documents in ${fillSeconds.toFixed(1)} s`,
    );
    const server = await startBenchServer(platform.ctx);
    try {
      const base = `/api/organisations/${platform.organisationId}`;
      const pick = (index: number) => ids[(index * 7919) % ids.length] ?? '';
      const http = (path: (index: number) => string, count = samples) =>
        measureHttp(server.baseUrl, platform.apiKey, path, count);
      const firstPage = await http(() => `${base}/documents`);
      const searchById = await http((index) => `${base}/documents?q=${pick(index)}`);
      const documentById = await http((index) => `${base}/documents/${pick(index)}`);
      const few = Math.max(10, Math.round(samples / 4));
      const searchByTitle = await http(() => `${base}/documents?q=history`, few);
      const filteredAndSorted = await http(
        () => `${base}/documents?status=pending&sort=title`,
        few,
      );
      const lastPage = await http(
        () => `${base}/documents?page=${Math.ceil(documents / 50)}&pageSize=50`,
        few,
      );
      const dashboard = await http(() => `${base}/dashboard`, few);

      const organisation = await findOrganisationByPublicId(
        platform.ctx.db,
        platform.organisationId,
      );
      const filter: DocumentListFilter = {
        organisationId: organisation?.id ?? 0,
        search: null,
        state: null,
        issuedFrom: null,
        issuedBefore: null,
        now: new Date().toISOString(),
      };
      const cappedCountMs = await measureInProcess(
        () => countOrganisationDocuments(platform.ctx.db, filter, EXACT_TOTAL_LIMIT),
        few,
      );
      const exactCountMs = await measureInProcess(
        () => countOrganisationDocuments(platform.ctx.db, filter, documents * 2),
        few,
      );
      const run: DocumentsListRun = {
        database: dialect,
        documents,
        fillSeconds,
        firstPage,
        searchById,
        documentById,
        searchByTitle,
        filteredAndSorted,
        lastPage,
        dashboard,
        cappedCountMs,
        exactCountMs,
        meetsTarget:
          firstPage.p50 <= LIST_TARGETS.firstPageP50Ms && searchById.p50 <= LIST_TARGETS.byIdP50Ms,
      };
      options.log(describeRun(run));
      return run;
    } finally {
      await server.close();
    }
  } finally {
    await platform.close();
  }
}

/** One line per measurement of a run. */
export function describeRun(run: DocumentsListRun): string {
  const line = (label: string, summary: Summary) =>
    `    ${label.padEnd(40)} p50 ${summary.p50.toFixed(1).padStart(7)} ms   p90 ${summary.p90.toFixed(1).padStart(7)} ms   p99 ${summary.p99.toFixed(1).padStart(7)} ms`;
  return [
    `  ${run.database}, ${run.documents.toLocaleString('en')} documents in one organisation:`,
    line('first page (25, newest first, total)', run.firstPage),
    line('search by id (?q=<id>)', run.searchById),
    line('one document (timeline, anchors)', run.documentById),
    line('search by title (?q=history)', run.searchByTitle),
    line('status=pending&sort=title', run.filteredAndSorted),
    line('last page (offset, pageSize 50)', run.lastPage),
    line('dashboard (30 days)', run.dashboard),
    line(
      `count, capped at ${EXACT_TOTAL_LIMIT.toLocaleString('en')} (in-process)`,
      run.cappedCountMs,
    ),
    line('count, every row (in-process)', run.exactCountMs),
  ].join('\n');
}

/**
 * One organisation with 100,000 documents (inserted through the repositories, not over HTTP),
 * then the console's list over HTTP, one request at a time, with an API key (read scope):
 * first page, search by id, the document page, a title search, a filtered and sorted page, the
 * last page and the dashboard. SQLite, then PostgreSQL when reachable.
 */
export async function runDocumentsListBenchmark(options: {
  quick: boolean;
  log: (line: string) => void;
}): Promise<DocumentsListBenchmarkResult> {
  const runs: DocumentsListRun[] = [await runOn('sqlite', options)];
  if ((await probePostgres()).available) runs.push(await runOn('postgres', options));
  return {
    targets: LIST_TARGETS,
    setup:
      'server in the benchmark process (rate limits off), sequential fetch requests with an API key, same 2-core machine',
    runs,
  };
}
