import { concatBytes, equalBytes } from '../common/bytes.js';
import { OP_TAGS, OpAppend, OpPrepend, OpSha256, sha256 } from '../ots/ops.js';
import { Timestamp } from '../ots/timestamp.js';

/**
 * Merkle tree over 32-byte digests, shaped so that every proof step is one OpenTimestamps
 * `append` or `prepend` followed by `sha256`:
 * - a parent is `sha256(left ‖ right)`;
 * - a lone last node of a level is promoted to the next level unchanged (no step, no hash).
 * This is the same shape as python-opentimestamps' `make_merkle_tree`, so the roots agree.
 *
 * Levels are kept in one flat buffer (no object per node): building costs N−1 SHA-256 calls and
 * ~64·N bytes; any leaf's path is then read off in O(log N).
 */

/** Size of a leaf (and of every node). */
export const MERKLE_NODE_SIZE = 32;

/** One step from a node towards the root: combine with `sibling`, then sha256. */
export interface MerkleStep {
  /** `append`: the sibling is on the right; `prepend`: it is on the left. */
  readonly op: 'append' | 'prepend';
  /** The sibling node (a view into the tree: copy it if you keep it after the tree). */
  readonly sibling: Uint8Array;
}

/** Small copies are cut from shared 64 KiB blocks: one ArrayBuffer per path would be slow. */
const POOL_SIZE = 64 * 1024;
let pool = new Uint8Array(0);
let poolAt = 0;

/** A copy of `bytes` in its own range of a shared block (like Node's pooled Buffers). */
function pooledCopy(bytes: Uint8Array): Uint8Array {
  if (bytes.length > POOL_SIZE / 8) return bytes.slice();
  if (poolAt + bytes.length > pool.length) {
    pool = new Uint8Array(POOL_SIZE);
    poolAt = 0;
  }
  const out = pool.subarray(poolAt, poolAt + bytes.length);
  out.set(bytes);
  poolAt += (bytes.length + 7) & ~7;
  return out;
}

/** Bytes one step takes in an `.ots` file: tag, length 0x20, sibling, sha256 tag. */
const SERIALIZED_STEP_SIZE = 1 + 1 + MERKLE_NODE_SIZE + 1;

/** A built tree; see {@link buildMerkleTree}. */
export class MerkleTree {
  /** @internal Use {@link buildMerkleTree}. */
  constructor(
    private readonly nodes: Uint8Array,
    private readonly levelOffsets: readonly number[],
    private readonly levelSizes: readonly number[],
  ) {}

  /** Number of leaves. */
  get leafCount(): number {
    return this.levelSizes[0] ?? 0;
  }

  /** The root (a copy). For one leaf, the leaf itself. */
  get root(): Uint8Array {
    return this.node(this.levelSizes.length - 1, 0).slice();
  }

  /** Leaf `index` (a copy). */
  leaf(index: number): Uint8Array {
    this.checkIndex(index);
    return this.node(0, index).slice();
  }

