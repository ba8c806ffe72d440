import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import { randomPublicId } from '../src/crypto/random.js';
import { insertDocuments } from '../src/db/repositories/document.repository.js';
import {
  findActiveOrganisationKey,
  findOrganisationByPublicId,
} from '../src/db/repositories/organisation.repository.js';
import {
  ensureStatusList,
  MIN_STATUS_LIST_LENGTH,
} from '../src/db/repositories/status-list.repository.js';
import type { DocumentsTable } from '../src/db/tables/documents.table.js';
import { publishedStatusList, regenerateStatusLists } from '../src/documents/status-list.js';
import { createBenchPlatform, NullMailer, startBenchServer } from './bench-platform.js';
import { summarize } from './stats.js';
import type { Summary } from './stats.js';
import { tick } from './watchdog.js';

/** Target: regenerating one issuer's two lists (1,000,000 documents) within a second. */
export const STATUS_LIST_REGENERATION_TARGET_MS = 1000;

const DOCUMENTS = 1_000_000;
const FILL_CHUNK = 5_000;
const CONNECTIONS = 50;

export interface StatusListBenchmarkResult {
  readonly database: 'sqlite';
  readonly documents: number;
  readonly listLength: number;
  readonly revoked: number;
  readonly suspended: number;
  readonly fillSeconds: number;
  /** regenerateStatusLists: read the flagged positions, encode, GZIP and sign both lists. */
  readonly regenerationMs: Summary;
  /** Bytes of the revocation list's application/vc+jwt. */
  readonly credentialBytes: number;
  /** GET …/status-lists/revocation with If-None-Match (every answer 304). */
  readonly revalidation: {
    requestsPerSecond: number;
    p50Ms: number;
    p99Ms: number;
    non304: number;
  };
  /** The same without If-None-Match (every answer the whole credential, 200). */
  readonly full: { requestsPerSecond: number; p50Ms: number; p99Ms: number; non2xx: number };
  readonly meetsTarget: boolean;
}

/**
 * Fills one organisation with `count` activated documents straight through the repositories
 * (placeholder ciphertexts: only states and positions matter here), each at a distinct random
 * position of a list as long as activation would have made it; 5 % revoked, 1 % suspended.
 */
async function fill(
  platform: Awaited<ReturnType<typeof createBenchPlatform>>,
  count: number,
): Promise<{ organisationId: number; length: number; revoked: number; suspended: number }> {
  const { ctx } = platform;
  const organisation = await findOrganisationByPublicId(ctx.db, platform.organisationId);
  if (organisation === undefined) throw new Error('the bench organisation is missing');
  const key = await findActiveOrganisationKey(ctx.db, organisation.id);
  if (key === undefined) throw new Error('the bench organisation has no key');
  let length = MIN_STATUS_LIST_LENGTH;
  while (count * 2 > length) length *= 2;
  // A random permutation's first `count` values: distinct positions, in no order.
  const positions = new Int32Array(length);
  for (let i = 0; i < length; i += 1) positions[i] = i;
  for (let i = 0; i < count; i += 1) {
    const j = i + Math.floor(Math.random() * (length - i));
    const swap = positions[i] ?? 0;
    positions[i] = positions[j] ?? 0;
    positions[j] = swap;
  }
  const blob = Buffer.alloc(16);
  const now = new Date().toISOString();
  let revoked = 0;
  let suspended = 0;
  for (let start = 0; start < count; start += FILL_CHUNK) {
    const rows: Insertable<DocumentsTable>[] = [];
    for (let index = start; index < Math.min(count, start + FILL_CHUNK); index += 1) {
      const kind = index % 100;
      const status = kind < 5 ? 'revoked' : kind === 5 ? 'suspended' : 'active';
      if (status === 'revoked') revoked += 1;
      if (status === 'suspended') suspended += 1;
      rows.push({
        publicId: randomPublicId(),
        organisationId: organisation.id,
        organisationKeyId: key.id,
        template: 'certificate',
        title: 'Certificate of Attendance',
        locale: 'en',
        status,
        recordCiphertext: blob,
        wrapA: blob,
        wrapB: blob,
        wrapM: null,
        commitment: '0'.repeat(64),
        issuedAt: now,
        expiresAt: null,
        activatedAt: now,
        revokedAt: status === 'revoked' ? now : null,
        revocationReason: status === 'revoked' ? 'Issued in error' : null,
        pdfSha256: null,
        pdfFile: null,
        activationLockedUntil: null,
        issuedByUserId: null,
        issuedByApiKeyId: platform.actor.apiKeyId,
        templateVersionId: null,
        statusListIndex: positions[index] ?? 0,
      });
    }
    await ctx.db.transaction().execute((trx) => insertDocuments(trx, rows));
    tick();
  }
  await ensureStatusList(ctx.db, organisation.id);
  await ctx.db
    .updateTable('statusLists')
    .set({ length, assigned: count, version: sql`version + 1` })
    .where('organisationId', '=', organisation.id)
    .execute();
  await sql`analyze`.execute(ctx.db);
  return { organisationId: organisation.id, length, revoked, suspended };
}

