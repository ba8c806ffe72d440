import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import * as ecc from '@bitcoinerlab/secp256k1';
import { Block, opcodes, script, Transaction } from 'bitcoinjs-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startBitcoinCoreStandIn,
  type BitcoinCoreStandIn,
  type MineOptions,
  type StandInOptions,
} from '../../../test/helpers/bitcoin-core-stand-in.js';
import {
  BitcoinBlockHeaderAttestation,
  BitcoinCoreRpcSource,
  buildMerkleTree,
  DetachedTimestampFile,
  formatOtsInfo,
  OpSha256,
  OtsDeserializationError,
  Timestamp,
  verifyTimestamp,
  type MerkleTree,
  type TimestampVerification,
} from '../../../verifier/index.js';
import { BackendUnavailableError, type BackendSubmission } from './anchor-backend.js';
import {
  BitcoinAnchorConflictError,
  BitcoinAnchorError,
  BitcoinRpcBackend,
  type BitcoinRpcBackendOptions,
} from './bitcoin-rpc-backend.js';
import { BitcoinRpcError } from './bitcoin-rpc-client.js';
import { blockMerkleBranch, blockMerkleRoot } from './bitcoin-rpc-proof.js';
import { parseBitcoinRpcState, type BitcoinRpcState } from './bitcoin-rpc-state.js';
import {
  parseTransaction,
  sha256d,
  splitAroundRoot,
  TransactionFormatError,
} from './bitcoin-rpc-transaction.js';

const NOW = new Date('2026-01-02T03:04:05.000Z');

/**
 * The reference JavaScript implementation (npm `opentimestamps`, tests only): untyped CommonJS,
 * described here just as far as used.
 */
interface ReferenceOpenTimestamps {
  DetachedTimestampFile: {
    deserialize(bytes: Uint8Array): {
      serializeToBytes(): ArrayLike<number>;
      timestamp: { allAttestations(): Map<ArrayLike<number>, { height?: number }> };
    };
  };
}
const reference = createRequire(import.meta.url)('opentimestamps') as ReferenceOpenTimestamps;

// --- helpers ---

function fillerTransaction(withWitness: boolean): Transaction {
  const tx = new Transaction();
  tx.version = 2;
  tx.addInput(randomBytes(32), 1, 0xfffffffd);
  tx.addInput(randomBytes(32), 0, 0xffffffff, Buffer.from([0x51]));
  tx.addOutput(script.compile([opcodes.OP_RETURN, randomBytes(32)]), 0n);
  tx.addOutput(Buffer.concat([Buffer.from([0x00, 0x14]), randomBytes(20)]), 12_345n);
  if (withWitness) tx.setWitness(0, [randomBytes(71), randomBytes(33)]);
  return tx;
}

/** The stripped (non-witness) serialisation according to bitcoinjs-lib. */
function strippedOf(tx: Transaction): Buffer {
  const copy = tx.clone();
  for (let i = 0; i < copy.ins.length; i += 1) copy.setWitness(i, []);
  return Buffer.from(copy.toBuffer());
}

function state(submission: BackendSubmission): BitcoinRpcState {
  return parseBitcoinRpcState(submission.state);
}

/** What the worker stores and reads back after a restart: JSON text, buffers as hex. */
function persisted(submission: BackendSubmission): BackendSubmission {
  const stored = JSON.stringify({
    ...submission,
    timestamp: submission.timestamp?.toString('hex') ?? null,
  });
  const row = JSON.parse(stored) as Omit<BackendSubmission, 'timestamp'> & {
    timestamp: string | null;
  };
  return { ...row, timestamp: row.timestamp === null ? null : Buffer.from(row.timestamp, 'hex') };
}

function batch(size = 5): { tree: MerkleTree; root: Buffer } {
  const tree = buildMerkleTree(Array.from({ length: size }, () => randomBytes(32)));
  return { tree, root: Buffer.from(tree.root) };
}

/** The `.ots` proof of leaf `index`, with the backend's timestamp grafted on the batch root. */
function leafProof(
  tree: MerkleTree,
  index: number,
  complete: BackendSubmission,
): DetachedTimestampFile {
  if (complete.timestamp === null) throw new Error('no timestamp');
  const rootTimestamp = Timestamp.fromBytes(complete.timestamp, tree.root);
  return new DetachedTimestampFile(new OpSha256(), tree.timestampForLeaf(index, rootTimestamp));
}

