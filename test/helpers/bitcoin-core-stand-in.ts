import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as ecc from '@bitcoinerlab/secp256k1';
import { Block, networks, opcodes, payments, script, Transaction } from 'bitcoinjs-lib';

/**
 * A stand-in for a regtest Bitcoin Core node with one wallet, speaking JSON-RPC 1.0 over HTTP on
 * 127.0.0.1 — enough of Core for the `bitcoin-rpc` anchoring backend and for
 * `BitcoinCoreRpcSource`. Transactions are real (bitcoinjs-lib): the wallet funds with P2WPKH
 * coins, signs with its key, the mempool checks signatures, fees and BIP 125 replacement rules,
 * and blocks carry real Merkle roots (bitcoinjs-lib's, independent of the backend's). No proof of
 * work. Errors use Core's codes and wording, HTTP statuses included (500 for RPC errors, 404 for
 * an unknown method, 401 with an empty body for bad credentials).
 *
 * Tests drive it with plain methods: {@link BitcoinCoreStandIn.mine}, `dropMempool()`,
 * `setUnavailable()`, `setFeeEstimate()`, and read {@link BitcoinCoreStandIn.calls}.
 */

const network = networks.regtest;

/** What the wallet's coins look like when the stand-in starts. */
const DEFAULT_UTXOS_SAT = [50_000_000n, 100_000_000n, 200_000_000n, 25_000_000n];
/** Outputs below this are dust for P2WPKH (Core's 294 sat at 3 sat/vB discard rate). */
const DUST_SAT = 294n;
const SEQUENCE_RBF = 0xfffffffd;
const SEQUENCE_FINAL_NO_RBF = 0xfffffffe;
const BLOCK_INTERVAL_S = 600;

/** One JSON-RPC call as the stand-in received it. */
export interface RpcCall {
  readonly method: string;
  readonly params: readonly unknown[];
  /** `/` or `/wallet/<name>`. */
  readonly path: string;
}

/** How blocks are filled by {@link BitcoinCoreStandIn.mine}. */
export interface MineOptions {
  /** Put the mempool in the block (default true); false mines blocks without our transactions. */
  readonly includeMempool?: boolean;
  /** Unrelated transactions placed right after the coinbase (default 1). */
  readonly fillersBefore?: number;
  /** Unrelated transactions placed at the end of the block (default 0). */
  readonly fillersAfter?: number;
  /**
   * Raw transactions mined in the block whether or not they are in the mempool (as if a miner
   * had them), evicting what conflicts with them — e.g. an original after its replacement.
   */
  readonly extraTransactions?: readonly string[];
}

/** A block of the stand-in's chain. */
export interface StandInBlock {
  /** Display order. */
  readonly hash: string;
  readonly height: number;
  readonly time: number;
  /** Internal byte order, as in the header. */
  readonly merkleRoot: Buffer;
  readonly header: Buffer;
  /** Display order, block order. */
  readonly txids: readonly string[];
  readonly transactions: readonly Transaction[];
}

/** Settings of {@link startBitcoinCoreStandIn}. */
export interface StandInOptions {
  readonly username?: string;
  readonly password?: string;
  /** The one loaded wallet's name (default `certa`). */
  readonly wallet?: string;
  /** Values of the wallet's confirmed P2WPKH coins at start. */
  readonly utxosSat?: readonly bigint[];
  /** `estimatesmartfee` answer in sat/vB; null (default) means "no estimate", as on regtest. */
  readonly feeEstimateSatVb?: number | null;
  /** Time of the genesis block (seconds). */
  readonly genesisTime?: number;
}

/** The running stand-in and its test controls. */
export interface BitcoinCoreStandIn {
  /** `http://127.0.0.1:<port>/`, without credentials. */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly wallet: string;
  /** The wallet's P2WPKH output script (change goes there). */
  readonly walletScript: Buffer;
  /** The wallet's public key. */
  readonly walletPublicKey: Buffer;
  /** Every call received, in order (including refused ones, once authenticated). */
  readonly calls: RpcCall[];
  /** Calls of one method. */
  callsTo(method: string): RpcCall[];
  /** Txids in the mempool. */
  mempoolTxids(): string[];
  /** Height of the tip. */
  height(): number;
  blockAt(height: number): StandInBlock;
  /** Mines `count` blocks; returns their hashes. */
  mine(count?: number, options?: MineOptions): string[];
  /** Forgets every mempool transaction (their coins are spendable again). */
  dropMempool(): void;
  /** `http-503`: HTTP 503 without JSON (work queue full); `warmup`: RPC error -28. */
  setUnavailable(unavailable: boolean, how?: 'http-503' | 'warmup'): void;
  setFeeEstimate(satVb: number | null): void;
  /** Old Core behaviour: re-sending a mempool transaction fails with -26 txn-already-in-mempool. */
  setAlreadyInMempoolError(on: boolean): void;
  /** Delays every answer by `ms` (for timeout tests). */
  setStall(ms: number): void;
  close(): Promise<void>;
}

