import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildMerkleTree } from '../merkle/merkle-tree.js';
import {
  BLOCK_523364,
  startEsploraStub,
  type BlockServerStub,
} from '../test-support/block-servers.js';
import { readVector, VECTOR_NAMES } from '../test-support/vectors.js';
import {
  BitcoinBlockHeaderAttestation,
  LitecoinBlockHeaderAttestation,
  PendingAttestation,
  UnknownAttestation,
  type TimeAttestation,
} from './attestations.js';
import { DetachedTimestampFile } from './detached-timestamp-file.js';
import { OpAppend, OpPrepend, OpReverse, OpRipemd160, OpSha1, OpSha256 } from './ops.js';
import { Timestamp } from './timestamp.js';

/*
 * Cross-checks against the reference JavaScript implementation (npm `opentimestamps@0.4.9`),
 * used in tests only. It is untyped CommonJS; the minimal shapes below describe the parts used.
 */
type Bytes = number[] | Uint8Array;
interface JsAttestation {
  height?: number;
  uri?: string;
  payload?: Bytes;
  _TAG(): number[];
}
interface JsTimestamp {
  msg: Bytes;
  attestations: JsAttestation[];
  ops: Map<unknown, JsTimestamp>;
  getDigest(): Bytes;
  allAttestations(): Map<Bytes, JsAttestation>;
}
interface JsDetached {
  timestamp: JsTimestamp;
  serializeToBytes(): Bytes;
}
interface JsOpenTimestamps {
  DetachedTimestampFile: {
    new (op: unknown, timestamp: JsTimestamp): JsDetached;
    deserialize(bytes: Uint8Array): JsDetached;
  };
  Timestamp: new (msg: number[]) => JsTimestamp;
  Ops: { OpSHA256: new () => unknown };
  Notary: {
    BitcoinBlockHeaderAttestation: new (height: number) => JsAttestation;
    PendingAttestation: new (uri: string) => JsAttestation;
    UnknownAttestation: new (tag: number[], payload: number[]) => JsAttestation;
    LitecoinBlockHeaderAttestation: new (height: number) => JsAttestation;
  };
  verifyTimestamp(
    timestamp: JsTimestamp,
    options: { ignoreBitcoinNode: boolean; url: string; timeout: number },
  ): Promise<Record<string, { timestamp: number; height: number }>>;
}
interface JsMerkle {
  makeMerkleTree(timestamps: JsTimestamp[]): JsTimestamp;
}

const require = createRequire(import.meta.url);
const OpenTimestamps = require('opentimestamps') as JsOpenTimestamps;
const JsMerkleTree = require('opentimestamps/src/merkle.js') as JsMerkle;

const sha256 = (data: string | Buffer): Buffer => createHash('sha256').update(data).digest();
const hexOf = (bytes: Bytes): string => Buffer.from(bytes).toString('hex');

function describeJs(attestation: JsAttestation): string {
  // By notary tag: instanceof would narrow the (structurally identical) JS classes to `never`.
  switch (hexOf(attestation._TAG())) {
    case '0588960d73d71901':
      return `bitcoin ${attestation.height}`;
    case '06869a0d73d71b45':
      return `litecoin ${attestation.height}`;
    case '83dfe30d2ef90c8e':
      return `pending ${attestation.uri}`;
    default:
      return `unknown ${hexOf(attestation._TAG())} ${hexOf(attestation.payload ?? [])}`;
  }
}

function describeOurs(attestation: TimeAttestation): string {
  if (attestation instanceof BitcoinBlockHeaderAttestation) return `bitcoin ${attestation.height}`;
  if (attestation instanceof LitecoinBlockHeaderAttestation)
    return `litecoin ${attestation.height}`;
  if (attestation instanceof PendingAttestation) return `pending ${attestation.uri}`;
  const unknown = attestation as UnknownAttestation;
  return `unknown ${Buffer.from(unknown.tag).toString('hex')} ${Buffer.from(unknown.payload).toString('hex')}`;
}

/** Every (message, attestation) commitment as sorted text, per the JS reference. */
function jsCommitments(file: JsDetached): string[] {
  return [...file.timestamp.allAttestations()]
    .map(([msg, attestation]) => `${hexOf(msg)} ${describeJs(attestation)}`)
    .sort();
}

/** The same, per this library. */
function ourCommitments(file: DetachedTimestampFile): string[] {
  return [...file.timestamp.allAttestations()]
    .map(
      ({ msg, attestation }) => `${Buffer.from(msg).toString('hex')} ${describeOurs(attestation)}`,
    )
    .sort();
}

