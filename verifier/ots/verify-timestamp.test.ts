import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BlockSourceError } from '../bitcoin/block-header-source.js';
import { BitcoinCoreRpcSource } from '../bitcoin/bitcoin-core-rpc-source.js';
import { EsploraSource } from '../bitcoin/esplora-source.js';
import { buildMerkleTree } from '../merkle/merkle-tree.js';
import {
  BLOCK_523364,
  RPC_AUTH,
  startBitcoinRpcStub,
  startEsploraStub,
  unusedLocalUrl,
  type BlockServerStub,
  type StubBlock,
} from '../test-support/block-servers.js';
import { readVector } from '../test-support/vectors.js';
import { BitcoinBlockHeaderAttestation, PendingAttestation } from './attestations.js';
import { DetachedTimestampFile } from './detached-timestamp-file.js';
import { OpAppend, OpSha256 } from './ops.js';
import { Timestamp } from './timestamp.js';
import { verifyTimestamp, type TimestampVerification } from './verify-timestamp.js';

const sha256 = (data: string | Buffer): Buffer => createHash('sha256').update(data).digest();
const reversedHex = (bytes: Buffer): string => Buffer.from(bytes).reverse().toString('hex');

/** Block 523365 with another merkle root: where a proof with a rewritten height points. */
const BLOCK_523365: StubBlock = {
  height: 523365,
  hash: '0000000000000000001c2d9b7f4b0e6a3a1f7e9c8d6b5a4f3e2d1c0b0a090807',
  merkleRoot: '1111111111111111111111111111111111111111111111111111111111111111',
  time: 1526720000,
};

const osdspText = readVector('osdsp.txt');
const osdspProof = readVector('osdsp.txt.ots');

let esplora: BlockServerStub;
let source: EsploraSource;

beforeAll(async () => {
  esplora = await startEsploraStub([BLOCK_523364, BLOCK_523365]);
  source = new EsploraSource(esplora.url);
});
afterAll(async () => {
  await esplora.close();
});
beforeEach(() => {
  esplora.behaviour = 'ok';
  esplora.blocks.set(BLOCK_523364.height, BLOCK_523364);
});

/** Parses and verifies against `digest`; a parse failure is reported as `unparseable`. */
async function outcome(
  proof: Buffer,
  digest: Buffer = sha256(osdspText),
): Promise<TimestampVerification['status'] | 'unparseable'> {
  let file: DetachedTimestampFile;
  try {
    file = DetachedTimestampFile.deserialize(proof);
  } catch {
    return 'unparseable';
  }
  return (await verifyTimestamp(file, digest, source)).status;
}

