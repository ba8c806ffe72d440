/**
 * Issue 4's anchoring target: building one batch's Merkle tree and every leaf's proof, for
 * 10,000, 100,000 and 1,000,000 leaves (target: 1,000,000 in ≤ 3 s), and the time to verify one
 * complete `.ots` proof (parse + evaluate every operation + compare with the block header).
 *
 * "Every leaf's proof" is measured twice:
 * - paths: what the anchoring worker stores per leaf (the serialised Merkle path,
 *   `MerkleTree.serializedPaths`), which is the whole per-batch cost;
 * - complete files: each leaf's full `.ots` file (header, file digest, path, the root's Bitcoin
 *   part), byte-identical to what a download returns, to show that assembling them all is cheap
 *   too.
 * Pure CPU, no database: the database side of batching is part of the anchoring tests.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  BitcoinBlockHeaderAttestation,
  DetachedTimestampFile,
  HEADER_MAGIC,
  MAJOR_VERSION,
  OP_TAGS,
  OpAppend,
  OpPrepend,
  OpSha256,
  Timestamp,
  buildMerkleTree,
  verifyTimestamp,
  type BlockHeader,
  type BlockHeaderSource,
} from '../verifier/index.js';
import { nodeSha256Into } from '../src/verifier-node.js';
import { summarize, type Summary } from './stats.js';
import { tick } from './watchdog.js';

export interface TreeRun {
  readonly leaves: number;
  /** Build + every leaf's serialised path, best and median of the repetitions (ms). */
  readonly pathsMs: { readonly best: number; readonly median: number };
  /** Of which building the tree alone (ms, median). */
  readonly buildMs: number;
  /** Build + every leaf's complete `.ots` file (ms, median). */
  readonly filesMs: number;
  /** Bytes of one leaf's complete `.ots` file (the last leaf's). */
  readonly proofBytes: number;
  readonly repetitions: number;
  readonly meetsTarget: boolean | null;
}

export interface TreeBenchmarkResult {
  readonly targetLeaves: number;
  readonly targetSeconds: number;
  readonly runs: readonly TreeRun[];
  /** Verifying one complete proof of a 1,000,000-leaf batch, µs per proof. */
  readonly verifyOneProofUs: Summary;
  readonly verifyNote: string;
}

const TARGET_LEAVES = 1_000_000;
const TARGET_SECONDS = 3;
const BLOCK_HEIGHT = 923_456;
const BLOCK_TIME = 1_795_000_000;

function median(values: readonly number[]): number {
  return summarize(values).p50;
}

/** The root's part of every proof: a calendar-like commitment, then a Bitcoin block header. */
function bitcoinPartFor(root: Uint8Array): { stamp: Timestamp; merkleRoot: Uint8Array } {
  const stamp = new Timestamp(root);
  const afterPrepend = stamp.add(new OpPrepend(randomBytes(4)));
  const afterAppend = afterPrepend.add(new OpAppend(randomBytes(32)));
  const top = afterAppend.add(new OpSha256());
  top.addAttestation(new BitcoinBlockHeaderAttestation(BLOCK_HEIGHT));
  return { stamp, merkleRoot: top.msg };
}

function timeOnce(
  leaves: Buffer,
  withFiles: boolean,
): { total: number; build: number; last: Uint8Array } {
  const started = performance.now();
  const tree = buildMerkleTree(leaves, nodeSha256Into);
  const built = performance.now();
  const { stamp } = bitcoinPartFor(tree.root);
  let last: Uint8Array = new Uint8Array(0);
  if (withFiles) {
    // The fixed parts of every file: header + hash op + leaf, then the path, then the root part.
    // The same layout as src/anchoring/digest-proof.ts (without its per-download round-trip check).
    const rootPart = stamp.toBytes();
    const fileHeader = Buffer.from([...HEADER_MAGIC, MAJOR_VERSION, OP_TAGS.sha256]);
    let index = 0;
    for (const path of tree.serializedPaths()) {
      last = Buffer.concat([fileHeader, tree.leaf(index), path, rootPart]);
      index += 1;
    }
  } else {
    for (const path of tree.serializedPaths()) last = path;
  }
  return { total: performance.now() - started, build: built - started, last };
}

