import { availableParallelism } from 'node:os';
import type { DatabaseConfig } from '../config.js';
import type { Executor } from '../db/database.js';
import { rootOfSerializedPath } from '../anchoring/serialized-path-root.js';
import { auditHeadDigest, GENESIS_HASH } from './entry-hash.js';
import type { ChainBreak, ChainRange, RangeCheck } from './verify-range.js';
import { checkChainRangeIn } from './verify-range-copy.js';
import type { RangeWorkerInput, RangeWorkerOutput } from './verify-range.worker.js';
import { startWorkerModule } from '../worker-thread.js';

export type { ChainBreak } from './verify-range.js';

/** Below this many entries per range a worker thread costs more than it saves. */
const MIN_ENTRIES_PER_WORKER = 100_000;

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
  /** Threads that checked ranges at once (1 without `parallel` or for a short chain). */
  readonly threads: number;
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
/** How a long chain may be split across worker threads. */
export interface ParallelVerification {
  /**
   * Each worker opens its own connection with these settings (an in-memory SQLite cannot); on
   * PostgreSQL every range, the calling thread's too, is read by binary COPY on a connection of
   * its own (verify-range-copy.ts).
   */
  readonly database: DatabaseConfig;
  /** Threads checking at once, the calling one included; the machine's CPUs by default. */
  readonly threads?: number;
  /** A thread is added per this many entries at least (100,000 by default). */
  readonly minEntriesPerThread?: number;
}

export interface VerifyChainOptions {
  readonly fromAnchor?: boolean;
  /** Called after each page the calling thread checks, with its count so far. */
  readonly onPage?: (checked: number) => void;
  readonly parallel?: ParallelVerification;
}

/** Checks one range in the worker module next to this one (verify-range.worker.ts). */
function rangeWorker(input: RangeWorkerInput): Promise<RangeCheck> {
  return new Promise((resolve, reject) => {
    const worker = startWorkerModule('./verify-range.worker', import.meta.url, input);
    let settled = false;
    worker.once('message', (output: RangeWorkerOutput) => {
      settled = true;
      if (output.ok) resolve(output.check);
      else reject(new Error(`audit verify worker failed: ${output.error}`));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`audit verify worker exited (${code}) without a result`));
    });
  });
}

async function highestSeq(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('auditEvents')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  return row?.seq === null || row?.seq === undefined ? 0 : Number(row.seq);
}

/**
 * The ranges to check at once: one per thread when the chain is long enough, the last one open
 * (to the end of the table, as a single pass reads). Only the first knows the hash it follows.
 */
async function planRanges(
  db: Executor,
  start: number,
  prevHash: string | null,
  parallel: ParallelVerification | undefined,
): Promise<ChainRange[]> {
  const single: ChainRange[] = [{ fromSeq: start, toSeq: null, prevHash }];
  if (parallel === undefined) return single;
  if (parallel.database.dialect === 'sqlite' && parallel.database.file === ':memory:')
    return single;
  const entries = (await highestSeq(db)) - start + 1;
  const threads = Math.min(
    parallel.threads ?? availableParallelism(),
    Math.floor(entries / (parallel.minEntriesPerThread ?? MIN_ENTRIES_PER_WORKER)),
  );
  if (threads < 2) return single;
  const size = Math.ceil(entries / threads);
  return Array.from({ length: threads }, (_, index) => ({
    fromSeq: start + index * size,
    toSeq: index === threads - 1 ? null : start + (index + 1) * size,
    prevHash: index === 0 ? prevHash : null,
  }));
}

/**
 * Checks the audit chain, streaming it in pages by seq: every seq present and in order
 * (1, 2, 3…), every `prevHash` equal to the previous entry's hash, every hash equal to
 * SHA-256(prevHash || canonical JSON); and every anchored head: its leaf digest, its Merkle path
 * to its batch's root, and the chain's hash at its seq. Stops at the first break and names it.
 * With `fromAnchor`, starts at the newest head anchored in Bitcoin instead of seq 1 (the entries
 * before it are vouched for by that anchor; a full check still reads them all).
 *
 * With `parallel`, a long chain is cut into consecutive ranges checked at once (the calling
 * thread takes the first, a worker thread each other one, with its own connection): each range
 * is checked on its own from its first entry's stored `prevHash`, and the ranges are then joined
 * in order — a range's first entry must follow the previous range's last hash — so the first
 * break named is the one a single pass would name. Entries appended meanwhile may be read by the
 * last range or not, as with a single pass.
 */
export async function verifyAuditChain(
  db: Executor,
  options: VerifyChainOptions = {},
): Promise<ChainVerification> {
  const heads = await loadAnchoredHeads(db);
  const anchored = heads.filter((head) => head.batchStatus === 'anchored');
  const lastAnchored = anchored.at(-1) ?? null;
  const lastAnchoredHead = lastAnchored === null ? null : publicHead(lastAnchored);
  const start = options.fromAnchor === true && lastAnchored !== null ? lastAnchored.seq : 1;
  let threads = 1;
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
    threads,
    lastAnchoredHead,
    break: broken,
  });

  for (const head of heads) {
    if (head.seq < start) continue;
    const problem = headProblem(head);
    if (problem !== null) return result(0, { seq: start - 1, hash: GENESIS_HASH }, problem);
  }

  const anchoredHashes = new Map(heads.map((head) => [head.seq, head.hash]));
  const ranges = await planRanges(db, start, start === 1 ? GENESIS_HASH : null, options.parallel);
  threads = ranges.length;
  const [first, ...others] = ranges;
  if (first === undefined) throw new Error('no range to check');
  const checks = await Promise.all([
    checkChainRangeIn(db, options.parallel?.database, first, anchoredHashes, options.onPage),
    ...others.map((range) => {
      if (options.parallel === undefined) throw new Error('ranges without workers');
      return rangeWorker({
        database: options.parallel.database,
        range,
        anchoredHashes: [...anchoredHashes],
      });
    }),
  ]);

  let checked = 0;
  let last = { seq: start - 1, hash: first.prevHash ?? GENESIS_HASH };
  for (const [index, check] of checks.entries()) {
    const range = ranges[index];
    if (range === undefined) break;
    if (index > 0 && check.firstPrevHash !== null && check.firstPrevHash !== last.hash) {
      return result(checked, last, {
        seq: range.fromSeq,
        problem: 'prev_hash_mismatch',
        message: `Audit entry ${range.fromSeq} does not follow entry ${range.fromSeq - 1}: its prevHash is not that entry's hash (deleted, inserted or reordered).`,
      });
    }
    checked += check.checked;
    if (check.checked > 0) last = check.last;
    if (check.break !== null) return result(checked, last, check.break);
  }

  const expected = last.seq + 1;
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
