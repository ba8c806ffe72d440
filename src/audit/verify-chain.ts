import { sql } from 'kysely';
import type { CompiledQuery } from 'kysely';
import type { Executor } from '../db/database.js';
import { rootOfSerializedPath } from '../anchoring/serialized-path-root.js';
import { auditEntryHash, auditHeadDigest, GENESIS_HASH } from './entry-hash.js';

/** Entries read per query: keyset pages over the `seq` index. */
const PAGE = 20_000;

interface RawEntry {
  seq: number | string;
  prevHash: string;
  hash: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  action: string;
  organisationId: number | string | null;
  targetId: string | null;
  detail: string | null;
}

/** One page of the chain from `fromSeq` (keyset by seq), its columns named as the hash needs. */
function pageQuery(db: Executor, fromSeq: number): CompiledQuery<RawEntry> {
  return sql<RawEntry>`select seq, prev_hash as "prevHash", hash, occurred_at as "occurredAt",
      actor_type as "actorType", actor_id as "actorId", action,
      organisation_id as "organisationId", target_id as "targetId", detail
    from audit_events where seq >= ${fromSeq} order by seq limit ${PAGE}`.compile(db);
}

/** The first thing found wrong, and where. */
export interface ChainBreak {
  /** The entry (or anchored head) at fault. */
  readonly seq: number;
  readonly problem:
    | 'missing'
    | 'out_of_order'
    | 'prev_hash_mismatch'
    | 'hash_mismatch'
    | 'anchored_head_mismatch'
    | 'anchored_head_missing'
    | 'anchor_digest_mismatch'
    | 'anchor_path_mismatch';
  /** One sentence naming the entry and what is wrong. */
  readonly message: string;
}

/** A head put into an anchor batch, and how far its batch got. */
export interface AnchoredHead {
  readonly seq: number;
  readonly hash: string;
  readonly createdAt: string;
  readonly batchPublicId: string | null;
  readonly batchStatus: 'queued' | 'pending' | 'anchored' | null;
  readonly bitcoinTime: string | null;
  readonly bitcoinHeight: number | null;
}

export interface ChainVerification {
  readonly ok: boolean;
  /** Entries checked (from seq 1, or from the anchored head with `fromAnchor`). */
  readonly checked: number;
  /** The first seq checked (1, or the anchored head's). */
  readonly fromSeq: number;
  /** The last entry read: the chain is intact up to here when `ok`. */
  readonly head: { readonly seq: number; readonly hash: string };
  readonly anchoredHeads: number;
  /** The newest head whose batch is anchored in Bitcoin, if any. */
  readonly lastAnchoredHead: AnchoredHead | null;
  readonly break: ChainBreak | null;
}

interface StoredHead extends AnchoredHead {
  readonly digest: string | null;
  readonly merklePath: Buffer | null;
  readonly root: string | null;
}

async function loadAnchoredHeads(db: Executor): Promise<StoredHead[]> {
  const rows = await db
    .selectFrom('auditHeads')
    .innerJoin('anchorDigests', 'anchorDigests.id', 'auditHeads.anchorDigestId')
    .leftJoin('anchorLeaves', 'anchorLeaves.digestId', 'anchorDigests.id')
    .leftJoin('anchorBatches', 'anchorBatches.id', 'anchorLeaves.batchId')
    .select([
      'auditHeads.seq',
      'auditHeads.hash',
      'auditHeads.createdAt',
      'anchorDigests.digest',
      'anchorLeaves.merklePath',
      'anchorBatches.root',
      'anchorBatches.publicId as batchPublicId',
      'anchorBatches.status as batchStatus',
      'anchorBatches.bitcoinTime',
      'anchorBatches.bitcoinHeight',
    ])
    .orderBy('auditHeads.seq')
    .execute();
  return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
}

/** The problem of an anchored head itself (its leaf and path), or null. */
function headProblem(head: StoredHead): ChainBreak | null {
  if (head.digest !== auditHeadDigest(head.seq, head.hash)) {
    return {
      seq: head.seq,
      problem: 'anchor_digest_mismatch',
      message: `The anchored head at seq ${head.seq} does not match the digest put in its anchor batch.`,
    };
  }
  if (head.merklePath !== null && head.root !== null) {
    const root = rootOfSerializedPath(Buffer.from(head.digest, 'hex'), head.merklePath);
    if (root === null || root.toString('hex') !== head.root) {
      return {
        seq: head.seq,
        problem: 'anchor_path_mismatch',
        message: `The anchored head at seq ${head.seq} does not lead to the Merkle root of batch ${head.batchPublicId ?? '?'}.`,
      };
    }
  }
  return null;
}

