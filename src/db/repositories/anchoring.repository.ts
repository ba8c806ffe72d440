import { sql } from 'kysely';
import type { Updateable } from 'kysely';
import type { Executor } from '../database.js';
import { reusableQuery } from '../reusable-query.js';
import type {
  AnchorBatchesTable,
  AnchorBatchStatus,
  AnchorDigestKind,
  AnchorSubmissionsTable,
} from '../tables/anchoring.table.js';

/** Rows per multi-row INSERT, and ids per `IN (…)`: well under both dialects' parameter limits. */
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < items.length; at += size) out.push(items.slice(at, at + size));
  return out;
}

/** How many digests wait (counted up to `limit`) and when the oldest of them was queued. */
export async function queuedDigestSummary(
  db: Executor,
  limit: number,
): Promise<{ count: number; oldestQueuedAt: string | null }> {
  const oldest = await db
    .selectFrom('anchorDigests')
    .select('queuedAt')
    .where('status', '=', 'queued')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (oldest === undefined) return { count: 0, oldestQueuedAt: null };
  const counted = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('anchorDigests')
        .select('id')
        .where('status', '=', 'queued')
        .limit(limit)
        .as('waiting'),
    )
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .executeTakeFirstOrThrow();
  return { count: Number(counted.n), oldestQueuedAt: oldest.queuedAt };
}