/** Verifies one leaf's complete proof `count` times; returns µs per verification. */
async function verifyOneProof(count: number): Promise<{ samples: number[]; note: string }> {
  const leaves = randomBytes(32 * TARGET_LEAVES);
  const tree = buildMerkleTree(leaves, nodeSha256Into);
  const { stamp, merkleRoot } = bitcoinPartFor(tree.root);
  const index = 777_777;
  const file = new DetachedTimestampFile(new OpSha256(), tree.timestampForLeaf(index, stamp));
  const bytes = file.serialize();
  const digest = tree.leaf(index);
  const header: BlockHeader = { merkleRoot, time: BLOCK_TIME, hash: '00'.repeat(32) };
  const source: BlockHeaderSource = { headerByHeight: () => Promise.resolve(header) };
  const check = await verifyTimestamp(DetachedTimestampFile.deserialize(bytes), digest, source);
  if (check.status !== 'verified')
    throw new Error(`the benchmark proof did not verify: ${check.status}`);
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    const result = await verifyTimestamp(DetachedTimestampFile.deserialize(bytes), digest, source);
    samples.push((performance.now() - started) * 1000);
    if (result.status !== 'verified') throw new Error('a benchmark proof stopped verifying');
    if (i % 500 === 0) tick();
  }
  return {
    samples,
    note:
      `one leaf of a ${TARGET_LEAVES.toLocaleString('en')}-leaf batch, ${bytes.length}-byte .ots ` +
      `(${tree.pathForLeaf(index).length} Merkle steps + calendar-like ops + Bitcoin attestation); ` +
      'parse + evaluate + compare with an in-memory header (no network)',
  };
}

export async function runTreeBenchmark(options: {
  quick: boolean;
  log: (line: string) => void;
}): Promise<TreeBenchmarkResult> {
  const { quick, log } = options;
  const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, TARGET_LEAVES];
  const runs: TreeRun[] = [];
  for (const size of sizes) {
    const repetitions = size >= TARGET_LEAVES ? 3 : 5;
    const leaves = randomBytes(32 * size);
    timeOnce(leaves, false); // warm-up: JIT and allocator
    const totals: number[] = [];
    const builds: number[] = [];
    const files: number[] = [];
    let proofBytes = 0;
    for (let rep = 0; rep < repetitions; rep += 1) {
      const paths = timeOnce(leaves, false);
      totals.push(paths.total);
      builds.push(paths.build);
      tick();
      const withFiles = timeOnce(leaves, true);
      files.push(withFiles.total);
      proofBytes = withFiles.last.length;
      tick();
    }
    const run: TreeRun = {
      leaves: size,
      pathsMs: { best: Math.min(...totals), median: median(totals) },
      buildMs: median(builds),
      filesMs: median(files),
      proofBytes,
      repetitions,
      meetsTarget: size === TARGET_LEAVES ? median(totals) <= TARGET_SECONDS * 1000 : null,
    };
    runs.push(run);
    log(
      `${size.toLocaleString('en')} leaves: tree + all paths ${run.pathsMs.median.toFixed(0)} ms ` +
        `(build ${run.buildMs.toFixed(0)} ms), tree + all complete .ots files ` +
        `${run.filesMs.toFixed(0)} ms, ${proofBytes} bytes per proof`,
    );
  }
  await Promise.resolve();
  const verify = await verifyOneProof(quick ? 1_000 : 5_000);
  const verifyOneProofUs = summarize(verify.samples);
  log(
    `verify one proof: p50 ${verifyOneProofUs.p50.toFixed(0)} µs, ` +
      `p99 ${verifyOneProofUs.p99.toFixed(0)} µs (${verify.note})`,
  );
  return {
    targetLeaves: TARGET_LEAVES,
    targetSeconds: TARGET_SECONDS,
    runs,
    verifyOneProofUs,
    verifyNote: verify.note,
  };
}