describe('verifyTimestamp on the test vectors', () => {
  it('verifies osdsp.txt at block 523364, 2018-05-19T08:50:49Z', async () => {
    const file = DetachedTimestampFile.deserialize(osdspProof);
    const result = await verifyTimestamp(file, sha256(osdspText), source);
    expect(result.status).toBe('verified');
    if (result.status !== 'verified') return;
    expect(result.height).toBe(523364);
    expect(result.time).toBe(1526719849);
    expect(result.date.toISOString()).toBe('2018-05-19T08:50:49.000Z');
    expect(result.blockHash).toBe(BLOCK_523364.hash);
    expect(result.attestations.map((check) => check.status).sort()).toEqual([
      'pending',
      'pending',
      'pending',
      'pending',
      'verified',
    ]);
  });

  it('fails for osdsp.txt with any one byte flipped', async () => {
    const file = DetachedTimestampFile.deserialize(osdspProof);
    const positions = [0, 1, osdspText.length >> 1, osdspText.length - 1];
    for (let at = 7; at < osdspText.length; at += 997) positions.push(at);
    for (const at of positions) {
      const altered = Buffer.from(osdspText);
      altered[at] = (altered[at] ?? 0) ^ 0x01;
      const result = await verifyTimestamp(file, sha256(altered), source);
      expect(result.status, `byte ${at}`).toBe('failed');
      expect(result.status === 'failed' && result.reason).toMatch(/does not match the digest/);
    }
  });

  it('fails when the block at that height has another merkle root', async () => {
    esplora.blocks.set(BLOCK_523364.height, {
      ...BLOCK_523364,
      merkleRoot: BLOCK_523365.merkleRoot,
    });
    const file = DetachedTimestampFile.deserialize(osdspProof);
    const result = await verifyTimestamp(file, sha256(osdspText), source);
    expect(result.status).toBe('failed');
    expect(result.status === 'failed' && result.reason).toMatch(/Merkle root of block 523364/);
  });

  it('fails when the served merkle root is in the wrong byte order', async () => {
    const displayReversed = reversedHex(Buffer.from(BLOCK_523364.merkleRoot, 'hex'));
    esplora.blocks.set(BLOCK_523364.height, { ...BLOCK_523364, merkleRoot: displayReversed });
    expect(await outcome(osdspProof)).toBe('failed');
  });

  it('says unknown, not failed, when the source is down, erroring or silent', async () => {
    const file = DetachedTimestampFile.deserialize(osdspProof);
    const down = new EsploraSource(await unusedLocalUrl());
    const result = await verifyTimestamp(file, sha256(osdspText), down);
    expect(result.status).toBe('unknown');
    expect(result.status === 'unknown' && result.reason).toMatch(/unreachable/);
    expect(result.attestations.find((check) => check.status === 'unknown')).toMatchObject({
      height: 523364,
    });

    esplora.behaviour = 'error-500';
    expect(await outcome(osdspProof)).toBe('unknown');
    esplora.behaviour = 'garbage';
    expect(await outcome(osdspProof)).toBe('unknown');
    esplora.behaviour = 'hang';
    const slow = new EsploraSource(esplora.url, { timeoutMs: 300 });
    const timedOut = await verifyTimestamp(file, sha256(osdspText), slow);
    expect(timedOut.status).toBe('unknown');
    expect(timedOut.status === 'unknown' && timedOut.reason).toMatch(/timed out after 300 ms/);
  });

  it('says unknown when the source has no block at that height', async () => {
    esplora.blocks.delete(BLOCK_523364.height);
    expect(await outcome(osdspProof)).toBe('unknown');
  });

  it('reports incomplete.txt as pending, with the calendar', async () => {
    const file = DetachedTimestampFile.deserialize(readVector('incomplete.txt.ots'));
    const result = await verifyTimestamp(file, sha256(readVector('incomplete.txt')), source);
    expect(result.status).toBe('pending');
    expect(result.attestations).toEqual([
      expect.objectContaining({
        status: 'pending',
        uri: 'https://alice.btc.calendar.opentimestamps.org',
      }),
    ]);
    expect(esplora.requests.filter((path) => path.includes('incomplete'))).toEqual([]);
  });

  it('reports the unknown notary of unknown-notary.txt, never as verified', async () => {
    const file = DetachedTimestampFile.deserialize(readVector('unknown-notary.txt.ots'));
    const result = await verifyTimestamp(file, sha256(readVector('unknown-notary.txt')), source);
    expect(result.status).toBe('unknown');
    expect(result.attestations).toHaveLength(1);
    expect(result.attestations[0]).toMatchObject({ status: 'unknown-attestation' });
    expect(Buffer.from(result.attestations[0]?.attestation.tag ?? []).toString('hex')).toBe(
      '0102030405060708',
    );
  });

  it('verifies with a Bitcoin Core RPC source too, and says unknown on bad credentials', async () => {
    const rpc = await startBitcoinRpcStub([BLOCK_523364]);
    try {
      const file = DetachedTimestampFile.deserialize(osdspProof);
      const good = await verifyTimestamp(
        file,
        sha256(osdspText),
        new BitcoinCoreRpcSource(rpc.url, RPC_AUTH),
      );
      expect(good).toMatchObject({ status: 'verified', height: 523364, time: 1526719849 });
      const refused = await verifyTimestamp(
        file,
        sha256(osdspText),
        new BitcoinCoreRpcSource(rpc.url, { username: 'certa', password: 'wrong' }),
      );
      expect(refused.status).toBe('unknown');
    } finally {
      await rpc.close();
    }
  });
});

/** Index of the first occurrence of `needle` in `haystack` (must exist). */
function indexOf(haystack: Buffer, needle: string): number {
  const at = haystack.indexOf(Buffer.from(needle, 'hex'));
  if (at < 0) throw new Error(`${needle} not found`);
  return at;
}