/** An RPC error as Core reports it. */
class RpcFault extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

interface Coin {
  readonly txid: string;
  readonly vout: number;
  readonly value: bigint;
  readonly script: Buffer;
  locked: boolean;
  /** Txid of the mempool or mined transaction spending it. */
  spentBy: string | null;
}

interface WalletTransaction {
  readonly tx: Transaction;
  readonly fee: bigint;
  readonly time: number;
  replacedBy: string | null;
  replaces: string | null;
  blockHash: string | null;
  /** A mined transaction that spends the same coins. */
  conflictedBy: string | null;
}

interface MempoolEntry {
  readonly tx: Transaction;
  readonly fee: bigint;
}

function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

function btc(sat: bigint): number {
  return Number(sat) / 1e8;
}

function outpoint(txid: string, vout: number): string {
  return `${txid}:${vout}`;
}

function inputTxid(hash: Uint8Array): string {
  return Buffer.from(hash).reverse().toString('hex');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringParam(params: readonly unknown[], index: number, name: string): string {
  const value = params[index];
  if (typeof value !== 'string') {
    throw new RpcFault(-3, `Expected type string for ${name}, got ${typeof value}`);
  }
  return value;
}

function hexParam(params: readonly unknown[], index: number, name: string): Buffer {
  const value = stringParam(params, index, name);
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(value)) {
    throw new RpcFault(-8, `${name} must be hexadecimal string (not '${value.slice(0, 16)}')`);
  }
  return Buffer.from(value, 'hex');
}

function readCompactSize(bytes: Buffer, at: number): [number, number] {
  const first = bytes[at] ?? 0;
  if (first < 0xfd) return [first, at + 1];
  if (first === 0xfd) return [bytes.readUInt16LE(at + 1), at + 3];
  return [bytes.readUInt32LE(at + 1), at + 5];
}

/**
 * Decodes a transaction the way Core does for `fundrawtransaction`: a transaction without inputs
 * (what `createrawtransaction` returns) is read in the legacy form, where bitcoinjs-lib would
 * mistake its `00` input count for a segwit marker.
 */
function decodeUnfunded(raw: Buffer): Transaction {
  if (raw[4] !== 0x00) return Transaction.fromBuffer(raw);
  const tx = new Transaction();
  tx.version = raw.readUInt32LE(0);
  const [count, start] = readCompactSize(raw, 5);
  let at = start;
  for (let i = 0; i < count; i += 1) {
    const value = raw.readBigUInt64LE(at);
    let length: number;
    [length, at] = readCompactSize(raw, at + 8);
    tx.addOutput(raw.subarray(at, at + length), value);
    at += length;
  }
  tx.locktime = raw.readUInt32LE(at);
  if (at + 4 !== raw.length) throw new RpcFault(-22, 'TX decode failed');
  return tx;
}

function decodeSigned(raw: Buffer): Transaction {
  try {
    return Transaction.fromBuffer(raw);
  } catch {
    throw new RpcFault(-22, 'TX decode failed. Make sure the tx has at least one input.');
  }
}

function randomWitnessProgram(): Buffer {
  return Buffer.concat([Buffer.from([0x00, 0x14]), randomBytes(20)]);
}

/** A coinbase-like transaction: null prevout, BIP 34 height push, one output. */
function coinbase(height: number): Transaction {
  const tx = new Transaction();
  tx.version = 2;
  const scriptSig = script.compile([script.number.encode(height), randomBytes(8)]);
  tx.addInput(Buffer.alloc(32), 0xffffffff, 0xffffffff, scriptSig);
  tx.addOutput(randomWitnessProgram(), 5_000_000_000n);
  return tx;
}

/** Someone else's transaction: a random prevout, one output. Fills blocks so branches have siblings. */
function filler(): Transaction {
  const tx = new Transaction();
  tx.version = 2;
  tx.addInput(randomBytes(32), 0, 0xffffffff, Buffer.from([0x51]));
  tx.addOutput(randomWitnessProgram(), 10_000n + BigInt(randomBytes(2).readUInt16LE(0)));
  return tx;
}

