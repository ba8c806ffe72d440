import type { Timestamp } from '../../verifier/index.js';

/**
 * Depth budget of a proof (DESIGN §4). Readers reject timestamps nesting 256 levels or more;
 * a leaf's Merkle path takes 2 levels per tree level (at most 40 for 1,000,000 leaves), so a
 * backend's part from the root may take at most this many, keeping the whole proof at 200 or
 * fewer — well under the limit. Real calendar proofs take about 60–100.
 */
export const MAX_BACKEND_TIMESTAMP_DEPTH = 160;

/** Levels of the deepest path in `timestamp` (operations from the root to the farthest node). */
export function timestampDepth(timestamp: Timestamp): number {
  let deepest = 0;
  const stack: [Timestamp, number][] = [[timestamp, 0]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [node, depth] = item;
    if (depth > deepest) deepest = depth;
    for (const child of node.ops.values()) stack.push([child, depth + 1]);
  }
  return deepest;
}