  private node(level: number, index: number): Uint8Array {
    const start = (this.levelOffsets[level] ?? 0) + index * MERKLE_NODE_SIZE;
    return this.nodes.subarray(start, start + MERKLE_NODE_SIZE);
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.leafCount) {
      throw new RangeError(`leaf index ${index} out of range 0..${this.leafCount - 1}`);
    }
  }

  /** Calls `visit` for each step of leaf `index`'s path, from the leaf up. */
  private forEachStep(
    index: number,
    visit: (op: 'append' | 'prepend', level: number, sibling: number) => void,
  ): void {
    this.checkIndex(index);
    const levels = this.levelSizes.length - 1;
    for (let level = 0, position = index; level < levels; level += 1, position >>>= 1) {
      if (position % 2 === 1) visit('prepend', level, position - 1);
      else if (position + 1 < (this.levelSizes[level] ?? 0)) visit('append', level, position + 1);
    }
  }

  /** Leaf `index`'s path to the root (empty for a one-leaf tree). */
  pathForLeaf(index: number): MerkleStep[] {
    const steps: MerkleStep[] = [];
    this.forEachStep(index, (op, level, sibling) => {
      steps.push({ op, sibling: this.node(level, sibling) });
    });
    return steps;
  }

  /**
   * Leaf `index`'s path as serialised OpenTimestamps operations (`f0|f1 20 <sibling> 08` per
   * step), one allocation, no hashing. Because a node with a single operation serialises as that
   * operation followed by its child, `serializePathForLeaf(i) ‖ rootTimestamp.toBytes()` is the
   * serialised timestamp of leaf i — byte-identical to `timestampForLeaf(i, rootTimestamp)` — as
   * long as the root timestamp has content and the total depth stays under 256.
   */
  serializePathForLeaf(index: number): Uint8Array {
    this.checkIndex(index);
    const levels = this.levelSizes.length - 1;
    const out = new Uint8Array(levels * SERIALIZED_STEP_SIZE);
    let at = 0;
    for (let level = 0, position = index; level < levels; level += 1, position >>>= 1) {
      if (this.writeStep(out, at, level, position)) at += SERIALIZED_STEP_SIZE;
    }
    return out.subarray(0, at);
  }

  /**
   * Every leaf's {@link MerkleTree.serializePathForLeaf} bytes, in leaf order (the i-th value is
   * leaf i's). Much faster than calling it per leaf for a whole batch: consecutive leaves share
   * most of their path, so only the steps that change are rewritten (about two per leaf).
   */
  *serializedPaths(): Generator<Uint8Array, void, undefined> {
    const levels = this.levelSizes.length - 1;
    const scratch = new Uint8Array(levels * SERIALIZED_STEP_SIZE);
    const present = new Uint8Array(levels);
    let missing = levels;
    for (let index = 0; index < this.leafCount; index += 1) {
      for (let level = 0; level < levels; level += 1) {
        const position = index >>> level;
        if (index > 0 && (index - 1) >>> level === position) break;
        const wasPresent = present[level] === 1;
        const isPresent = this.writeStep(scratch, level * SERIALIZED_STEP_SIZE, level, position);
        present[level] = isPresent ? 1 : 0;
        if (wasPresent !== isPresent) missing += isPresent ? -1 : 1;
      }
      if (missing === 0) {
        yield pooledCopy(scratch);
        continue;
      }
      const parts: Uint8Array[] = [];
      for (let level = 0; level < levels; level += 1) {
        const from = level * SERIALIZED_STEP_SIZE;
        if (present[level] === 1) parts.push(scratch.subarray(from, from + SERIALIZED_STEP_SIZE));
      }
      yield concatBytes(...parts);
    }
  }

  /**
   * Writes at `out[at]` the step of the node at `position` on `level` — `f0|f1 20 <sibling> 08` —
   * and returns true, or returns false when that node is a promoted lone last node (no step).
   */
  private writeStep(out: Uint8Array, at: number, level: number, position: number): boolean {
    const odd = position % 2 === 1;
    if (!odd && position + 1 >= (this.levelSizes[level] ?? 0)) return false;
    const from =
      (this.levelOffsets[level] ?? 0) + (odd ? position - 1 : position + 1) * MERKLE_NODE_SIZE;
    const nodes = this.nodes;
    out[at] = odd ? OP_TAGS.prepend : OP_TAGS.append;
    out[at + 1] = MERKLE_NODE_SIZE;
    // A plain loop beats a copy call for 32 bytes.
    for (let k = 0; k < MERKLE_NODE_SIZE; k += 1) out[at + 2 + k] = nodes[from + k] ?? 0;
    out[at + 2 + MERKLE_NODE_SIZE] = OP_TAGS.sha256;
    return true;
  }

  /**
   * Leaf `index`'s path as a {@link Timestamp} chain from the leaf to the root. With
   * `rootTimestamp` (a timestamp for the root: calendar or Bitcoin part) it is grafted on the
   * chain's end, giving the leaf's complete proof. Throws if `rootTimestamp` is for another message.
   */
  timestampForLeaf(index: number, rootTimestamp?: Timestamp): Timestamp {
    this.checkIndex(index);
    const start = new Timestamp(this.node(0, index));
    let tip = start;
    this.forEachStep(index, (op, level, sibling) => {
      const node = this.node(level, sibling);
      tip = tip.add(op === 'append' ? new OpAppend(node) : new OpPrepend(node)).add(new OpSha256());
    });
    if (rootTimestamp) tip.merge(rootTimestamp);
    return start;
  }
}