/** Estimated vsize once signed: every input gets a worst-case P2WPKH witness (72 + 33 bytes). */
function estimatedVsize(tx: Transaction): number {
  const sized = tx.clone();
  for (let i = 0; i < sized.ins.length; i += 1) {
    sized.setWitness(i, [Buffer.alloc(72, 1), Buffer.alloc(33, 2)]);
  }
  return sized.virtualSize();
}

function signals(tx: Transaction): boolean {
  return tx.ins.some((input) => input.sequence < SEQUENCE_FINAL_NO_RBF);
}

/** The stand-in's node and wallet state, and its RPC methods. */
class StandInNode {
  /** The wallet's key: private scalar and compressed public key. */
  private readonly privateKey: Uint8Array;
  readonly publicKey: Buffer;
  readonly walletScript: Buffer;
  readonly coins = new Map<string, Coin>();
  readonly walletTxs = new Map<string, WalletTransaction>();
  readonly mempool = new Map<string, MempoolEntry>();
  readonly chain: StandInBlock[] = [];
  /** Mined transactions by txid: hex and block hash. */
  readonly mined = new Map<string, { tx: Transaction; blockHash: string }>();
  feeEstimateSatVb: number | null;
  alreadyInMempoolError = false;

  constructor(options: StandInOptions) {
    this.privateKey = sha256(Buffer.from('certa bitcoin core stand-in wallet'));
    const publicKey = ecc.pointFromScalar(this.privateKey, true);
    if (publicKey === null) throw new Error('bad stand-in wallet key');
    this.publicKey = Buffer.from(publicKey);
    const output = payments.p2wpkh({ pubkey: this.publicKey, network }).output;
    if (output === undefined) throw new Error('cannot derive the wallet script');
    this.walletScript = Buffer.from(output);
    this.feeEstimateSatVb = options.feeEstimateSatVb ?? null;
    this.genesis(options.genesisTime ?? 1_700_000_000, options.utxosSat ?? DEFAULT_UTXOS_SAT);
  }

  /** Genesis with a coinbase and a transaction paying the wallet its starting coins. */
  private genesis(time: number, utxos: readonly bigint[]): void {
    const funding = filler();
    funding.outs.length = 0;
    for (const value of utxos) funding.addOutput(this.walletScript, value);
    this.appendBlock([coinbase(0), funding], time);
  }

  get tip(): StandInBlock {
    const tip = this.chain[this.chain.length - 1];
    if (tip === undefined) throw new Error('empty chain');
    return tip;
  }

  private appendBlock(transactions: Transaction[], time: number): StandInBlock {
    const block = new Block();
    block.version = 0x20000000;
    const previous = this.chain[this.chain.length - 1];
    block.prevHash = previous ? Buffer.from(previous.hash, 'hex').reverse() : Buffer.alloc(32);
    block.merkleRoot = Block.calculateMerkleRoot(transactions);
    block.timestamp = time;
    block.bits = 0x207fffff;
    block.nonce = 0;
    block.transactions = transactions;
    const mined: StandInBlock = {
      hash: block.getId(),
      height: this.chain.length,
      time,
      merkleRoot: Buffer.from(block.merkleRoot),
      header: Buffer.from(block.toBuffer(true)),
      txids: transactions.map((tx) => tx.getId()),
      transactions,
    };
    this.chain.push(mined);
    for (const tx of transactions) this.confirm(tx, mined.hash);
    return mined;
  }

  /** Records a mined transaction: wallet bookkeeping, coins spent and created. */
  private confirm(tx: Transaction, blockHash: string): void {
    const txid = tx.getId();
    this.mined.set(txid, { tx, blockHash });
    this.mempool.delete(txid);
    const walletTx = this.walletTxs.get(txid);
    if (walletTx) walletTx.blockHash = blockHash;
    const spent = new Set(tx.ins.map((input) => outpoint(inputTxid(input.hash), input.index)));
    for (const key of spent) {
      const coin = this.coins.get(key);
      if (coin) coin.spentBy = txid;
    }
    for (const [otherTxid, other] of this.walletTxs) {
      if (otherTxid === txid || other.blockHash !== null) continue;
      const overlaps = other.tx.ins.some((input) =>
        spent.has(outpoint(inputTxid(input.hash), input.index)),
      );
      if (overlaps) this.conflict(otherTxid, txid);
    }
    tx.outs.forEach((output, vout) => {
      if (!Buffer.from(output.script).equals(this.walletScript)) return;
      this.coins.set(outpoint(txid, vout), {
        txid,
        vout,
        value: output.value,
        script: this.walletScript,
        locked: false,
        spentBy: null,
      });
    });
  }