/** Decoded input value sum minus outputs: the fee the stand-in's chain says a tx pays. */
function feeOf(node: BitcoinCoreStandIn, tx: Transaction): bigint {
  let inputs = 0n;
  for (const input of tx.ins) {
    const txid = Buffer.from(input.hash).reverse().toString('hex');
    inputs += outputValue(node, txid, input.index);
  }
  return inputs - tx.outs.reduce((sum, output) => sum + output.value, 0n);
}

function outputValue(node: BitcoinCoreStandIn, txid: string, vout: number): bigint {
  for (let height = 0; height <= node.height(); height += 1) {
    const found = node.blockAt(height).transactions.find((tx) => tx.getId() === txid);
    const output = found?.outs[vout];
    if (output) return output.value;
  }
  throw new Error(`coin ${txid}:${vout} not found`);
}

async function freePortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/`;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected a rejection');
}

// --- transaction and block Merkle tree (pure) ---

describe('bitcoin-rpc transaction encoding', () => {
  it.each([true, false])(
    'computes txid, stripped bytes and vsize like bitcoinjs-lib (witness: %s)',
    (witness) => {
      const tx = fillerTransaction(witness);
      const parsed = parseTransaction(tx.toBuffer());
      expect(parsed.txid).toBe(tx.getId());
      expect(parsed.hasWitness).toBe(witness);
      expect(parsed.stripped.equals(strippedOf(tx))).toBe(true);
      expect(parsed.vsize).toBe(tx.virtualSize());
      expect(parsed.inputs.map((input) => input.sequence)).toEqual([0xfffffffd, 0xffffffff]);
    },
  );

  it('splits the stripped bytes around the OP_RETURN root', () => {
    const tx = fillerTransaction(true);
    const decompiled = script.decompile(tx.outs[0]?.script ?? Buffer.alloc(0)) ?? [];
    const root = Buffer.from(decompiled[1] as Uint8Array);
    const parsed = parseTransaction(tx.toBuffer());
    const { prefix, suffix } = splitAroundRoot(parsed, root);
    expect(Buffer.concat([prefix, root, suffix]).equals(strippedOf(tx))).toBe(true);
    expect(() => splitAroundRoot(parsed, randomBytes(32))).toThrow(TransactionFormatError);
  });

  it('rejects truncated transactions and trailing bytes', () => {
    const bytes = Buffer.from(fillerTransaction(true).toBuffer());
    expect(() => parseTransaction(bytes.subarray(0, bytes.length - 1))).toThrow(
      TransactionFormatError,
    );
    expect(() => parseTransaction(Buffer.concat([bytes, Buffer.from([0])]))).toThrow(
      TransactionFormatError,
    );
  });

  it('builds block Merkle roots and branches that agree with bitcoinjs-lib for 1..17 transactions', () => {
    for (let count = 1; count <= 17; count += 1) {
      const txs = Array.from({ length: count }, () => fillerTransaction(false));
      const leaves = txs.map((tx) => Buffer.from(tx.getHash()));
      const expected = Buffer.from(Block.calculateMerkleRoot(txs));
      expect(blockMerkleRoot(leaves).equals(expected)).toBe(true);
      leaves.forEach((leaf, index) => {
        let node: Buffer = leaf;
        for (const step of blockMerkleBranch(leaves, index)) {
          const pair = step.op === 'append' ? [node, step.sibling] : [step.sibling, node];
          node = sha256d(Buffer.concat(pair));
        }
        expect(node.equals(expected)).toBe(true);
      });
    }
  });
});

// --- the backend against the Bitcoin Core stand-in ---

describe('BitcoinRpcBackend', () => {
  let node: BitcoinCoreStandIn;

  async function startNode(options: StandInOptions = {}): Promise<void> {
    await node.close();
    node = await startBitcoinCoreStandIn(options);
  }

  function backend(options: Partial<BitcoinRpcBackendOptions> = {}): BitcoinRpcBackend {
    return new BitcoinRpcBackend({
      url: node.url,
      username: node.username,
      password: node.password,
      wallet: node.wallet,
      now: () => NOW,
      ...options,
    });
  }

  function headerSource(): BitcoinCoreRpcSource {
    return new BitcoinCoreRpcSource(node.url, { username: node.username, password: node.password });
  }

  async function verify(file: DetachedTimestampFile): Promise<TimestampVerification> {
    return verifyTimestamp(file, file.fileDigest, headerSource());
  }

  /** A raw JSON-RPC call to the stand-in, as a test's own client. */
  async function rpc(method: string, params: unknown[]): Promise<unknown> {
    const response = await fetch(node.url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${node.username}:${node.password}`).toString('base64')}`,
      },
      body: JSON.stringify({ jsonrpc: '1.0', id: 1, method, params }),
    });
    const body = (await response.json()) as { result?: unknown };
    return body.result;
  }

  /** prepare → submit, as the worker does (with persistence in between). */
  async function anchor(subject: BitcoinRpcBackend, root: Buffer): Promise<BackendSubmission> {
    const prepared = persisted(await subject.prepare(root));
    return persisted(await subject.submit(root, prepared));
  }

  async function upgradeUntilComplete(
    subject: BitcoinRpcBackend,
    root: Buffer,
    pending: BackendSubmission,
    mine: MineOptions = {},
  ): Promise<BackendSubmission> {
    node.mine(1, mine);
    const complete = await subject.upgrade(root, pending);
    expect(complete.status).toBe('complete');
    return complete;
  }

  beforeEach(async () => {
    node = await startBitcoinCoreStandIn();
  });

  afterEach(async () => {
    await node.close();
  });

  describe('prepare', () => {
    it.each([
      { estimate: null, max: undefined, rate: 1 },
      { estimate: 12.345, max: undefined, rate: 12.345 },
      { estimate: 0.5, max: undefined, rate: 1 },
      { estimate: 500, max: 40, rate: 40 },
    ])(
      'builds a valid, signed, replaceable OP_RETURN transaction (estimate $estimate sat/vB, cap $max → $rate)',
      async ({ estimate, max, rate }) => {
        node.setFeeEstimate(estimate);
        const { root } = batch();
        const prepared = await backend(max === undefined ? {} : { maxFeeRateSatVb: max }).prepare(
          root,
        );
        expect(prepared).toMatchObject({ status: 'prepared', timestamp: null, bitcoin: null });
        const saved = state(prepared);
        const tx = Transaction.fromHex(saved.rawTransaction);

        // Output 0: OP_RETURN <root>, value 0.
        const [opReturn, change, ...rest] = tx.outs;
        expect(rest).toHaveLength(0);
        expect(opReturn?.value).toBe(0n);
        const chunks = script.decompile(opReturn?.script ?? Buffer.alloc(0)) ?? [];
        expect(chunks[0]).toBe(opcodes.OP_RETURN);
        expect(Buffer.from(chunks[1] as Uint8Array).equals(root)).toBe(true);
        expect(chunks).toHaveLength(2);
        // Output 1: change back to the wallet.
        expect(Buffer.from(change?.script ?? []).equals(node.walletScript)).toBe(true);
        expect(change?.value).toBeGreaterThan(0n);

        // Inputs: signed (segwit witness, valid signature by the wallet key), RBF signalled.
        expect(tx.ins.length).toBeGreaterThan(0);
        tx.ins.forEach((input, index) => {
          expect(input.sequence).toBeLessThan(0xfffffffe);
          const [signature, publicKey] = input.witness;
          expect(Buffer.from(publicKey ?? []).equals(node.walletPublicKey)).toBe(true);
          const decoded = script.signature.decode(signature ?? Buffer.alloc(0));
          const txid = Buffer.from(input.hash).reverse().toString('hex');
          const scriptCode = Buffer.concat([
            Buffer.from('76a914', 'hex'),
            node.walletScript.subarray(2),
            Buffer.from('88ac', 'hex'),
          ]);
          const digest = tx.hashForWitnessV0(
            index,
            scriptCode,
            outputValue(node, txid, input.index),
            decoded.hashType,
          );
          expect(ecc.verify(digest, publicKey ?? Buffer.alloc(0), decoded.signature)).toBe(true);
        });

        // Fee rate: what was asked, within the rounding of the wallet's size estimate.
        const paid = Number(feeOf(node, tx)) / tx.virtualSize();
        expect(paid).toBeGreaterThanOrEqual(rate);
        expect(paid).toBeLessThanOrEqual(rate * 1.01 + 1 / tx.virtualSize());
        expect(saved.feeRateSatVb).toBe(rate);

        // Our own txid is bitcoinjs-lib's; nothing was broadcast.
        expect(saved.txid).toBe(tx.getId());
        expect(saved.triedTxids).toEqual([tx.getId()]);
        expect(saved.preparedAt).toBe(NOW.toISOString());
        expect(node.callsTo('sendrawtransaction')).toHaveLength(0);
        expect(node.mempoolTxids()).toHaveLength(0);

        const [fund] = node.callsTo('fundrawtransaction');
        expect(fund?.params[1]).toEqual({
          fee_rate: rate,
          replaceable: true,
          changePosition: 1,
          lockUnspents: true,
        });
        expect(fund?.path).toBe('/wallet/certa');
        expect(prepared.state).not.toContain(node.password);
      },
    );

    it('is not idempotent: a second prepare builds a second transaction on other coins, so the worker persists the first and never calls prepare twice for one batch', async () => {
      const { root } = batch();
      const subject = backend();
      const first = state(await subject.prepare(root));
      const second = state(await subject.prepare(root));
      expect(second.txid).not.toBe(first.txid);
      const inputsOf = (hex: string): string[] =>
        Transaction.fromHex(hex).ins.map(
          (input) => `${Buffer.from(input.hash).toString('hex')}:${input.index}`,
        );
      expect(inputsOf(second.rawTransaction)).not.toEqual(inputsOf(first.rawTransaction));
    });
  });

  describe('full flow', () => {
    it.each<MineOptions>([
      { fillersBefore: 0, fillersAfter: 0 },
      { fillersBefore: 1, fillersAfter: 0 },
      { fillersBefore: 2, fillersAfter: 3 },
      { fillersBefore: 5, fillersAfter: 0 },
      { fillersBefore: 0, fillersAfter: 6 },
    ])(
      'prepare → submit → pending → mined → complete, and the leaf proof verifies (%o)',
      async (shape) => {
        const { tree, root } = batch(5);
        const subject = backend();
        const pending = await anchor(subject, root);
        expect(pending).toMatchObject({ status: 'pending', timestamp: null, bitcoin: null });
        const broadcast = state(pending);
        expect(broadcast.broadcastHeight).toBe(node.height());
        expect(node.mempoolTxids()).toEqual([broadcast.txid]);

        // Nothing new before a block: the same submission comes back.
        expect(await subject.upgrade(root, pending)).toBe(pending);

        const complete = persisted(await upgradeUntilComplete(subject, root, pending, shape));
        const block = node.blockAt(node.height());
        expect(block.txids).toContain(broadcast.txid);
        expect(complete.bitcoin).toEqual({ height: block.height, time: block.time });
        expect(state(complete).confirmed).toEqual({
          txid: broadcast.txid,
          blockHash: block.hash,
          height: block.height,
          time: block.time,
        });

        for (const index of [0, 3, 4]) {
          const proof = DetachedTimestampFile.deserialize(
            leafProof(tree, index, complete).serialize(),
          );
          const result = await verify(proof);
          expect(result).toMatchObject({
            status: 'verified',
            height: block.height,
            time: block.time,
            blockHash: block.hash,
          });
        }
        // The reference implementation reads the proof and reaches the same block Merkle root.
        const bytes = leafProof(tree, 0, complete).serialize();
        const parsed = reference.DetachedTimestampFile.deserialize(bytes);
        expect(Buffer.from(Array.from(parsed.serializeToBytes())).equals(bytes)).toBe(true);
        const attestations = [...parsed.timestamp.allAttestations()];
        expect(attestations).toHaveLength(1);
        const [message, attestation] = attestations[0] ?? [[], {}];
        expect(Buffer.from(Array.from(message)).equals(block.merkleRoot)).toBe(true);
        expect(attestation.height).toBe(block.height);
        // `ots info` recognises the transaction the proof passes through.
        expect(formatOtsInfo(leafProof(tree, 0, complete))).toContain(
          `# Transaction id ${broadcast.txid}`,
        );
        // A complete submission is final.
        expect(await subject.upgrade(root, complete)).toBe(complete);
      },
    );

    it('waits for minConfirmations before building the proof, without bumping a mined transaction', async () => {
      const { tree, root } = batch(3);
      const subject = backend({ minConfirmations: 3, bumpAfterBlocks: 1 });
      const pending = await anchor(subject, root);
      node.mine(1);
      expect(await subject.upgrade(root, pending)).toBe(pending);
      node.mine(1, { includeMempool: false });
      expect(await subject.upgrade(root, pending)).toBe(pending);
      node.mine(1, { includeMempool: false });
      const complete = await subject.upgrade(root, pending);
      expect(complete.status).toBe('complete');
      expect(complete.bitcoin?.height).toBe(node.height() - 2);
      expect(node.callsTo('bumpfee')).toHaveLength(0);
      expect(await verify(leafProof(tree, 1, complete))).toMatchObject({ status: 'verified' });
    });
  });

  describe('crash safety', () => {
    it('submit twice broadcasts one transaction', async () => {
      const { root } = batch();
      const subject = backend();
      const prepared = persisted(await subject.prepare(root));
      const first = await subject.submit(root, prepared);
      const second = await subject.submit(root, prepared);
      expect(node.callsTo('sendrawtransaction')).toHaveLength(2);
      expect(node.mempoolTxids()).toEqual([state(prepared).txid]);
      expect(state(second).txid).toBe(state(first).txid);
      expect(second.status).toBe('pending');
    });

    it('treats the old "txn-already-in-mempool" error as success', async () => {
      node.setAlreadyInMempoolError(true);
      const { root } = batch();
      const subject = backend();
      const prepared = await subject.prepare(root);
      await subject.submit(root, prepared);
      const again = await subject.submit(root, prepared);
      expect(again.status).toBe('pending');
      expect(node.mempoolTxids()).toEqual([state(prepared).txid]);
    });

    it('a crash between prepare and submit: the stored prepared state anchors the same txid', async () => {
      const { tree, root } = batch();
      const prepared = persisted(await backend().prepare(root));
      // ...the worker dies here; a new process reads the stored submission and submits it.
      const restarted = backend();
      const pending = persisted(await restarted.submit(root, prepared));
      const complete = await upgradeUntilComplete(restarted, root, pending);
      expect(state(complete).confirmed?.txid).toBe(state(prepared).txid);
      expect(await verify(leafProof(tree, 2, complete))).toMatchObject({ status: 'verified' });
    });

    it('a crash after submit, before storing: re-submitting a mined transaction is still success', async () => {
      const { tree, root } = batch();
      const subject = backend();
      const prepared = persisted(await subject.prepare(root));
      await subject.submit(root, prepared); // result lost
      node.mine(1);
      const pending = await subject.submit(root, prepared);
      expect(pending.status).toBe('pending');
      const complete = await subject.upgrade(root, pending);
      expect(complete.status).toBe('complete');
      expect(await verify(leafProof(tree, 0, complete))).toMatchObject({ status: 'verified' });
    });

    it('re-submitting after the change was spent by a later batch asks the wallet and succeeds', async () => {
      await startNode({ utxosSat: [10_000_000n] }); // one coin: the next batch spends our change
      const first = batch();
      const subject = backend();
      const prepared = persisted(await subject.prepare(first.root));
      await subject.submit(first.root, prepared); // result lost
      node.mine(1);
      const second = batch();
      await anchor(subject, second.root);
      node.mine(1);
      const pending = await subject.submit(first.root, prepared);
      expect(pending.status).toBe('pending');
      const complete = await subject.upgrade(first.root, pending);
      expect(state(complete).confirmed?.txid).toBe(state(prepared).txid);
    });

    it('a crash during upgrade after a fee bump: the replacement is found, not bumped again', async () => {
      const { tree, root } = batch();
      const subject = backend({ bumpAfterBlocks: 2 });
      const pending = persisted(await anchor(subject, root));
      node.mine(2, { includeMempool: false });
      const bumped = state(await subject.upgrade(root, pending)); // result lost in a crash
      expect(node.callsTo('bumpfee')).toHaveLength(1);
      const recovered = persisted(await subject.upgrade(root, pending));
      expect(node.callsTo('bumpfee')).toHaveLength(1);
      expect(state(recovered).triedTxids).toEqual(bumped.triedTxids);
      expect(state(recovered).feeRateSatVb).toBeGreaterThan(state(pending).feeRateSatVb);
      // Still not bumped again right away.
      expect(await subject.upgrade(root, recovered)).toBe(recovered);
      const complete = await upgradeUntilComplete(subject, root, recovered);
      expect(state(complete).confirmed?.txid).toBe(bumped.triedTxids[1]);
      expect(await verify(leafProof(tree, 4, complete))).toMatchObject({ status: 'verified' });
    });
  });

  describe('replace-by-fee', () => {
    it('bumps the fee once after bumpAfterBlocks blocks without confirmation; the replacement confirms and verifies', async () => {
      node.setFeeEstimate(4);
      const { tree, root } = batch();
      const subject = backend({ bumpAfterBlocks: 3 });
      const pending = persisted(await anchor(subject, root));
      const original = state(pending);

      node.mine(2, { includeMempool: false });
      expect(await subject.upgrade(root, pending)).toBe(pending);
      expect(node.callsTo('bumpfee')).toHaveLength(0);

      node.mine(1, { includeMempool: false });
      const bumped = persisted(await subject.upgrade(root, pending));
      expect(bumped.status).toBe('pending');
      expect(node.callsTo('bumpfee')).toHaveLength(1);
      expect(node.callsTo('bumpfee')[0]?.params).toEqual([
        original.txid,
        { fee_rate: 5, replaceable: true },
      ]);
      const after = state(bumped);
      expect(after.triedTxids).toHaveLength(2);
      expect(after.triedTxids[0]).toBe(original.txid);
      expect(after.feeRateSatVb).toBe(5);
      expect(after.lastBumpHeight).toBe(node.height());
      const replacementTxid = after.triedTxids[1] ?? '';
      expect(node.mempoolTxids()).toEqual([replacementTxid]);

      // The replacement spends the same coins and pays more.
      const replacement = Transaction.fromHex(
        String(await rpc('getrawtransaction', [replacementTxid])),
      );
      const originalTx = Transaction.fromHex(original.rawTransaction);
      const outpoints = (tx: Transaction): string[] =>
        tx.ins.map((input) => `${Buffer.from(input.hash).toString('hex')}:${input.index}`);
      expect(outpoints(replacement)).toEqual(outpoints(originalTx));
      expect(feeOf(node, replacement)).toBeGreaterThan(feeOf(node, originalTx));

      // Asking again at the same height does nothing.
      expect(await subject.upgrade(root, bumped)).toBe(bumped);
      expect(node.callsTo('bumpfee')).toHaveLength(1);

      const complete = await upgradeUntilComplete(subject, root, bumped);
      expect(state(complete).confirmed?.txid).toBe(replacementTxid);
      expect(await verify(leafProof(tree, 1, complete))).toMatchObject({ status: 'verified' });
      expect(node.callsTo('sendrawtransaction')).toHaveLength(1);
    });

    it('accepts the original when it is the one that confirms after a bump', async () => {
      const { tree, root } = batch();
      const subject = backend({ bumpAfterBlocks: 1 });
      const pending = persisted(await anchor(subject, root));
      node.mine(1, { includeMempool: false });
      const bumped = await subject.upgrade(root, pending);
      expect(state(bumped).triedTxids).toHaveLength(2);
      // A miner still had the original: it is mined instead of the replacement.
      node.mine(1, { includeMempool: false, extraTransactions: [state(pending).rawTransaction] });
      const complete = await subject.upgrade(root, bumped);
      expect(state(complete).confirmed?.txid).toBe(state(pending).txid);
      expect(await verify(leafProof(tree, 0, complete))).toMatchObject({ status: 'verified' });
    });

    it('reports a conflict when another mined transaction spends the same coins', async () => {
      const { root } = batch();
      const subject = backend();
      const pending = await anchor(subject, root);
      const anchored = Transaction.fromHex(state(pending).rawTransaction);
      const spend = new Transaction();
      spend.version = 2;
      for (const input of anchored.ins) spend.addInput(input.hash, input.index, 0xfffffffd);
      spend.addOutput(node.walletScript, 1_000_000n);
      const signed = (await rpc('signrawtransactionwithwallet', [spend.toHex()])) as {
        hex: string;
      };
      node.mine(1, { includeMempool: false, extraTransactions: [signed.hex] });
      const error = await rejection(subject.upgrade(root, pending));
      expect(error).toBeInstanceOf(BitcoinAnchorConflictError);
      expect(error.message).toContain(state(pending).txid);
    });

    it('does not bump beyond maxFeeRateSatVb', async () => {
      const { root } = batch();
      const subject = backend({ bumpAfterBlocks: 1, maxFeeRateSatVb: 1.5 });
      const pending = await anchor(subject, root);
      node.mine(3, { includeMempool: false });
      expect(await subject.upgrade(root, pending)).toBe(pending);
      expect(node.callsTo('bumpfee')).toHaveLength(0);
    });
  });

  describe('errors', () => {
    it('reports an unavailable node (HTTP 503) as BackendUnavailableError', async () => {
      node.setUnavailable(true);
      const error = await rejection(backend().prepare(batch().root));
      expect(error).toBeInstanceOf(BackendUnavailableError);
      expect(error.message).toMatch(/not available/);
    });

    it('reports a warming-up node (-28) as BackendUnavailableError', async () => {
      node.setUnavailable(true, 'warmup');
      const error = await rejection(backend().prepare(batch().root));
      expect(error).toBeInstanceOf(BackendUnavailableError);
      expect(error.message).toMatch(/starting/);
    });

    it('reports a closed port as BackendUnavailableError', async () => {
      const error = await rejection(
        new BitcoinRpcBackend({
          url: await freePortUrl(),
          username: 'u',
          password: 'secret-pw',
        }).prepare(batch().root),
      );
      expect(error).toBeInstanceOf(BackendUnavailableError);
      expect(error.message).toMatch(/cannot reach Bitcoin Core RPC at http:\/\/127\.0\.0\.1:\d+/);
      expect(error.message).not.toContain('secret-pw');
    });

    it('reports a node that does not answer in time as BackendUnavailableError', async () => {
      node.setStall(1000);
      const error = await rejection(backend({ timeoutMs: 100 }).prepare(batch().root));
      expect(error).toBeInstanceOf(BackendUnavailableError);
      expect(error.message).toMatch(/no answer within 100 ms/);
    });

    it('reports an empty wallet as BackendUnavailableError (the operator tops it up, the worker retries)', async () => {
      await startNode({ utxosSat: [1_000n] });
      const error = await rejection(backend().prepare(batch().root));
      expect(error).toBeInstanceOf(BackendUnavailableError);
      expect(error.message).toMatch(/insufficient funds/i);
    });

    it('reports refused credentials clearly, without the password', async () => {
      const error = await rejection(backend({ password: 'wrong-password' }).prepare(batch().root));
      expect(error).toBeInstanceOf(BitcoinRpcError);
      expect(error).not.toBeInstanceOf(BackendUnavailableError);
      expect(error).toMatchObject({ kind: 'auth' });
      expect(error.message).toMatch(/refused the credentials \(HTTP 401\)/);
      expect(error.message).not.toContain('wrong-password');
    });

    it('takes credentials from the URL, and never shows them', async () => {
      const url = new URL(node.url);
      url.username = node.username;
      url.password = node.password;
      const fromUrl = new BitcoinRpcBackend({ url: url.toString(), wallet: node.wallet });
      expect((await fromUrl.prepare(batch().root)).status).toBe('prepared');
      url.password = 'bad-url-password';
      const error = await rejection(
        new BitcoinRpcBackend({ url: url.toString() }).prepare(batch().root),
      );
      expect(error).toBeInstanceOf(BitcoinRpcError);
      expect(error.message).not.toContain('bad-url-password');
      expect(error.message).not.toContain(node.username);
    });

    it('reports an unknown wallet with Core code -18', async () => {
      const error = await rejection(backend({ wallet: 'nope' }).prepare(batch().root));
      expect(error).toBeInstanceOf(BitcoinRpcError);
      expect(error).toMatchObject({ kind: 'rpc', code: -18 });
      expect(error.message).toMatch(/fundrawtransaction|createrawtransaction|estimatesmartfee/);
    });

    it('refuses to upgrade a prepared submission or to submit a state of another root', async () => {
      const { root } = batch();
      const subject = backend();
      const prepared = await subject.prepare(root);
      await expect(subject.upgrade(root, prepared)).rejects.toThrow(BitcoinAnchorError);
      await expect(subject.submit(batch().root, prepared)).rejects.toThrow(
        /does not hold a transaction for this root/,
      );
      expect(node.callsTo('sendrawtransaction')).toHaveLength(0);
    });

    it('rejects bad options at construction', () => {
      expect(() => backend({ bumpAfterBlocks: 0 })).toThrow(RangeError);
      expect(() => backend({ maxFeeRateSatVb: 0.5 })).toThrow(RangeError);
      expect(() => backend({ url: 'ftp://127.0.0.1/' })).toThrow(TypeError);
    });
  });

  describe('tamper probes on the produced proof', () => {
    let tree: MerkleTree;
    let complete: BackendSubmission;
    let txid: string;

    beforeEach(async () => {
      const made = batch(6);
      tree = made.tree;
      const subject = backend();
      const pending = await anchor(subject, made.root);
      txid = state(pending).txid;
      complete = await upgradeUntilComplete(subject, made.root, pending, {
        fillersBefore: 2,
        fillersAfter: 2,
      });
      node.mine(2, { includeMempool: false }); // blocks exist at the neighbouring heights
    });

    function proofBytes(): Buffer {
      return Buffer.from(leafProof(tree, 2, complete).serialize());
    }

    async function verifyBytes(bytes: Buffer): Promise<TimestampVerification> {
      return verify(DetachedTimestampFile.deserialize(bytes));
    }

    function replaceOnce(bytes: Buffer, find: Buffer, replacement: Buffer): Buffer {
      const at = bytes.indexOf(find);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(bytes.indexOf(find, at + 1)).toBe(-1);
      return Buffer.concat([bytes.subarray(0, at), replacement, bytes.subarray(at + find.length)]);
    }

    function transactionParts(): {
      prefix: Buffer;
      suffix: Buffer;
      block: ReturnType<BitcoinCoreStandIn['blockAt']>;
    } {
      const height = complete.bitcoin?.height ?? -1;
      const block = node.blockAt(height);
      const tx = block.transactions.find((candidate) => candidate.getId() === txid);
      if (!tx) throw new Error('transaction not in block');
      return { ...splitAroundRoot(parseTransaction(tx.toBuffer()), tree.root), block };
    }

    it('the untouched proof verifies', async () => {
      expect(await verifyBytes(proofBytes())).toMatchObject({ status: 'verified' });
    });

    it('a flipped byte in the OP_RETURN prefix (prepend) fails', async () => {
      const { prefix } = transactionParts();
      const flipped = Buffer.from(prefix);
      flipped[10] = (flipped[10] ?? 0) ^ 0x01;
      const result = await verifyBytes(replaceOnce(proofBytes(), prefix, flipped));
      expect(result.status).toBe('failed');
    });

    it('a flipped byte in the suffix (append) fails', async () => {
      const { suffix } = transactionParts();
      const flipped = Buffer.from(suffix);
      flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 0x80;
      const result = await verifyBytes(replaceOnce(proofBytes(), suffix, flipped));
      expect(result.status).toBe('failed');
    });

    it('a swapped block Merkle sibling fails (wrong side, or another transaction)', async () => {
      const { block } = transactionParts();
      const leaves = block.txids.map((id) => Buffer.from(id, 'hex').reverse());
      const [first] = blockMerkleBranch(leaves, block.txids.indexOf(txid));
      if (!first) throw new Error('no Merkle step');
      const tag = Buffer.from([first.op === 'append' ? 0xf0 : 0xf1, 0x20]);
      const otherSide = Buffer.from([first.op === 'append' ? 0xf1 : 0xf0, 0x20]);
      const step = Buffer.concat([tag, first.sibling]);
      const bytes = proofBytes();
      expect(
        (await verifyBytes(replaceOnce(bytes, step, Buffer.concat([otherSide, first.sibling]))))
          .status,
      ).toBe('failed');
      const other = leaves.find(
        (leaf) => !leaf.equals(first.sibling) && !leaf.equals(Buffer.from(txid, 'hex').reverse()),
      );
      if (!other) throw new Error('no other transaction');
      expect(
        (await verifyBytes(replaceOnce(bytes, step, Buffer.concat([tag, other])))).status,
      ).toBe('failed');
    });

    it.each([1, -1])('a wrong height in the attestation (%i) fails', async (delta) => {
      const file = leafProof(tree, 2, complete);
      const height = complete.bitcoin?.height ?? 0;
      let changed = 0;
      const visit = (stamp: Timestamp): void => {
        stamp.attestations.forEach((attestation, index) => {
          if (attestation instanceof BitcoinBlockHeaderAttestation) {
            stamp.attestations[index] = new BitcoinBlockHeaderAttestation(height + delta);
            changed += 1;
          }
        });
        for (const child of stamp.ops.values()) visit(child);
      };
      visit(file.timestamp);
      expect(changed).toBe(1);
      const result = await verifyBytes(Buffer.from(file.serialize()));
      expect(result.status).toBe('failed');
    });

    it('a truncated proof or extra bytes do not parse', () => {
      const bytes = proofBytes();
      expect(() => DetachedTimestampFile.deserialize(bytes.subarray(0, bytes.length - 1))).toThrow(
        OtsDeserializationError,
      );
      expect(() =>
        DetachedTimestampFile.deserialize(Buffer.concat([bytes, Buffer.from([0])])),
      ).toThrow(OtsDeserializationError);
    });

    it('the proof does not verify for another file', async () => {
      const file = DetachedTimestampFile.deserialize(proofBytes());
      const result = await verifyTimestamp(file, randomBytes(32), headerSource());
      expect(result.status).toBe('failed');
    });
  });
});
