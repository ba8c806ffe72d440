import { findUnanchoredHead, recordHeadLeaf, type UnanchoredHead } from '../audit/head-leaf.js';
import { randomPublicId } from '../crypto/random.js';
import type { Db } from '../db/database.js';
import {
  findQueuedDigests,
  insertBatch,
  insertLeaves,
  insertSubmissions,
  markDigestsBatched,
  queuedDigestSummary,
} from '../db/repositories/anchoring.repository.js';
import { buildMerkleTree } from '../../verifier/index.js';
import { asBuffer, nodeSha256Into } from '../verifier-node.js';

/** When a batch is made and what it starts. */
export interface BatchingSettings {
  /** A batch is due once the oldest queued digest has waited this long… */
  readonly intervalSeconds: number;
  /** …or once this many wait; also the most one batch takes. */
  readonly batchMax: number;
  /** Every backend gets a `new` submission for the batch. */
  readonly backendNames: readonly string[];
}

/** A batch just made. */
export interface CreatedBatch {
  readonly id: number;
  readonly publicId: string;
  readonly root: string;
  readonly leafCount: number;
}

function isDue(
  count: number,
  oldestQueuedAt: string | null,
  settings: BatchingSettings,
  now: Date,
): boolean {
  if (count === 0 || oldestQueuedAt === null) return false;
  if (count >= settings.batchMax) return true;
  return now.getTime() - Date.parse(oldestQueuedAt) >= settings.intervalSeconds * 1000;
}

/** The queue as the batcher sees it: the audit chain's unanchored head counts as one digest. */
function isDueWithHead(
  count: number,
  oldestQueuedAt: string | null,
  head: UnanchoredHead | null,
  settings: BatchingSettings,
  now: Date,
): boolean {
  if (head === null) return isDue(count, oldestQueuedAt, settings, now);
  const oldest =
    oldestQueuedAt === null || Date.parse(head.since) < Date.parse(oldestQueuedAt)
      ? head.since
      : oldestQueuedAt;
  return isDue(count + 1, oldest, settings, now);
}

/**
 * Makes one batch of the oldest queued digests when one is due, in ONE transaction: the batch
 * row (root, leaf count), every digest's leaf (index, serialised Merkle path) and its move from
 * `queued` to `batched`, and one `new` submission per backend. Either all of it is stored or
 * none: a crash leaves the digests queued. A digest is in exactly one batch — the leaf's primary
 * key is the digest — and a digest that is no longer queued (another worker got it) aborts the
 * whole transaction. The audit chain's head, when it moved since the last batch, is the batch's
 * last leaf (kind `audit_head`, recorded in `audit_heads`), and counts as a queued digest since
 * its oldest uncovered entry: a platform where only audit events happen still anchors its trail.
 * Returns null when no batch is due.
 */
export async function batchQueuedDigests(
  db: Db,
  settings: BatchingSettings,
  now: Date,
): Promise<CreatedBatch | null> {
  const summary = await queuedDigestSummary(db, settings.batchMax);
  const unanchored = await findUnanchoredHead(db);
  if (!isDueWithHead(summary.count, summary.oldestQueuedAt, unanchored, settings, now)) return null;
  return db.transaction().execute(async (trx) => {
    const head = await findUnanchoredHead(trx);
    const digests = await findQueuedDigests(trx, settings.batchMax - (head === null ? 0 : 1));
    const oldest = digests[0]?.queuedAt ?? null;
    if (!isDueWithHead(digests.length, oldest, head, settings, now)) return null;
    const createdAt = now.toISOString();
    const leafDigests = digests.map((row) => ({ id: row.id, digest: row.digest }));
    if (head !== null) {
      leafDigests.push({ id: await recordHeadLeaf(trx, head, createdAt), digest: head.digest });
    }
    const tree = buildMerkleTree(
      leafDigests.map((row) => Buffer.from(row.digest, 'hex')),
      nodeSha256Into,
    );
    const publicId = randomPublicId();
    const root = asBuffer(tree.root).toString('hex');
    const batchId = await insertBatch(trx, {
      publicId,
      root,
      leafCount: leafDigests.length,
      createdAt,
    });
    const leaves: { digestId: number; leafIndex: number; merklePath: Buffer }[] = [];
    let leafIndex = 0;
    for (const merklePath of tree.serializedPaths()) {
      const digest = leafDigests[leafIndex];
      if (digest === undefined) throw new Error('Merkle tree has more leaves than digests');
      leaves.push({ digestId: digest.id, leafIndex, merklePath: asBuffer(merklePath) });
      leafIndex += 1;
    }
    await insertLeaves(trx, batchId, leaves);
    const moved = await markDigestsBatched(
      trx,
      digests.map((row) => row.id),
    );
    if (moved !== digests.length) {
      throw new Error(`batch ${publicId}: ${digests.length - moved} digests were taken meanwhile`);
    }
    await insertSubmissions(trx, batchId, settings.backendNames, createdAt);
    return { id: batchId, publicId, root, leafCount: leafDigests.length };
  });
}