  /** `loser` spent coins that `winner` (mined) spends too: it leaves the mempool for good. */
  private conflict(loser: string, winner: string): void {
    this.mempool.delete(loser);
    const walletTx = this.walletTxs.get(loser);
    if (walletTx) walletTx.conflictedBy = winner;
  }

  mine(count: number, options: MineOptions): string[] {
    const hashes: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const height = this.chain.length;
      const fromMempool =
        options.includeMempool === false ? [] : [...this.mempool.values()].map((e) => e.tx);
      const extras = (options.extraTransactions ?? []).map((hex) =>
        decodeSigned(Buffer.from(hex, 'hex')),
      );
      const transactions = [
        coinbase(height),
        ...Array.from({ length: options.fillersBefore ?? 1 }, filler),
        ...fromMempool,
        ...extras.filter((tx) => !fromMempool.some((other) => other.getId() === tx.getId())),
        ...Array.from({ length: options.fillersAfter ?? 0 }, filler),
      ];
      hashes.push(this.appendBlock(transactions, this.tip.time + BLOCK_INTERVAL_S).hash);
    }
    return hashes;
  }

  dropMempool(): void {
    for (const txid of this.mempool.keys()) {
      for (const coin of this.coins.values()) if (coin.spentBy === txid) coin.spentBy = null;
      this.walletTxs.delete(txid);
    }
    this.mempool.clear();
  }

  confirmations(blockHash: string): number {
    const block = this.chain.find((candidate) => candidate.hash === blockHash);
    return block === undefined ? -1 : this.tip.height - block.height + 1;
  }

  // --- RPC methods ---

  estimatesmartfee(params: readonly unknown[]): unknown {
    const target = typeof params[0] === 'number' ? params[0] : 6;
    if (this.feeEstimateSatVb === null) {
      return { errors: ['Insufficient data or no feerate found'], blocks: 0 };
    }
    return { feerate: Math.round(this.feeEstimateSatVb * 1000) / 1e8, blocks: target };
  }

  createrawtransaction(params: readonly unknown[]): unknown {
    const [inputs, outputs] = params;
    if (!Array.isArray(inputs)) throw new RpcFault(-3, 'Expected type array for inputs');
    const tx = new Transaction();
    tx.version = 2;
    for (const input of inputs as unknown[]) {
      if (!isObject(input) || typeof input.txid !== 'string' || typeof input.vout !== 'number') {
        throw new RpcFault(-8, 'Invalid parameter, missing txid or vout key');
      }
      tx.addInput(Buffer.from(input.txid, 'hex').reverse(), input.vout, SEQUENCE_FINAL_NO_RBF);
    }
    const entries = Array.isArray(outputs)
      ? (outputs as unknown[]).flatMap((item) => (isObject(item) ? Object.entries(item) : []))
      : isObject(outputs)
        ? Object.entries(outputs)
        : [];
    if (entries.length === 0)
      throw new RpcFault(-8, 'Invalid parameter, output argument must be non-null');
    for (const [key, value] of entries) {
      if (key === 'data') {
        if (typeof value !== 'string' || !/^(?:[0-9a-fA-F]{2})*$/.test(value)) {
          throw new RpcFault(-8, 'Data must be hexadecimal string');
        }
        tx.addOutput(script.compile([opcodes.OP_RETURN, Buffer.from(value, 'hex')]), 0n);
      } else {
        throw new RpcFault(-5, `Invalid Bitcoin address: ${key}`);
      }
    }
    return Buffer.from(tx.toBuffer()).toString('hex');
  }

  fundrawtransaction(params: readonly unknown[]): unknown {
    const tx = decodeUnfunded(hexParam(params, 0, 'hexstring'));
    const options = isObject(params[1]) ? params[1] : {};
    const known = new Set(['fee_rate', 'replaceable', 'changePosition', 'lockUnspents']);
    for (const key of Object.keys(options)) {
      if (!known.has(key)) throw new RpcFault(-8, `Invalid parameter, unknown option: ${key}`);
    }
    const rate = typeof options.fee_rate === 'number' ? options.fee_rate : 1;
    if (rate < 1)
      throw new RpcFault(
        -4,
        'Fee rate (0.999 sat/vB) is lower than the minimum fee rate setting (1.000 sat/vB)',
      );
    const sequence = options.replaceable === false ? SEQUENCE_FINAL_NO_RBF : SEQUENCE_RBF;
    const outValue = tx.outs.reduce((sum, output) => sum + output.value, 0n);
    const coin = [...this.coins.values()].find(
      (candidate) =>
        candidate.spentBy === null && !candidate.locked && candidate.value > outValue + 100_000n,
    );
    if (!coin) throw new RpcFault(-4, 'Insufficient funds');
    tx.addInput(Buffer.from(coin.txid, 'hex').reverse(), coin.vout, sequence);
    const changePosition =
      typeof options.changePosition === 'number' ? options.changePosition : tx.outs.length;
    tx.addOutput(this.walletScript, 0n);
    const change = tx.outs.pop();
    if (change === undefined) throw new Error('unreachable');
    tx.outs.splice(changePosition, 0, change);
    const fee = BigInt(Math.ceil(rate * estimatedVsize(tx)));
    change.value = coin.value - outValue - fee;
    if (change.value < DUST_SAT) throw new RpcFault(-4, 'Insufficient funds');
    if (options.lockUnspents === true) coin.locked = true;
    return {
      hex: Buffer.from(tx.toBuffer()).toString('hex'),
      fee: btc(fee),
      changepos: changePosition,
    };
  }

  lockunspent(params: readonly unknown[]): unknown {
    const unlock = params[0] === true;
    const outputs = Array.isArray(params[1]) ? (params[1] as unknown[]) : [];
    for (const output of outputs) {
      if (!isObject(output) || typeof output.txid !== 'string' || typeof output.vout !== 'number') {
        throw new RpcFault(-8, 'Invalid parameter, expected object with txid and vout');
      }
      const coin = this.coins.get(outpoint(output.txid, output.vout));
      if (!coin) throw new RpcFault(-8, 'Invalid parameter, unknown transaction');
      coin.locked = !unlock;
    }
    return true;
  }

  signrawtransactionwithwallet(params: readonly unknown[]): unknown {
    const tx = decodeSigned(hexParam(params, 0, 'hexstring'));
    const errors: { txid: string; vout: number; error: string }[] = [];
    tx.ins.forEach((input, index) => {
      const txid = inputTxid(input.hash);
      const coin = this.coins.get(outpoint(txid, input.index));
      if (!coin) {
        errors.push({ txid, vout: input.index, error: 'Input not found or already spent' });
        return;
      }
      this.signInput(tx, index, coin.value);
    });
    return {
      hex: Buffer.from(tx.toBuffer()).toString('hex'),
      complete: errors.length === 0,
      ...(errors.length > 0 ? { errors } : {}),
    };
  }

  private signInput(tx: Transaction, index: number, value: bigint): void {
    const scriptCode = payments.p2pkh({ pubkey: this.publicKey, network }).output;
    if (scriptCode === undefined) throw new Error('cannot derive the script code');
    const digest = tx.hashForWitnessV0(index, scriptCode, value, Transaction.SIGHASH_ALL);
    const signature = script.signature.encode(
      ecc.sign(digest, this.privateKey),
      Transaction.SIGHASH_ALL,
    );
    tx.setWitness(index, [signature, this.publicKey]);
  }

  sendrawtransaction(params: readonly unknown[]): unknown {
    const tx = decodeSigned(hexParam(params, 0, 'hexstring'));
    const txid = tx.getId();
    if (this.mempool.has(txid)) {
      if (this.alreadyInMempoolError) throw new RpcFault(-26, 'txn-already-in-mempool');
      return txid;
    }
    if (this.mined.has(txid)) {
      const unspent = tx.outs.some(
        (_, vout) => this.coins.get(outpoint(txid, vout))?.spentBy === null,
      );
      if (unspent) throw new RpcFault(-27, 'Transaction outputs already in utxo set');
    }
    this.acceptToMempool(tx, null);
    return txid;
  }

  /** Core's mempool acceptance, reduced to what matters here (signatures, fees, BIP 125). */
  private acceptToMempool(tx: Transaction, replacing: string | null): bigint {
    const txid = tx.getId();
    let inValue = 0n;
    const conflicts = new Set<string>();
    tx.ins.forEach((input, index) => {
      const coin = this.coins.get(outpoint(inputTxid(input.hash), input.index));
      if (!coin || (coin.spentBy !== null && !this.mempool.has(coin.spentBy))) {
        throw new RpcFault(-25, 'bad-txns-inputs-missingorspent');
      }
      if (coin.spentBy !== null) conflicts.add(coin.spentBy);
      this.verifyInput(tx, index, coin);
      inValue += coin.value;
    });
    const outValue = tx.outs.reduce((sum, output) => sum + output.value, 0n);
    if (outValue > inValue) throw new RpcFault(-26, 'bad-txns-in-belowout');
    const fee = inValue - outValue;
    const vsize = BigInt(tx.virtualSize());
    if (fee < vsize) throw new RpcFault(-26, 'min relay fee not met');
    for (const conflict of conflicts) this.checkReplacement(conflict, fee, vsize);
    for (const conflict of conflicts) {
      this.mempool.delete(conflict);
      const replaced = this.walletTxs.get(conflict);
      if (replaced) replaced.replacedBy = txid;
    }
    for (const input of tx.ins) {
      const coin = this.coins.get(outpoint(inputTxid(input.hash), input.index));
      if (coin) coin.spentBy = txid;
    }
    this.mempool.set(txid, { tx, fee });
    this.walletTxs.set(txid, {
      tx,
      fee,
      time: this.tip.time,
      replacedBy: null,
      replaces: replacing ?? [...conflicts][0] ?? null,
      blockHash: null,
      conflictedBy: null,
    });
    return fee;
  }

  /** BIP 125: the original signals, and the replacement pays more in total and per vbyte (+1 sat/vB). */
  private checkReplacement(conflict: string, fee: bigint, vsize: bigint): void {
    const original = this.mempool.get(conflict);
    if (!original) return;
    if (!signals(original.tx)) throw new RpcFault(-26, 'txn-mempool-conflict');
    if (fee < original.fee + vsize) {
      throw new RpcFault(-26, `insufficient fee, rejecting replacement ${conflict}`);
    }
  }

  private verifyInput(tx: Transaction, index: number, coin: Coin): void {
    const input = tx.ins[index];
    const [signature, publicKey] = input?.witness ?? [];
    const expected =
      publicKey === undefined ? undefined : payments.p2wpkh({ pubkey: publicKey, network }).output;
    if (
      signature === undefined ||
      publicKey === undefined ||
      expected === undefined ||
      !Buffer.from(expected).equals(coin.script)
    ) {
      throw new RpcFault(
        -26,
        'mandatory-script-verify-flag-failed (Witness program hash mismatch)',
      );
    }
    const scriptCode = payments.p2pkh({ pubkey: publicKey, network }).output;
    if (scriptCode === undefined) throw new Error('cannot derive the script code');
    const decoded = script.signature.decode(signature);
    const digest = tx.hashForWitnessV0(index, scriptCode, coin.value, decoded.hashType);
    if (!ecc.verify(digest, publicKey, decoded.signature)) {
      throw new RpcFault(
        -26,
        'mandatory-script-verify-flag-failed (Signature must be zero for failed CHECK(MULTI)SIG operation)',
      );
    }
  }

  getblockcount(): unknown {
    return this.tip.height;
  }

  gettransaction(params: readonly unknown[]): unknown {
    const txid = stringParam(params, 0, 'txid');
    const walletTx = this.walletTxs.get(txid);
    if (!walletTx) throw new RpcFault(-5, 'Invalid or non-wallet transaction id');
    const block =
      walletTx.blockHash === null
        ? undefined
        : this.chain.find((candidate) => candidate.hash === walletTx.blockHash);
    const conflictBlock =
      walletTx.conflictedBy === null ? undefined : this.mined.get(walletTx.conflictedBy);
    const confirmations = block
      ? this.tip.height - block.height + 1
      : conflictBlock
        ? -this.confirmations(conflictBlock.blockHash)
        : 0;
    return {
      amount: 0,
      fee: -btc(walletTx.fee),
      confirmations,
      ...(block
        ? {
            blockhash: block.hash,
            blockheight: block.height,
            blockindex: block.txids.indexOf(txid),
            blocktime: block.time,
          }
        : {}),
      txid,
      wtxid: Buffer.from(walletTx.tx.getHash(true)).reverse().toString('hex'),
      walletconflicts: [],
      ...(walletTx.replacedBy !== null ? { replaced_by_txid: walletTx.replacedBy } : {}),
      ...(walletTx.replaces !== null ? { replaces_txid: walletTx.replaces } : {}),
      time: walletTx.time,
      timereceived: walletTx.time,
      'bip125-replaceable': confirmations === 0 && signals(walletTx.tx) ? 'yes' : 'no',
      details: [],
      hex: Buffer.from(walletTx.tx.toBuffer()).toString('hex'),
    };
  }

  getrawtransaction(params: readonly unknown[]): unknown {
    const txid = stringParam(params, 0, 'txid');
    const verbose = params[1] === true || params[1] === 1;
    const inMempool = this.mempool.get(txid);
    const mined = this.mined.get(txid);
    const tx = inMempool?.tx ?? mined?.tx;
    if (!tx) {
      throw new RpcFault(
        -5,
        'No such mempool or blockchain transaction. Use gettransaction for wallet transactions.',
      );
    }
    const hex = Buffer.from(tx.toBuffer()).toString('hex');
    if (!verbose) return hex;
    const block = mined
      ? this.chain.find((candidate) => candidate.hash === mined.blockHash)
      : undefined;
    return {
      txid,
      hash: Buffer.from(tx.getHash(true)).reverse().toString('hex'),
      hex,
      size: tx.byteLength(),
      vsize: tx.virtualSize(),
      version: tx.version,
      locktime: tx.locktime,
      ...(block
        ? {
            blockhash: block.hash,
            confirmations: this.tip.height - block.height + 1,
            time: block.time,
            blocktime: block.time,
          }
        : {}),
    };
  }

  bumpfee(params: readonly unknown[]): unknown {
    const txid = stringParam(params, 0, 'txid');
    const walletTx = this.walletTxs.get(txid);
    if (!walletTx) throw new RpcFault(-5, 'Invalid or non-wallet transaction id');
    if (walletTx.replacedBy !== null) {
      throw new RpcFault(
        -8,
        `Cannot bump transaction ${txid} which was already bumped by transaction ${walletTx.replacedBy}`,
      );
    }
    if (!this.mempool.has(txid)) {
      throw new RpcFault(
        -8,
        'Transaction has been mined, or is conflicted with a mined transaction',
      );
    }
    if (!signals(walletTx.tx)) throw new RpcFault(-8, 'Transaction is not BIP 125 replaceable');
    const options = isObject(params[1]) ? params[1] : {};
    const oldRate = Number(walletTx.fee) / walletTx.tx.virtualSize();
    const rate = typeof options.fee_rate === 'number' ? options.fee_rate : oldRate + 5;
    const replacement = walletTx.tx.clone();
    for (let i = 0; i < replacement.ins.length; i += 1) replacement.setWitness(i, []);
    const fee = BigInt(Math.ceil(rate * estimatedVsize(replacement)));
    const minimum = walletTx.fee + BigInt(estimatedVsize(replacement));
    if (fee < minimum) {
      throw new RpcFault(
        -8,
        `Insufficient total fee ${btc(fee)}, must be at least ${btc(minimum)}`,
      );
    }
    const change = replacement.outs.find((output) =>
      Buffer.from(output.script).equals(this.walletScript),
    );
    if (!change) throw new RpcFault(-4, 'Transaction does not have a change output');
    change.value -= fee - walletTx.fee;
    if (change.value < DUST_SAT)
      throw new RpcFault(-4, 'Change output is too small to bump the fee');
    replacement.ins.forEach((input, index) => {
      const coin = this.coins.get(outpoint(inputTxid(input.hash), input.index));
      if (!coin) throw new RpcFault(-4, 'Input not found');
      this.signInput(replacement, index, coin.value);
    });
    this.acceptToMempool(replacement, txid);
    return { txid: replacement.getId(), origfee: btc(walletTx.fee), fee: btc(fee), errors: [] };
  }

  private blockByHash(params: readonly unknown[]): StandInBlock {
    const hash = stringParam(params, 0, 'blockhash');
    const block = this.chain.find((candidate) => candidate.hash === hash);
    if (!block) throw new RpcFault(-5, 'Block not found');
    return block;
  }

  private headerFields(block: StandInBlock): Record<string, unknown> {
    const next = this.chain[block.height + 1];
    return {
      hash: block.hash,
      confirmations: this.tip.height - block.height + 1,
      height: block.height,
      version: 0x20000000,
      versionHex: '20000000',
      merkleroot: Buffer.from(block.merkleRoot).reverse().toString('hex'),
      time: block.time,
      mediantime: block.time,
      nonce: 0,
      bits: '207fffff',
      difficulty: 4.656542373906925e-10,
      nTx: block.txids.length,
      ...(block.height > 0 ? { previousblockhash: this.chain[block.height - 1]?.hash } : {}),
      ...(next ? { nextblockhash: next.hash } : {}),
    };
  }

  getblock(params: readonly unknown[]): unknown {
    const block = this.blockByHash(params);
    const verbosity = typeof params[1] === 'number' ? params[1] : 1;
    if (verbosity !== 1) throw new RpcFault(-8, 'the stand-in only supports verbosity 1');
    return { ...this.headerFields(block), tx: [...block.txids] };
  }

  getblockhash(params: readonly unknown[]): unknown {
    const height = params[0];
    const block = typeof height === 'number' ? this.chain[height] : undefined;
    if (!block) throw new RpcFault(-8, 'Block height out of range');
    return block.hash;
  }

  getblockheader(params: readonly unknown[]): unknown {
    const block = this.blockByHash(params);
    if (params[1] === false) return block.header.toString('hex');
    return this.headerFields(block);
  }
}

