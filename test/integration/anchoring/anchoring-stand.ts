import { sql } from 'kysely';
import { expect } from 'vitest';
import { createAnchorWorker, type AnchorWorker } from '../../../src/anchoring/anchor-worker.js';
import type { AnchorBackend } from '../../../src/anchoring/backends/anchor-backend.js';
import { createAnchorBackends } from '../../../src/anchoring/backends/create-backends.js';
import {
  startEsploraStub,
  type BlockServerStub,
} from '../../../verifier/test-support/block-servers.js';
import { startCalendarStandIn, type CalendarStandIn } from '../../helpers/calendar-stand-in.js';
import {
  activate,
  activationLinkFor,
  issueOne,
  newApprovedIssuer,
  type TestIssuer,
} from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import type { Dialect } from '../../helpers/test-database.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/test-platform.js';

/** A platform anchoring through local calendar stand-ins, with an Esplora stand-in for headers. */
export interface AnchoringStand {
  readonly platform: TestPlatform;
  readonly issuer: TestIssuer;
  readonly esplora: BlockServerStub;
  readonly calendars: CalendarStandIn[];
  /** The configured backends (fresh objects), to wrap in tests. */
  backends(): AnchorBackend[];
  /** A worker as `certa worker` builds it (own lock owner), optionally with other backends. */
  worker(backends?: readonly AnchorBackend[]): AnchorWorker;
  close(): Promise<void>;
}

/** Short timeouts: a hanging stand-in costs a test one second, not ten. */
export const TEST_TIMEOUT_MS = 1_000;

export async function startAnchoringStand(
  dialect: Dialect,
  options: { calendars?: number; minCalendars?: number; env?: Record<string, string> } = {},
): Promise<AnchoringStand> {
  const esplora = await startEsploraStub([]);
  const calendars: CalendarStandIn[] = [];
  for (let i = 0; i < (options.calendars ?? 2); i += 1)
    calendars.push(await startCalendarStandIn(esplora));
  const platform = await startTestPlatform(dialect, {
    ANCHOR_BACKENDS: 'calendars',
    ANCHOR_CALENDARS: calendars.map((calendar) => calendar.url).join(','),
    ANCHOR_MIN_CALENDARS: String(options.minCalendars ?? 2),
    ANCHOR_INTERVAL_SECONDS: '600',
    ANCHOR_UPGRADE_INTERVAL_SECONDS: '600',
    BITCOIN_HEADER_SOURCE: `esplora:${esplora.url}`,
    // The tests move the clock by hours; the issuer's session must outlive that.
    SESSION_IDLE_MINUTES: String(30 * 24 * 60),
    SESSION_TTL_MINUTES: String(30 * 24 * 60),
    ...options.env,
  });
  const issuer = await newApprovedIssuer(platform, 'Institut de l’Horodatage');
  const workers: AnchorWorker[] = [];
  const backends = () =>
    createAnchorBackends(platform.config.anchoring, platform.ctx.bitcoinHeaders, {
      timeoutMs: TEST_TIMEOUT_MS,
    });
  return {
    platform,
    issuer,
    esplora,
    calendars,
    backends,
    worker(custom) {
      const worker = createAnchorWorker(platform.ctx, platform.config, {
        backends: custom ?? backends(),
      });
      if (worker === null) throw new Error('anchoring is off');
      workers.push(worker);
      return worker;
    },
    async close() {
      for (const worker of workers) await worker.stop().catch(() => undefined);
      await platform.close();
      for (const calendar of calendars) await calendar.close();
      await esplora.close();
    },
  };
}

/** Issues `count` documents and activates them: each queues a commitment and a PDF digest. */
export async function issueAndActivate(
  stand: AnchoringStand,
  count: number,
): Promise<{ documentId: string; pdf: Buffer; sha256: string }[]> {
  const documents = [];
  for (let i = 0; i < count; i += 1) {
    const documentId = await issueOne(stand.platform, stand.issuer);
    const { pdf, sha256 } = await activate(
      stand.platform,
      await activationLinkFor(stand.platform, documentId),
    );
    documents.push({ documentId, pdf, sha256 });
  }
  return documents;
}

/** Downloads a document's public proof. */
export function downloadProof(platform: TestPlatform, documentId: string) {
  return call(platform.baseUrl, 'GET', `/api/documents/${documentId}/proof.ots`);
}

/**
 * The invariants that must hold whatever happened: every digest is queued or in exactly one
 * batch, every batched digest has its leaf, and each batch's leaves are 0..n-1 of its count.
 */
export async function expectNothingLostNothingTwice(platform: TestPlatform): Promise<void> {
  const { db } = platform.ctx;
  const digests = await db
    .selectFrom('anchorDigests')
    .leftJoin('anchorLeaves', 'anchorLeaves.digestId', 'anchorDigests.id')
    .select(['anchorDigests.id', 'anchorDigests.status', 'anchorLeaves.batchId'])
    .execute();
  for (const digest of digests) {
    expect(digest.status === 'batched', `digest ${digest.id}`).toBe(digest.batchId !== null);
  }
  const leaves = await db.selectFrom('anchorLeaves').select(['digestId']).execute();
  expect(new Set(leaves.map((leaf) => leaf.digestId)).size).toBe(leaves.length);
  const batches = await db.selectFrom('anchorBatches').select(['id', 'leafCount']).execute();
  for (const batch of batches) {
    const result = await sql<{ n: number | string; top: number | null }>`
      select count(*) as n, max(leaf_index) as top from anchor_leaves where batch_id = ${batch.id}`.execute(
      db,
    );
    expect(Number(result.rows[0]?.n)).toBe(batch.leafCount);
    expect(Number(result.rows[0]?.top)).toBe(batch.leafCount - 1);
  }
}

/** Submissions of every batch, for assertions. */
export function allSubmissions(platform: TestPlatform) {
  return platform.ctx.db
    .selectFrom('anchorSubmissions')
    .innerJoin('anchorBatches', 'anchorBatches.id', 'anchorSubmissions.batchId')
    .select([
      'anchorBatches.root',
      'anchorBatches.status as batchStatus',
      'anchorSubmissions.backend',
      'anchorSubmissions.status',
      'anchorSubmissions.attempts',
      'anchorSubmissions.lastError',
      'anchorSubmissions.nextAttemptAt',
    ])
    .orderBy('anchorSubmissions.id')
    .execute();
}