function flattenLeaves(leaves: readonly Uint8Array[] | Uint8Array): Uint8Array {
  if (leaves instanceof Uint8Array) {
    if (leaves.length === 0 || leaves.length % MERKLE_NODE_SIZE !== 0) {
      throw new RangeError(`flat leaves must be a non-empty multiple of ${MERKLE_NODE_SIZE} bytes`);
    }
    return leaves.slice();
  }
  if (leaves.length === 0) throw new RangeError('a Merkle tree needs at least one leaf');
  const flat = new Uint8Array(leaves.length * MERKLE_NODE_SIZE);
  leaves.forEach((leaf, index) => {
    if (leaf.length !== MERKLE_NODE_SIZE) {
      throw new RangeError(`leaf ${index} is ${leaf.length} bytes, expected ${MERKLE_NODE_SIZE}`);
    }
    flat.set(leaf, index * MERKLE_NODE_SIZE);
  });
  return flat;
}

/** Writes SHA-256 of `data` (64 bytes: two nodes) into `out` at `at`. */
export type Sha256Into = (data: Uint8Array, out: Uint8Array, at: number) => void;

/** The package's own SHA-256 (@noble/hashes): portable, about six times slower than native. */
export const sha256Into: Sha256Into = (data, out, at) => out.set(sha256(data), at);

/**
 * Builds the tree over `leaves`: an array of 32-byte digests, or all of them concatenated in one
 * buffer (cheaper for very large batches). Leaves are copied. O(N) hashes, O(N) memory.
 * `hashInto` computes each parent; the default is the portable {@link sha256Into}, and a server
 * building large batches passes a native one (Node's `crypto.hash`), which must give the same
 * SHA-256.
 */
export function buildMerkleTree(
  leaves: readonly Uint8Array[] | Uint8Array,
  hashInto: Sha256Into = sha256Into,
): MerkleTree {
  const flatLeaves = flattenLeaves(leaves);
  const sizes: number[] = [flatLeaves.length / MERKLE_NODE_SIZE];
  for (let size = sizes[0] ?? 1; size > 1;) {
    size = Math.ceil(size / 2);
    sizes.push(size);
  }
  const offsets: number[] = [];
  let total = 0;
  for (const size of sizes) {
    offsets.push(total);
    total += size * MERKLE_NODE_SIZE;
  }
  const nodes = new Uint8Array(total);
  nodes.set(flatLeaves, 0);
  for (let level = 0; level + 1 < sizes.length; level += 1) {
    const size = sizes[level] ?? 0;
    const from = offsets[level] ?? 0;
    const to = offsets[level + 1] ?? 0;
    const pairs = Math.floor(size / 2);
    for (let pair = 0; pair < pairs; pair += 1) {
      const left = from + pair * 2 * MERKLE_NODE_SIZE;
      hashInto(
        nodes.subarray(left, left + 2 * MERKLE_NODE_SIZE),
        nodes,
        to + pair * MERKLE_NODE_SIZE,
      );
    }
    if (size % 2 === 1) {
      const last = from + (size - 1) * MERKLE_NODE_SIZE;
      nodes.copyWithin(to + pairs * MERKLE_NODE_SIZE, last, last + MERKLE_NODE_SIZE);
    }
  }
  return new MerkleTree(nodes, offsets, sizes);
}

/** The root reached from `leaf` by following `path` (each step: append/prepend, then sha256). */
export function merkleRootFromPath(leaf: Uint8Array, path: readonly MerkleStep[]): Uint8Array {
  let node: Uint8Array = Uint8Array.from(leaf);
  for (const step of path) {
    node = sha256(
      step.op === 'append' ? concatBytes(node, step.sibling) : concatBytes(step.sibling, node),
    );
  }
  return node;
}

/** True when `path` leads from `leaf` to `root`. */
export function verifyMerklePath(
  leaf: Uint8Array,
  path: readonly MerkleStep[],
  root: Uint8Array,
): boolean {
  return equalBytes(merkleRootFromPath(leaf, path), root);
}