/** Proofs the way Certa builds them: Merkle path + calendar and Bitcoin parts on the root. */
function certaProofs(count: number): DetachedTimestampFile[] {
  const leaves = Array.from({ length: count }, (_, i) => sha256(`document ${i}`));
  const tree = buildMerkleTree(leaves);
  const rootStamp = new Timestamp(tree.root);
  const calendar = rootStamp.add(new OpAppend(randomBytes(16))).add(new OpSha256());
  calendar
    .add(new OpPrepend(Buffer.from('5affdc4e', 'hex')))
    .addAttestation(new PendingAttestation('https://alice.btc.calendar.opentimestamps.org'));
  calendar
    .add(new OpSha256())
    .add(new OpSha256())
    .addAttestation(new BitcoinBlockHeaderAttestation(840_000));
  // No hexlify here: opentimestamps@0.4.9's OpHexlify.call returns undefined (unimplemented).
  const odd = rootStamp.add(new OpReverse()).add(new OpSha1());
  odd
    .add(new OpRipemd160())
    .addAttestation(
      new UnknownAttestation(Buffer.from('0102030405060708', 'hex'), Buffer.from('payload')),
    );
  odd.addAttestation(new LitecoinBlockHeaderAttestation(7));
  return leaves.map(
    (_, i) => new DetachedTimestampFile(new OpSha256(), tree.timestampForLeaf(i, rootStamp)),
  );
}

describe('the reference JavaScript implementation reads our files', () => {
  const proofs = certaProofs(5);

  it.each(proofs.map((proof, index) => [index, proof] as const))(
    'leaf %i: same digest, same bytes when it re-serialises, same commitments',
    (_index, proof) => {
      const bytes = proof.serialize();
      const theirs = OpenTimestamps.DetachedTimestampFile.deserialize(bytes);
      expect(hexOf(theirs.timestamp.getDigest())).toBe(
        Buffer.from(proof.fileDigest).toString('hex'),
      );
      expect(Buffer.from(theirs.serializeToBytes()).equals(bytes)).toBe(true);
      expect(jsCommitments(theirs)).toEqual(ourCommitments(proof));
      expect(jsCommitments(theirs)).toHaveLength(4);
    },
  );

  it.each(VECTOR_NAMES)('agrees on the commitments of %s.ots', (name) => {
    const bytes = readVector(`${name}.ots`);
    const theirs = OpenTimestamps.DetachedTimestampFile.deserialize(bytes);
    const ours = DetachedTimestampFile.deserialize(bytes);
    expect(jsCommitments(theirs)).toEqual(ourCommitments(ours));
    expect(Buffer.from(theirs.serializeToBytes()).equals(bytes)).toBe(true);
  });
});

describe('we read files the reference JavaScript implementation writes', () => {
  it.each([1, 2, 3, 5, 1000])(
    'Merkle tree of %i leaves: same root, byte-identical proofs',
    (count) => {
      const { Timestamp: JsTs, DetachedTimestampFile: JsFile, Ops, Notary } = OpenTimestamps;
      const leaves = Array.from({ length: count }, (_, i) => sha256(`leaf ${i} of ${count}`));
      const jsLeaves = leaves.map((leaf) => new JsTs([...leaf]));
      const jsRoot = JsMerkleTree.makeMerkleTree(jsLeaves);
      jsRoot.attestations.push(new Notary.BitcoinBlockHeaderAttestation(123_456));
      jsRoot.attestations.push(
        new Notary.PendingAttestation('https://finney.calendar.eternitywall.com'),
      );

      const tree = buildMerkleTree(leaves);
      expect(hexOf(jsRoot.msg)).toBe(Buffer.from(tree.root).toString('hex'));

      const sample = count <= 5 ? leaves.map((_, i) => i) : [0, 1, 511, 998, 999];
      for (const i of sample) {
        const leaf = jsLeaves[i];
        if (!leaf) throw new Error('missing leaf');
        const jsBytes = Buffer.from(new JsFile(new Ops.OpSHA256(), leaf).serializeToBytes());
        const ours = DetachedTimestampFile.deserialize(jsBytes);
        expect(Buffer.from(ours.serialize()).equals(jsBytes)).toBe(true);
        expect(ourCommitments(ours)).toEqual([
          `${Buffer.from(tree.root).toString('hex')} bitcoin 123456`,
          `${Buffer.from(tree.root).toString('hex')} pending https://finney.calendar.eternitywall.com`,
        ]);
        const rootStamp = new Timestamp(tree.root);
        rootStamp.addAttestation(new BitcoinBlockHeaderAttestation(123_456));
        rootStamp.addAttestation(
          new PendingAttestation('https://finney.calendar.eternitywall.com'),
        );
        const mine = new DetachedTimestampFile(new OpSha256(), tree.timestampForLeaf(i, rootStamp));
        expect(Buffer.from(mine.serialize()).equals(jsBytes)).toBe(true);
      }
    },
  );
});

describe('the reference JavaScript verifier agrees with our Esplora stand-in', () => {
  let esplora: BlockServerStub;
  beforeAll(async () => {
    esplora = await startEsploraStub([BLOCK_523364]);
  });
  afterAll(async () => {
    await esplora.close();
  });

  it('verifies osdsp.txt.ots at block 523364, 1526719849', async () => {
    const quiet = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const theirs = OpenTimestamps.DetachedTimestampFile.deserialize(readVector('osdsp.txt.ots'));
      const result = await OpenTimestamps.verifyTimestamp(theirs.timestamp, {
        ignoreBitcoinNode: true,
        url: esplora.url,
        timeout: 5000,
      });
      expect(result).toEqual({ bitcoin: { timestamp: 1526719849, height: 523364 } });
    } finally {
      quiet.mockRestore();
    }
  });
});