function publicHead(head: StoredHead): AnchoredHead {
  return {
    seq: head.seq,
    hash: head.hash,
    createdAt: head.createdAt,
    batchPublicId: head.batchPublicId,
    batchStatus: head.batchStatus,
    bitcoinTime: head.bitcoinTime,
    bitcoinHeight: head.bitcoinHeight,
  };
}

/**
 * Checks the audit chain, streaming it in pages of {@link PAGE}: every seq present and in order
 * (1, 2, 3…), every `prevHash` equal to the previous entry's hash, every hash equal to
 * SHA-256(prevHash || canonical JSON); and every anchored head: its leaf digest, its Merkle path
 * to its batch's root, and the chain's hash at its seq. Stops at the first break and names it.
 * With `fromAnchor`, starts at the newest head anchored in Bitcoin instead of seq 1 (the entries
 * before it are vouched for by that anchor; a full check still reads them all).
 */
export async function verifyAuditChain(
  db: Executor,
  options: { fromAnchor?: boolean; onPage?: (checked: number) => void } = {},
): Promise<ChainVerification> {
  const heads = await loadAnchoredHeads(db);
  const headsBySeq = new Map(heads.map((head) => [head.seq, head]));
  const anchored = heads.filter((head) => head.batchStatus === 'anchored');
  const lastAnchored = anchored.at(-1) ?? null;
  const lastAnchoredHead = lastAnchored === null ? null : publicHead(lastAnchored);
  const start = options.fromAnchor === true && lastAnchored !== null ? lastAnchored.seq : 1;
  const result = (
    checked: number,
    head: { seq: number; hash: string },
    broken: ChainBreak | null,
  ): ChainVerification => ({
    ok: broken === null,
    checked,
    fromSeq: start,
    head,
    anchoredHeads: heads.length,
    lastAnchoredHead,
    break: broken,
  });

  for (const head of heads) {
    if (head.seq < start) continue;
    const problem = headProblem(head);
    if (problem !== null) return result(0, { seq: start - 1, hash: GENESIS_HASH }, problem);
  }

  // Pages read without the CamelCase plugin (the SQL names its columns already): mapping a
  // million rows' keys cost more than hashing them.
  const raw = db.getExecutor().withoutPlugins();
  let expected = start;
  let prevHash: string | null = start === 1 ? GENESIS_HASH : null;
  let checked = 0;
  let last = { seq: start - 1, hash: prevHash ?? GENESIS_HASH };
  for (;;) {
    const { rows } = await raw.executeQuery(pageQuery(db, expected));
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expected) {
        return result(checked, last, {
          seq: expected,
          problem: 'missing',
          message: `Audit entry ${expected} is missing (the next stored entry is ${seq}).`,
        });
      }
      if (prevHash !== null && row.prevHash !== prevHash) {
        return result(checked, last, {
          seq,
          problem: 'prev_hash_mismatch',
          message: `Audit entry ${seq} does not follow entry ${seq - 1}: its prevHash is not that entry's hash (deleted, inserted or reordered).`,
        });
      }
      const organisationId = row.organisationId === null ? null : Number(row.organisationId);
      const hash = auditEntryHash(row.prevHash, {
        seq,
        occurredAt: row.occurredAt,
        actorType: row.actorType,
        actorId: row.actorId,
        action: row.action,
        organisationId,
        targetId: row.targetId,
        detail: row.detail,
      });
      if (hash !== row.hash) {
        return result(checked, last, {
          seq,
          problem: 'hash_mismatch',
          message: `Audit entry ${seq} was altered: its hash does not match its content.`,
        });
      }
      const anchoredHead = headsBySeq.get(seq);
      if (anchoredHead !== undefined && anchoredHead.hash !== hash) {
        return result(checked, last, {
          seq,
          problem: 'anchored_head_mismatch',
          message: `Audit entry ${seq} does not match the head anchored at that seq: the chain was rewritten up to there.`,
        });
      }
      prevHash = hash;
      checked += 1;
      expected = seq + 1;
      last = { seq, hash };
    }
    options.onPage?.(checked);
    if (rows.length < PAGE) break;
  }
  const beyond = heads.find((head) => head.seq >= expected);
  if (beyond !== undefined) {
    return result(checked, last, {
      seq: beyond.seq,
      problem: 'anchored_head_missing',
      message: `Audit entry ${beyond.seq} was anchored but is no longer in the chain (it ends at ${expected - 1}).`,
    });
  }
  if (start > 1 && checked === 0) {
    return result(checked, last, {
      seq: start,
      problem: 'missing',
      message: `Audit entry ${start} is missing.`,
    });
  }
  return result(checked, last, null);
}
