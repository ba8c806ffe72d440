import {
  merkleRootFromPath,
  MERKLE_NODE_SIZE,
  OP_TAGS,
  type MerkleStep,
} from '../../verifier/index.js';
import { asBuffer } from '../verifier-node.js';

/** Bytes of one stored step: `f0|f1 20 <sibling> 08` (see MerkleTree.serializedPaths). */
const STEP_SIZE = 1 + 1 + MERKLE_NODE_SIZE + 1;

/**
 * The Merkle root a leaf's stored path (`anchor_leaves.merkle_path`) leads to, or null when the
 * bytes are not a path of append/prepend + sha256 steps.
 */
export function rootOfSerializedPath(leaf: Buffer, merklePath: Buffer): Buffer | null {
  if (merklePath.length % STEP_SIZE !== 0) return null;
  const steps: MerkleStep[] = [];
  for (let at = 0; at < merklePath.length; at += STEP_SIZE) {
    const tag = merklePath[at];
    if (
      merklePath[at + 1] !== MERKLE_NODE_SIZE ||
      merklePath[at + STEP_SIZE - 1] !== OP_TAGS.sha256
    )
      return null;
    if (tag !== OP_TAGS.append && tag !== OP_TAGS.prepend) return null;
    steps.push({
      op: tag === OP_TAGS.append ? 'append' : 'prepend',
      sibling: merklePath.subarray(at + 2, at + 2 + MERKLE_NODE_SIZE),
    });
  }
  return asBuffer(merkleRootFromPath(leaf, steps));
}