/**
 * One issuer with 1,000,000 documents on SQLite: how long regenerating its two lists takes, and
 * how many requests per second the list serves over HTTP when clients revalidate with their ETag
 * (304) and when they fetch it whole.
 */
export async function runStatusListBenchmark(options: {
  quick: boolean;
  log: (line: string) => void;
}): Promise<StatusListBenchmarkResult> {
  const count = options.quick ? 100_000 : DOCUMENTS;
  const platform = await createBenchPlatform({ dialect: 'sqlite', mailer: new NullMailer() });
  try {
    const fillStarted = performance.now();
    const filled = await fill(platform, count);
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    options.log(`filled ${count.toLocaleString('en')} documents in ${fillSeconds.toFixed(1)} s`);
    const organisation = { id: filled.organisationId, publicId: platform.organisationId };
    const samples: number[] = [];
    for (let run = 0; run < (options.quick ? 3 : 7); run += 1) {
      const started = performance.now();
      await regenerateStatusLists(platform.ctx, organisation);
      if (run > 0) samples.push(performance.now() - started);
      tick();
    }
    const regenerationMs = summarize(samples);
    options.log(`regenerate both lists: p50 ${regenerationMs.p50.toFixed(0)} ms`);

    const list = await publishedStatusList(platform.ctx, platform.organisationId, 'revocation');
    const server = await startBenchServer(platform.ctx);
    try {
      const url = `${server.baseUrl}/api/issuers/${platform.organisationId}/status-lists/revocation`;
      const seconds = options.quick ? 3 : 10;
      const revalidated = await autocannon({
        url,
        headers: { 'if-none-match': list.etag },
        connections: CONNECTIONS,
        duration: seconds,
        workers: 1,
      });
      tick();
      const whole = await autocannon({
        url,
        connections: CONNECTIONS,
        duration: seconds,
        workers: 1,
      });
      tick();
      const result: StatusListBenchmarkResult = {
        database: 'sqlite',
        documents: count,
        listLength: filled.length,
        revoked: filled.revoked,
        suspended: filled.suspended,
        fillSeconds,
        regenerationMs,
        credentialBytes: Buffer.byteLength(list.credential),
        revalidation: {
          requestsPerSecond: revalidated.requests.mean,
          p50Ms: revalidated.latency.p50,
          p99Ms: revalidated.latency.p99,
          non304: revalidated.latency.totalCount - (revalidated.statusCodeStats['304']?.count ?? 0),
        },
        full: {
          requestsPerSecond: whole.requests.mean,
          p50Ms: whole.latency.p50,
          p99Ms: whole.latency.p99,
          non2xx: whole.non2xx,
        },
        meetsTarget: regenerationMs.p50 <= STATUS_LIST_REGENERATION_TARGET_MS,
      };
      options.log(describeStatusList(result));
      return result;
    } finally {
      await server.close();
    }
  } finally {
    await platform.close();
  }
}

/** One line per measurement, for the console. */
export function describeStatusList(result: StatusListBenchmarkResult): string {
  return [
    `${result.documents.toLocaleString('en')} documents (${result.revoked.toLocaleString('en')} revoked, ${result.suspended.toLocaleString('en')} suspended), list of ${result.listLength.toLocaleString('en')} bits, ${(result.credentialBytes / 1024).toFixed(0)} KiB vc+jwt`,
    `regenerate both lists: p50 ${result.regenerationMs.p50.toFixed(0)} ms (p90 ${result.regenerationMs.p90.toFixed(0)} ms), target ≤ ${STATUS_LIST_REGENERATION_TARGET_MS} ms`,
    `GET with If-None-Match: ${result.revalidation.requestsPerSecond.toFixed(0)} req/s (p50 ${result.revalidation.p50Ms} ms, p99 ${result.revalidation.p99Ms} ms, non-304 ${result.revalidation.non304})`,
    `GET the whole list: ${result.full.requestsPerSecond.toFixed(0)} req/s (p50 ${result.full.p50Ms} ms, p99 ${result.full.p99Ms} ms, non-2xx ${result.full.non2xx})`,
  ].join('\n');
}
