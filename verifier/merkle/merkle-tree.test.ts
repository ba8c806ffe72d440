import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BitcoinBlockHeaderAttestation, PendingAttestation } from '../ots/attestations.js';
import { DetachedTimestampFile, HEADER_MAGIC } from '../ots/detached-timestamp-file.js';
import { OpSha256 } from '../ots/ops.js';
import { Timestamp } from '../ots/timestamp.js';
import {
  buildMerkleTree,
  merkleRootFromPath,
  verifyMerklePath,
  type MerkleStep,
} from './merkle-tree.js';

const sha256 = (...parts: (string | Buffer)[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const leavesOf = (count: number): Buffer[] =>
  Array.from({ length: count }, (_, i) => sha256(`leaf ${i}`));

/** The path with Buffer siblings, to compare with Buffers built here. */
function buffered(path: readonly MerkleStep[]): MerkleStep[] {
  return path.map((step) => ({ ...step, sibling: Buffer.from(step.sibling) }));
}

describe('buildMerkleTree', () => {
  it.each([1, 2, 3, 5, 1000])('every path of a %i-leaf tree verifies to the root', (count) => {
    const leaves = leavesOf(count);
    const tree = buildMerkleTree(leaves);
    expect(tree.leafCount).toBe(count);
    leaves.forEach((leaf, i) => {
      const path = tree.pathForLeaf(i);
      expect(path.length).toBeLessThanOrEqual(Math.ceil(Math.log2(count)));
      expect(verifyMerklePath(leaf, path, tree.root)).toBe(true);
      expect(Buffer.from(tree.leaf(i)).equals(leaf)).toBe(true);
    });
  });

  it.each([2, 3, 5, 1000])('a changed leaf or sibling does not verify (%i leaves)', (count) => {
    const leaves = leavesOf(count);
    const tree = buildMerkleTree(leaves);
    for (const i of [0, count - 1, count >> 1]) {
      const path = tree.pathForLeaf(i);
      expect(verifyMerklePath(sha256('forged'), path, tree.root)).toBe(false);
      const other = (i + 1) % count;
      expect(verifyMerklePath(leaves[other] ?? Buffer.alloc(32), path, tree.root)).toBe(false);
      const [first, ...rest] = path;
      if (!first) continue;
      const flipped = { ...first, op: first.op === 'append' ? 'prepend' : 'append' } as const;
      expect(verifyMerklePath(leaves[i] ?? Buffer.alloc(32), [flipped, ...rest], tree.root)).toBe(
        false,
      );
    }
  });

  it('hashes pairs and promotes a lone last node unchanged', () => {
    const [a, b, c, d, e] = leavesOf(5) as [Buffer, Buffer, Buffer, Buffer, Buffer];
    expect(Buffer.from(buildMerkleTree([a]).root).equals(a)).toBe(true);
    expect(Buffer.from(buildMerkleTree([a, b]).root).equals(sha256(a, b))).toBe(true);
    expect(Buffer.from(buildMerkleTree([a, b, c]).root).equals(sha256(sha256(a, b), c))).toBe(true);
    const five = buildMerkleTree([a, b, c, d, e]);
    expect(Buffer.from(five.root).equals(sha256(sha256(sha256(a, b), sha256(c, d)), e))).toBe(true);
    expect(buffered(five.pathForLeaf(4))).toEqual([
      { op: 'prepend', sibling: sha256(sha256(a, b), sha256(c, d)) },
    ]);
    expect(buffered(five.pathForLeaf(2))).toEqual([
      { op: 'append', sibling: d },
      { op: 'prepend', sibling: sha256(a, b) },
      { op: 'append', sibling: e },
    ]);
    expect(Buffer.from(merkleRootFromPath(c, five.pathForLeaf(2))).equals(five.root)).toBe(true);
  });

  it('accepts the leaves as one flat buffer', () => {
    const leaves = leavesOf(7);
    expect(
      Buffer.from(buildMerkleTree(Buffer.concat(leaves)).root).equals(buildMerkleTree(leaves).root),
    ).toBe(true);
  });

  it('rejects no leaves, leaves of the wrong size and out-of-range indexes', () => {
    expect(() => buildMerkleTree([])).toThrow(/at least one leaf/);
    expect(() => buildMerkleTree([Buffer.alloc(31)])).toThrow(/expected 32/);
    expect(() => buildMerkleTree(Buffer.alloc(33))).toThrow(/multiple of 32/);
    const tree = buildMerkleTree(leavesOf(3));
    expect(() => tree.pathForLeaf(3)).toThrow(RangeError);
    expect(() => tree.timestampForLeaf(-1)).toThrow(RangeError);
  });
});

describe('leaf proofs as OpenTimestamps', () => {
  const rootStampFor = (root: Buffer): Timestamp => {
    const stamp = new Timestamp(root);
    stamp.addAttestation(new PendingAttestation('https://alice.btc.calendar.opentimestamps.org'));
    stamp.add(new OpSha256()).addAttestation(new BitcoinBlockHeaderAttestation(840_000));
    return stamp;
  };

  it.each([1, 2, 3, 5, 1000])('timestampForLeaf chains each of %i leaves to the root', (count) => {
    const leaves = leavesOf(count);
    const tree = buildMerkleTree(leaves);
    const rootStamp = rootStampFor(Buffer.from(tree.root));
    const rootBytes = rootStamp.toBytes();
    for (const i of count <= 5 ? leaves.map((_, j) => j) : [0, 1, 500, 998, 999]) {
      const chain = tree.timestampForLeaf(i);
      let tip = chain;
      while (tip.ops.size > 0) tip = [...tip.ops.values()][0] ?? tip;
      expect(Buffer.from(tip.msg).equals(tree.root)).toBe(true);

      const file = new DetachedTimestampFile(new OpSha256(), tree.timestampForLeaf(i, rootStamp));
      const bytes = file.serialize();
      expect(Buffer.from(DetachedTimestampFile.deserialize(bytes).serialize()).equals(bytes)).toBe(
        true,
      );
      expect(
        [...file.timestamp.allAttestations()].every(({ msg }, k) =>
          k === 0
            ? Buffer.from(msg).equals(tree.root)
            : Buffer.from(msg).equals(sha256(Buffer.from(tree.root))),
        ),
      ).toBe(true);
      const concatenated = Buffer.concat([
        HEADER_MAGIC,
        Buffer.from([0x01, 0x08]),
        leaves[i] ?? Buffer.alloc(0),
        tree.serializePathForLeaf(i),
        rootBytes,
      ]);
      expect(concatenated.equals(bytes)).toBe(true);
    }
  });

  it.each([1, 2, 3, 5, 7, 1000, 1025])(
    'serializedPaths yields every leaf path of a %i-leaf tree, in order',
    (count) => {
      const tree = buildMerkleTree(leavesOf(count));
      const all = [...tree.serializedPaths()];
      expect(all).toHaveLength(count);
      all.forEach((bytes, i) =>
        expect(Buffer.from(bytes).equals(tree.serializePathForLeaf(i))).toBe(true),
      );
    },
  );

  it('refuses a root timestamp for another message', () => {
    const tree = buildMerkleTree(leavesOf(4));
    expect(() => tree.timestampForLeaf(0, rootStampFor(sha256('other')))).toThrow(
      /different messages/,
    );
  });
});
