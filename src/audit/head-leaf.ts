import type { Executor } from '../db/database.js';
import { chainHead } from './append-entries.js';
import { auditHeadDigest } from './entry-hash.js';

/** The chain's head when it has moved since the last head put into a batch. */
export interface UnanchoredHead {
  readonly seq: number;
  readonly hash: string;
  /** When the oldest entry not yet covered by an anchored head was appended. */
  readonly since: string;
  /** `auditHeadDigest(seq, hash)`: the leaf it becomes. */
  readonly digest: string;
}

/** The head to put into the next batch, or null when the last batch already holds it. */
export async function findUnanchoredHead(db: Executor): Promise<UnanchoredHead | null> {
  const head = await chainHead(db);
  const last = await db
    .selectFrom('auditHeads')
    .select('seq')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const lastSeq = last === undefined ? 0 : Number(last.seq);
  if (head.seq <= lastSeq) return null;
  const first = await db
    .selectFrom('auditEvents')
    .select('occurredAt')
    .where('seq', '=', lastSeq + 1)
    .executeTakeFirst();
  return {
    seq: head.seq,
    hash: head.hash,
    since: first?.occurredAt ?? new Date(0).toISOString(),
    digest: auditHeadDigest(head.seq, head.hash),
  };
}

/**
 * Records `head` as a leaf of the batch being made (a `batched` digest of kind `audit_head` and
 * its `audit_heads` row), in the batch's transaction; returns the digest's id.
 */
export async function recordHeadLeaf(
  trx: Executor,
  head: UnanchoredHead,
  now: string,
): Promise<number> {
  const digest = await trx
    .insertInto('anchorDigests')
    .values({
      digest: head.digest,
      kind: 'audit_head',
      documentId: null,
      status: 'batched',
      queuedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('auditHeads')
    .values({ seq: head.seq, hash: head.hash, anchorDigestId: digest.id, createdAt: now })
    .execute();
  return digest.id;
}
