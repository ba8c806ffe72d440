import {
  BitcoinBlockHeaderAttestation,
  OpAppend,
  OpPrepend,
  OpSha256,
  Timestamp,
} from '../../../verifier/index.js';
import { sha256d, splitAroundRoot, type ParsedTransaction } from './bitcoin-rpc-transaction.js';
import { asBuffer } from '../../verifier-node.js';

/**
 * From a batch's Merkle root to a Bitcoin block header, as OpenTimestamps operations: the root
 * sits inside our transaction (prepend the bytes before it, append the bytes after it), the
 * transaction's double SHA-256 is its txid, and the txid climbs the block's Merkle tree to the
 * root in the header. Every double SHA-256 is written as two `sha256` operations, because
 * OpenTimestamps has no double-hash operation.
 */

/** The block a transaction confirmed in, as `getblock <hash> 1` describes it. */
export interface ConfirmedBlock {
  /** Block hash, display order. */
  readonly hash: string;
  readonly height: number;
  /** Header time, seconds since the Unix epoch. */
  readonly time: number;
  /** Merkle root in internal byte order (RPC prints it reversed). */
  readonly merkleRoot: Buffer;
  /** The block's txids in block order, display order. */
  readonly txids: readonly string[];
}

/** One step up Bitcoin's block Merkle tree: combine with `sibling`, then double SHA-256. */
export interface BlockMerkleStep {
  /** `append`: the sibling is on the right; `prepend`: on the left. */
  readonly op: 'append' | 'prepend';
  readonly sibling: Buffer;
}

/** A block Merkle tree or branch did not come out as the header says. */
export class BitcoinProofError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BitcoinProofError';
  }
}

function internalOrder(displayHex: string): Buffer {
  return Buffer.from(displayHex, 'hex').reverse();
}

/** The next level of Bitcoin's Merkle tree: pairs hashed with sha256d, an odd last node paired with itself. */
function parentLevel(level: readonly Buffer[]): Buffer[] {
  const parents: Buffer[] = [];
  for (let i = 0; i < level.length; i += 2) {
    const left = level[i] as Buffer;
    const right = level[i + 1] ?? left;
    parents.push(sha256d(Buffer.concat([left, right])));
  }
  return parents;
}

/**
 * The Merkle branch of `leaves[index]` in Bitcoin's block tree (leaves are txids in internal
 * order). Bitcoin duplicates the last node of an odd level, so a lone node's sibling is itself;
 * that is still an ordinary `append` step. Empty for a one-transaction block.
 */
export function blockMerkleBranch(leaves: readonly Buffer[], index: number): BlockMerkleStep[] {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) {
    throw new RangeError(`transaction index ${index} out of range 0..${leaves.length - 1}`);
  }
  const steps: BlockMerkleStep[] = [];
  let level = leaves;
  for (let position = index; level.length > 1; position >>>= 1) {
    const odd = position % 2 === 1;
    const sibling = odd ? level[position - 1] : (level[position + 1] ?? level[position]);
    steps.push({ op: odd ? 'prepend' : 'append', sibling: Buffer.from(sibling as Buffer) });
    level = parentLevel(level);
  }
  return steps;
}

/** The Merkle root of a block whose txids (internal order) are `leaves`. */
export function blockMerkleRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) throw new RangeError('a block has at least one transaction');
  let level = leaves;
  while (level.length > 1) level = parentLevel(level);
  return Buffer.from(level[0] as Buffer);
}

/** Adds `sha256`, `sha256` below `node` and returns the last node. */
function doubleSha256(node: Timestamp): Timestamp {
  return node.add(new OpSha256()).add(new OpSha256());
}

/**
 * The timestamp of `root` through `tx` (which must carry `OP_RETURN <root>` and be confirmed in
 * `block`) up to a {@link BitcoinBlockHeaderAttestation} at the block's height. Checks, before
 * returning, that the computed txid is among the block's and that the operations end on the
 * header's Merkle root; throws {@link BitcoinProofError} otherwise, so a proof that would not
 * verify is never handed out.
 */
export function bitcoinTimestampForRoot(
  root: Buffer,
  tx: ParsedTransaction,
  block: ConfirmedBlock,
): Timestamp {
  const { prefix, suffix } = splitAroundRoot(tx, root);
  const leaves = block.txids.map(internalOrder);
  const index = block.txids.indexOf(tx.txid);
  if (index < 0) {
    throw new BitcoinProofError(`transaction ${tx.txid} is not in block ${block.hash}`);
  }
  if (!blockMerkleRoot(leaves).equals(block.merkleRoot)) {
    throw new BitcoinProofError(
      `the txids of block ${block.hash} do not hash to its merkle root; not building a proof`,
    );
  }
  const start = new Timestamp(root);
  let tip = doubleSha256(start.add(new OpPrepend(prefix)).add(new OpAppend(suffix)));
  if (!internalOrder(tx.txid).equals(tip.msg)) {
    throw new BitcoinProofError(`the operations do not lead to txid ${tx.txid}`);
  }
  for (const step of blockMerkleBranch(leaves, index)) {
    const op = step.op === 'append' ? new OpAppend(step.sibling) : new OpPrepend(step.sibling);
    tip = doubleSha256(tip.add(op));
  }
  if (!asBuffer(tip.msg).equals(block.merkleRoot)) {
    throw new BitcoinProofError(
      `the proof ends on ${Buffer.from(tip.msg).reverse().toString('hex')}, not on the merkle root of block ${block.hash}`,
    );
  }
  tip.addAttestation(new BitcoinBlockHeaderAttestation(block.height));
  return start;
}