/** The oldest queued digests, in queue order (id), at most `limit`. */
export function findQueuedDigests(db: Executor, limit: number) {
  return db
    .selectFrom('anchorDigests')
    .select(['id', 'digest', 'queuedAt'])
    .where('status', '=', 'queued')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function insertBatch(
  db: Executor,
  values: { publicId: string; root: string; leafCount: number; createdAt: string },
): Promise<number> {
  const row = await db
    .insertInto('anchorBatches')
    .values({ ...values, status: 'queued' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Stores every leaf of a batch (digest id, index, serialised Merkle path). */
export async function insertLeaves(
  db: Executor,
  batchId: number,
  leaves: readonly { digestId: number; leafIndex: number; merklePath: Buffer }[],
): Promise<void> {
  for (const part of chunks(leaves)) {
    await db
      .insertInto('anchorLeaves')
      .values(part.map((leaf) => ({ ...leaf, batchId })))
      .execute();
  }
}

/** Moves queued digests to `batched`; returns how many were still queued (and so moved). */
export async function markDigestsBatched(db: Executor, ids: readonly number[]): Promise<number> {
  let moved = 0;
  for (const part of chunks(ids)) {
    const result = await db
      .updateTable('anchorDigests')
      .set({ status: 'batched' })
      .where('id', 'in', part)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    moved += Number(result.numUpdatedRows);
  }
  return moved;
}

/** One `new` submission per backend for a batch; an existing (batch, backend) row is kept. */
export async function insertSubmissions(
  db: Executor,
  batchId: number,
  backends: readonly string[],
  now: string,
): Promise<void> {
  if (backends.length === 0) return;
  await db
    .insertInto('anchorSubmissions')
    .values(
      backends.map((backend) => ({
        batchId,
        backend,
        status: 'new' as const,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .onConflict((oc) => oc.columns(['batchId', 'backend']).doNothing())
    .execute();
}

/** Batches still waiting for enough backends to accept them (to add newly configured backends). */
export function findQueuedBatchIds(db: Executor) {
  return db.selectFrom('anchorBatches').select('id').where('status', '=', 'queued').execute();
}

const SUBMISSION_COLUMNS = [
  'anchorSubmissions.id',
  'anchorSubmissions.batchId',
  'anchorSubmissions.backend',
  'anchorSubmissions.status',
  'anchorSubmissions.state',
  'anchorSubmissions.timestamp',
  'anchorSubmissions.bitcoinHeight',
  'anchorSubmissions.bitcoinTime',
  'anchorSubmissions.attempts',
  'anchorSubmissions.lastError',
  'anchorSubmissions.lastErrorMessage',
  'anchorSubmissions.nextAttemptAt',
  'anchorSubmissions.submittedAt',
  'anchorSubmissions.completedAt',
  'anchorSubmissions.version',
] as const;

/**
 * Submissions with a step to do now: not complete, of a batch not anchored yet — or, for a
 * calendar still pending, of a batch anchored after `keepUpgradingSince` (another backend
 * anchored it first; this one's own Bitcoin attestation is still worth having) — and not waiting
 * for a backoff or the upgrade interval. Oldest first.
 */
export function findDueSubmissions(
  db: Executor,
  now: string,
  limit: number,
  keepUpgradingSince: string,
) {
  return db
    .selectFrom('anchorSubmissions')
    .innerJoin('anchorBatches', 'anchorBatches.id', 'anchorSubmissions.batchId')
    .select([
      ...SUBMISSION_COLUMNS,
      'anchorBatches.publicId as batchPublicId',
      'anchorBatches.root as batchRoot',
      'anchorBatches.leafCount as batchLeafCount',
    ])
    .where((eb) =>
      eb.or([
        eb.and([
          eb('anchorBatches.status', 'in', ['queued', 'pending']),
          eb('anchorSubmissions.status', 'in', ['new', 'prepared', 'pending']),
        ]),
        eb.and([
          eb('anchorBatches.status', '=', 'anchored'),
          eb('anchorBatches.anchoredAt', '>', keepUpgradingSince),
          eb('anchorSubmissions.status', '=', 'pending'),
        ]),
      ]),
    )
    .where((eb) =>
      eb.or([
        eb('anchorSubmissions.nextAttemptAt', 'is', null),
        eb('anchorSubmissions.nextAttemptAt', '<=', now),
      ]),
    )
    .orderBy('anchorSubmissions.batchId')
    .orderBy('anchorSubmissions.id')
    .limit(limit)
    .execute();
}

export type DueSubmission = Awaited<ReturnType<typeof findDueSubmissions>>[number];

/**
 * Updates a submission if nobody else did since it was read at `expectedVersion`; returns
 * whether it did. A stale writer (a worker that lost its lock) can never overwrite newer state.
 */
export async function updateSubmission(
  db: Executor,
  id: number,
  expectedVersion: number,
  values: Updateable<AnchorSubmissionsTable> & { updatedAt: string },
): Promise<boolean> {
  const result = await db
    .updateTable('anchorSubmissions')
    .set({ ...values, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export function findSubmissionsOfBatch(db: Executor, batchId: number) {
  return db
    .selectFrom('anchorSubmissions')
    .select(SUBMISSION_COLUMNS)
    .where('batchId', '=', batchId)
    .orderBy('id')
    .execute();
}

export function findSubmissionsOfBatches(db: Executor, batchIds: readonly number[]) {
  if (batchIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('anchorSubmissions')
    .select(SUBMISSION_COLUMNS)
    .where('batchId', 'in', batchIds)
    .orderBy('id')
    .execute();
}

export function findBatchById(db: Executor, id: number) {
  return db.selectFrom('anchorBatches').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateBatch(
  db: Executor,
  id: number,
  values: Updateable<AnchorBatchesTable>,
): Promise<void> {
  await db.updateTable('anchorBatches').set(values).where('id', '=', id).execute();
}

/** A document's digests with their leaf and batch, in queue order. */
const digestAnchorsOf = reusableQuery((db, documentId: number) =>
  db
    .selectFrom('anchorDigests')
    .leftJoin('anchorLeaves', 'anchorLeaves.digestId', 'anchorDigests.id')
    .leftJoin('anchorBatches', 'anchorBatches.id', 'anchorLeaves.batchId')
    .select([
      'anchorDigests.id',
      'anchorDigests.digest',
      'anchorDigests.kind',
      'anchorDigests.queuedAt',
      'anchorLeaves.batchId',
      'anchorLeaves.merklePath',
      'anchorBatches.publicId as batchPublicId',
      'anchorBatches.status as batchStatus',
      'anchorBatches.rootTimestamp',
      'anchorBatches.bitcoinHeight',
      'anchorBatches.bitcoinTime',
      'anchorBatches.pendingAt',
      'anchorBatches.anchoredAt',
    ])
    .where('anchorDigests.documentId', '=', documentId)
    .orderBy('anchorDigests.id'),
);

/** A document's digests with their leaf and batch (the verify hot path: a reusable query). */
export function findDigestAnchors(db: Executor, documentId: number) {
  return digestAnchorsOf(db, documentId);
}

export type DigestAnchorRow = Awaited<ReturnType<typeof findDigestAnchors>>[number];

/** The most recent digest of a kind for a document (a document has one of each). */
export async function findDigestAnchor(
  db: Executor,
  documentId: number,
  kind: AnchorDigestKind,
): Promise<DigestAnchorRow | undefined> {
  const rows = await findDigestAnchors(db, documentId);
  return rows.filter((row) => row.kind === kind).at(-1);
}

/** Counts of digests by state and of batches by status, for the operator's overview. */
export async function anchoringCounts(db: Executor): Promise<{
  queuedDigests: number;
  oldestQueuedAt: string | null;
  batches: Record<AnchorBatchStatus, number>;
}> {
  const queued = await db
    .selectFrom('anchorDigests')
    .select((eb) => [
      eb.fn.countAll<number | string | bigint>().as('n'),
      eb.fn.min('queuedAt').as('oldest'),
    ])
    .where('status', '=', 'queued')
    .executeTakeFirstOrThrow();
  const byStatus = await db
    .selectFrom('anchorBatches')
    .select(['status', (eb) => eb.fn.countAll<number | string | bigint>().as('n')])
    .groupBy('status')
    .execute();
  const batches: Record<AnchorBatchStatus, number> = { queued: 0, pending: 0, anchored: 0 };
  for (const row of byStatus) batches[row.status] = Number(row.n);
  return {
    queuedDigests: Number(queued.n),
    oldestQueuedAt: queued.oldest ?? null,
    batches,
  };
}

/** The latest batches, newest first. */
export function listRecentBatches(db: Executor, limit: number) {
  return db.selectFrom('anchorBatches').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

/**
 * Takes or renews the lease `name` for `owner` until `expiresAt`, in one statement: it succeeds
 * when nobody holds it, when `owner` already does, or when the holder's lease has expired.
 */
export async function takeLease(
  db: Executor,
  values: { name: string; owner: string; now: string; expiresAt: string },
): Promise<boolean> {
  await db
    .insertInto('anchorWorkerLeases')
    .values({
      name: values.name,
      owner: values.owner,
      expiresAt: values.expiresAt,
      acquiredAt: values.now,
    })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({
          owner: values.owner,
          expiresAt: values.expiresAt,
          acquiredAt: sql<string>`case when ${sql.ref('anchor_worker_leases.owner')} = ${values.owner} then ${sql.ref('anchor_worker_leases.acquired_at')} else ${values.now} end`,
        })
        .where((eb) =>
          eb.or([
            eb('anchorWorkerLeases.owner', '=', values.owner),
            eb('anchorWorkerLeases.expiresAt', '<', values.now),
          ]),
        ),
    )
    .execute();
  const row = await db
    .selectFrom('anchorWorkerLeases')
    .select('owner')
    .where('name', '=', values.name)
    .executeTakeFirst();
  return row?.owner === values.owner;
}

/** Gives the lease up if `owner` holds it. */
export async function releaseLease(db: Executor, name: string, owner: string): Promise<void> {
  await db
    .deleteFrom('anchorWorkerLeases')
    .where('name', '=', name)
    .where('owner', '=', owner)
    .execute();
}