type RpcMethod = (params: readonly unknown[]) => unknown;

function rpcMethods(node: StandInNode): ReadonlyMap<string, RpcMethod> {
  const names = [
    'estimatesmartfee',
    'createrawtransaction',
    'fundrawtransaction',
    'lockunspent',
    'signrawtransactionwithwallet',
    'sendrawtransaction',
    'getblockcount',
    'gettransaction',
    'getrawtransaction',
    'bumpfee',
    'getblock',
    'getblockhash',
    'getblockheader',
  ] as const;
  return new Map(names.map((name) => [name, (params: readonly unknown[]) => node[name](params)]));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(`${JSON.stringify(body)}\n`);
}

/** Starts the stand-in on 127.0.0.1 (a free port). Close it with `close()`. */
export async function startBitcoinCoreStandIn(
  options: StandInOptions = {},
): Promise<BitcoinCoreStandIn> {
  const username = options.username ?? 'certa';
  const password = options.password ?? 'stand-in-rpc-password';
  const wallet = options.wallet ?? 'certa';
  const expectedAuth = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  const node = new StandInNode(options);
  const methods = rpcMethods(node);
  const calls: RpcCall[] = [];
  let unavailable: false | 'http-503' | 'warmup' = false;
  let stallMs = 0;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const text = await readBody(request);
    if (stallMs > 0) await new Promise((resolve) => setTimeout(resolve, stallMs));
    if (request.headers.authorization !== expectedAuth) {
      response.writeHead(401, { 'www-authenticate': 'Basic realm="jsonrpc"' });
      response.end();
      return;
    }
    if (request.method !== 'POST') {
      response.writeHead(405);
      response.end('JSONRPC server handles only POST requests');
      return;
    }
    if (unavailable === 'http-503') {
      response.writeHead(503);
      response.end('Work queue depth exceeded');
      return;
    }
    let id: unknown = null;
    try {
      const body: unknown = JSON.parse(text);
      if (!isObject(body) || typeof body.method !== 'string')
        throw new RpcFault(-32600, 'Invalid Request object');
      id = body.id ?? null;
      const params = Array.isArray(body.params) ? (body.params as unknown[]) : [];
      const path = request.url ?? '/';
      calls.push({ method: body.method, params, path });
      if (unavailable === 'warmup') throw new RpcFault(-28, 'Loading block index…');
      if (path !== '/' && path !== `/wallet/${encodeURIComponent(wallet)}`) {
        throw new RpcFault(-18, 'Requested wallet does not exist or is not loaded');
      }
      const method = methods.get(body.method);
      if (!method) {
        reply(response, 404, {
          result: null,
          error: { code: -32601, message: 'Method not found' },
          id,
        });
        return;
      }
      reply(response, 200, { result: method(params), error: null, id });
    } catch (error) {
      if (!(error instanceof RpcFault)) {
        if (error instanceof SyntaxError) {
          reply(response, 500, {
            result: null,
            error: { code: -32700, message: 'Parse error' },
            id,
          });
          return;
        }
        throw error;
      }
      reply(response, 500, {
        result: null,
        error: { code: error.code, message: error.message },
        id,
      });
    }
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500);
      response.end(error instanceof Error ? error.message : 'internal error');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    username,
    password,
    wallet,
    walletScript: node.walletScript,
    walletPublicKey: node.publicKey,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    mempoolTxids: () => [...node.mempool.keys()],
    height: () => node.tip.height,
    blockAt: (height) => {
      const block = node.chain[height];
      if (!block) throw new RangeError(`no block at height ${height}`);
      return block;
    },
    mine: (count = 1, mineOptions = {}) => node.mine(count, mineOptions),
    dropMempool: () => node.dropMempool(),
    setUnavailable: (on, how = 'http-503') => {
      unavailable = on ? how : false;
    },
    setFeeEstimate: (satVb) => {
      node.feeEstimateSatVb = satVb;
    },
    setAlreadyInMempoolError: (on) => {
      node.alreadyInMempoolError = on;
    },
    setStall: (ms) => {
      stallMs = ms;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