describe('tamper probes: every altered proof fails to verify or to parse', () => {
  it('flipped operation tag (append → prepend on the Bitcoin path)', async () => {
    const tampered = Buffer.from(osdspProof);
    const at = indexOf(tampered, 'f0204ac767c7');
    tampered[at] = 0xf1;
    expect(await outcome(tampered)).toBe('failed');
  });

  it('flipped byte inside an operation argument', async () => {
    const tampered = Buffer.from(osdspProof);
    const at = indexOf(tampered, 'f1207b82ac33') + 5;
    tampered[at] = (tampered[at] ?? 0) ^ 0x80;
    expect(await outcome(tampered)).toBe('failed');
  });

  it('sha256 replaced by another hash operation', async () => {
    const tampered = Buffer.from(osdspProof);
    const at = indexOf(tampered, '08f1207b82ac33');
    tampered[at] = 0x02;
    expect(['failed', 'unparseable']).toContain(await outcome(tampered));
  });

  it('wrong height (523364 → 523365)', async () => {
    const tampered = Buffer.from(osdspProof);
    const at = indexOf(tampered, '0588960d73d7190103e4f81f') + 9;
    tampered[at] = 0xe5;
    expect(await outcome(tampered)).toBe('failed');
  });

  it('truncated file', async () => {
    expect(await outcome(osdspProof.subarray(0, osdspProof.length - 1))).toBe('unparseable');
    expect(await outcome(osdspProof.subarray(0, 100))).toBe('unparseable');
  });

  it('extra trailing bytes', async () => {
    expect(await outcome(Buffer.concat([osdspProof, Buffer.from([0x00])]))).toBe('unparseable');
  });

  it('wrong magic', async () => {
    const tampered = Buffer.from(osdspProof);
    tampered[5] = 0x00;
    expect(await outcome(tampered)).toBe('unparseable');
  });

  it('nesting deeper than 256', async () => {
    const body = osdspProof.subarray(32 + 1 + 1 + 32);
    const deep = Buffer.concat([osdspProof.subarray(0, 66), Buffer.alloc(256, 0x08), body]);
    expect(await outcome(deep)).toBe('unparseable');
  });

  it('no single-bit flip anywhere in the proof yields another verified result', async () => {
    // In memory, to keep 11 656 verifications fast; the HTTP sources are covered above.
    const inMemory = {
      headerByHeight: async (height: number) => {
        if (height !== BLOCK_523364.height) throw new BlockSourceError('not-found', 'no block');
        return {
          merkleRoot: Buffer.from(BLOCK_523364.merkleRoot, 'hex').reverse(),
          time: BLOCK_523364.time,
          hash: BLOCK_523364.hash,
        };
      },
    };
    const statuses = new Map<string, number>();
    for (let at = 0; at < osdspProof.length; at += 1) {
      for (let bit = 0; bit < 8; bit += 1) {
        const tampered = Buffer.from(osdspProof);
        tampered[at] = (tampered[at] ?? 0) ^ (1 << bit);
        let status: string;
        try {
          const file = DetachedTimestampFile.deserialize(tampered);
          const result = await verifyTimestamp(file, sha256(osdspText), inMemory);
          status = result.status;
          // Flips inside the pending branches leave the Bitcoin path intact: still verified.
          if (result.status === 'verified') expect(result.time).toBe(BLOCK_523364.time);
        } catch {
          status = 'unparseable';
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }
    expect(statuses.get('unparseable')).toBeGreaterThan(0);
    expect(statuses.get('failed')).toBeGreaterThan(0);
  });
});

describe('proofs Certa builds: Merkle path + Bitcoin attestation on the root', () => {
  const leaves = Array.from({ length: 5 }, (_, i) => sha256(`document ${i}`));
  const tree = buildMerkleTree(leaves);
  const block: StubBlock = {
    height: 840000,
    hash: '0000000000000000000320283a032748cef8227873ff4872689bf23f1cda83a5',
    merkleRoot: reversedHex(Buffer.from(tree.root)),
    time: 1713571767,
  };

  function proofFor(index: number): DetachedTimestampFile {
    const rootStamp = new Timestamp(tree.root);
    rootStamp.addAttestation(new BitcoinBlockHeaderAttestation(block.height));
    rootStamp
      .add(new OpAppend(Buffer.from('a1b2', 'hex')))
      .add(new OpSha256())
      .addAttestation(new PendingAttestation('https://alice.btc.calendar.opentimestamps.org'));
    return new DetachedTimestampFile(new OpSha256(), tree.timestampForLeaf(index, rootStamp));
  }

  beforeEach(() => {
    esplora.blocks.set(block.height, block);
  });

  it('every leaf verifies at the block time', async () => {
    for (let i = 0; i < leaves.length; i += 1) {
      const proof = proofFor(i);
      const leaf = leaves[i] ?? Buffer.alloc(0);
      const result = await verifyTimestamp(
        DetachedTimestampFile.deserialize(proof.serialize()),
        leaf,
        source,
      );
      expect(result, 'reason' in result ? result.reason : '').toMatchObject({
        status: 'verified',
        height: 840000,
        time: 1713571767,
      });
    }
  });

  it('a swapped sibling, or a sibling moved to the other side, fails', async () => {
    const leaf = leaves[2] ?? Buffer.alloc(0);
    const bytes = Buffer.from(proofFor(2).serialize());
    expect(await outcome(bytes, leaf)).toBe('verified');
    const sibling = tree.pathForLeaf(2)[0]?.sibling ?? Buffer.alloc(0);
    const at = bytes.indexOf(sibling);
    const swapped = Buffer.from(bytes);
    swapped.set(leaves[4] ?? Buffer.alloc(32), at);
    expect(await outcome(swapped, leaf)).toBe('failed');
    const sideSwapped = Buffer.from(bytes);
    sideSwapped[at - 2] = sideSwapped[at - 2] === 0xf0 ? 0xf1 : 0xf0;
    expect(await outcome(sideSwapped, leaf)).toBe('failed');
  });
});
