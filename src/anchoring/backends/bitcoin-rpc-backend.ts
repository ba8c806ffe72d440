import { MAX_RESULT_LENGTH } from '../../../verifier/index.js';
import type { AnchorBackend, BackendSubmission } from './anchor-backend.js';
import {
  BitcoinRpcClient,
  BitcoinRpcError,
  RPC_NOT_FOUND,
  type BitcoinRpcClientOptions,
} from './bitcoin-rpc-client.js';
import {
  bumpedFeeRate,
  initialFeeRate,
  satPerKvbFloor,
  satPerKvbFromBtcPerKvb,
  satPerVb,
} from './bitcoin-rpc-fees.js';
import { bitcoinTimestampForRoot, type ConfirmedBlock } from './bitcoin-rpc-proof.js';
import { hashString, hexString, malformed, RpcResult, satoshis } from './bitcoin-rpc-results.js';
import {
  parseBitcoinRpcState,
  serializeBitcoinRpcState,
  type BitcoinRpcState,
} from './bitcoin-rpc-state.js';
import {
  findRootOutput,
  parseTransactionHex,
  type ParsedTransaction,
} from './bitcoin-rpc-transaction.js';
import { asBuffer } from '../../verifier-node.js';

/** Settings of {@link BitcoinRpcBackend}: the node's RPC endpoint and the anchoring policy. */
export interface BitcoinRpcBackendOptions extends BitcoinRpcClientOptions {
  /** Blocks within which the transaction should confirm, for `estimatesmartfee` (default 6). */
  readonly confirmationTarget?: number;
  /** Blocks without a confirmation after which the fee is bumped (replace-by-fee; default 6). */
  readonly bumpAfterBlocks?: number;
  /** Highest fee rate ever paid, sat/vB (default 100), whatever the estimate says. */
  readonly maxFeeRateSatVb?: number;
  /** Confirmations needed before the proof is built (default 1). */
  readonly minConfirmations?: number;
  /** Clock for the `preparedAt` stamp of the state (tests pin it). */
  readonly now?: () => Date;
}

/**
 * The wallet or node did something the anchoring cannot go on with: an unsigned or misshapen
 * transaction, a fee far above the one asked for, a state that belongs to another root, or a
 * transaction knocked out by a conflicting one. Retrying the same call will not help.
 */
export class BitcoinAnchorError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BitcoinAnchorError';
  }
}

/**
 * Every transaction tried for the root conflicts with one mined in the meantime (e.g. the
 * operator spent the same coins by hand). None of them can ever confirm, so — unlike in every
 * other situation — preparing a new transaction for the same root is safe.
 */
export class BitcoinAnchorConflictError extends BitcoinAnchorError {
  constructor(txids: readonly string[]) {
    super(
      `every transaction tried for this root (${txids.join(', ')}) conflicts with a mined transaction; prepare a new one`,
    );
    this.name = 'BitcoinAnchorConflictError';
  }
}

/** The transaction's status as the wallet (or node) sees it. */
interface TransactionStatus {
  readonly txid: string;
  /** ≥ 1 mined, 0 unconfirmed, < 0 conflicting with a mined transaction. */
  readonly confirmations: number;
  readonly blockHash: string | null;
  readonly hex: string | null;
  /** The wallet's replacement of it (`bumpfee`), if any. */
  readonly replacedBy: string | null;
  readonly feeSat: number | null;
}

/** Bitcoin Core's "already have it" answers to `sendrawtransaction`, across versions. */
const ALREADY_KNOWN =
  /already in (?:the )?(?:mempool|block ?chain|utxo set)|txn-already-(?:in-mempool|known)|already known|same-nonwitness-data-in-mempool/i;
/** `RPC_VERIFY_ALREADY_IN_CHAIN` (renamed `…_IN_UTXO_SET`). */
const RPC_ALREADY_IN_CHAIN = -27;
/** `RPC_METHOD_NOT_FOUND`: a node built or started without its wallet. */
const RPC_METHOD_NOT_FOUND = -32601;
/** Upper bound on replacements followed for one root (a guard against a looping node). */
const MAX_TRIED_TRANSACTIONS = 64;

const DEFAULTS = {
  confirmationTarget: 6,
  bumpAfterBlocks: 6,
  maxFeeRateSatVb: 100,
  minConfirmations: 1,
} as const;

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}

function checkRoot(root: Buffer): void {
  if (root.length !== 32) throw new RangeError(`the root must be 32 bytes, got ${root.length}`);
}

function isRpcCode(error: unknown, codes: readonly number[]): error is BitcoinRpcError {
  return (
    error instanceof BitcoinRpcError &&
    error.kind === 'rpc' &&
    error.code !== null &&
    codes.includes(error.code)
  );
}

function pending(state: BitcoinRpcState): BackendSubmission {
  return {
    status: 'pending',
    state: serializeBitcoinRpcState(state),
    timestamp: null,
    bitcoin: null,
  };
}

/**
 * Anchors a batch root with a transaction of the operator's own Bitcoin Core wallet: one
 * `OP_RETURN <root>` output (output 0) plus change, paid at `estimatesmartfee`'s rate (at least
 * 1 sat/vB, at most `maxFeeRateSatVb`), replaceable, and fee-bumped with `bumpfee` when it has
 * not confirmed after `bumpAfterBlocks` blocks. Once confirmed, the proof runs from the root
 * through the transaction bytes to the txid and up the block's Merkle tree to a
 * `BitcoinBlockHeaderAttestation` — a standard OpenTimestamps proof that needs no calendar.
 *
 * The keys stay in the node's wallet; this class only speaks JSON-RPC to it, and computes the
 * txid, the Merkle branch and the proof itself rather than trusting the node for them. Needs
 * Bitcoin Core 0.21 or later (`fee_rate` in sat/vB for `fundrawtransaction` and `bumpfee`) with
 * one wallet, or `wallet` set; a pruned node works if `upgrade` runs before the block is pruned.
 *
 * Crash safety — the worker must keep to the contract of {@link AnchorBackend}:
 * - **Persist the `prepared` submission before calling `submit`, and never call `prepare` twice
 *   for one batch.** `prepare` broadcasts nothing, but each call builds and signs a *new*
 *   transaction on other coins (the wallet locks the ones it picked): broadcasting a second one
 *   would anchor the root twice and pay twice. Resuming means calling `submit` with the stored
 *   prepared state, which re-sends the very same signed transaction.
 * - `submit` is idempotent: Core's "already in the mempool / in the chain" answers count as
 *   success, so a crash before its result was stored is fixed by calling it again.
 * - `upgrade` may be repeated at will. Fee bumps replace the transaction (same inputs), so at
 *   most one of the txids tried can ever confirm; whichever does is accepted. A bump whose
 *   result was lost in a crash is found again through the wallet's `replaced_by_txid`.
 * The only case where preparing again is right is {@link BitcoinAnchorConflictError}.
 *
 * Errors: {@link BackendUnavailableError} when the node is unreachable, times out, is starting or
 * syncing, or the wallet is locked or short of funds (retry later); {@link BitcoinRpcError} for
 * other RPC failures, refused credentials included; {@link BitcoinAnchorError} when what came
 * back cannot be used. Messages carry no credentials.
 */
export class BitcoinRpcBackend implements AnchorBackend {
  readonly name = 'bitcoin-rpc';
  private readonly rpc: BitcoinRpcClient;
  private readonly confirmationTarget: number;
  private readonly bumpAfterBlocks: number;
  private readonly maxFeeRate: number;
  private readonly minConfirmations: number;
  private readonly now: () => Date;

  constructor(options: BitcoinRpcBackendOptions) {
    this.rpc = new BitcoinRpcClient(options);
    this.confirmationTarget = positiveInteger(
      options.confirmationTarget ?? DEFAULTS.confirmationTarget,
      'confirmationTarget',
    );
    this.bumpAfterBlocks = positiveInteger(
      options.bumpAfterBlocks ?? DEFAULTS.bumpAfterBlocks,
      'bumpAfterBlocks',
    );
    this.minConfirmations = positiveInteger(
      options.minConfirmations ?? DEFAULTS.minConfirmations,
      'minConfirmations',
    );
    const maxRate = options.maxFeeRateSatVb ?? DEFAULTS.maxFeeRateSatVb;
    if (!Number.isFinite(maxRate) || maxRate < 1) {
      throw new RangeError(`maxFeeRateSatVb must be at least 1 sat/vB, got ${maxRate}`);
    }
    this.maxFeeRate = satPerKvbFloor(maxRate);
    this.now = options.now ?? ((): Date => new Date());
  }

  /**
   * Builds, funds and signs the `OP_RETURN <root>` transaction in the wallet, without
   * broadcasting it. The returned state must be persisted before `submit`; see the class notes.
   */
  async prepare(root: Buffer): Promise<BackendSubmission> {
    checkRoot(root);
    const feeRate = initialFeeRate(await this.estimateFeeRate(), this.maxFeeRate);
    const funded = await this.fund(root, feeRate);
    try {
      const signedHex = await this.sign(funded.hex);
      const tx = parseTransactionHex(signedHex);
      this.checkPrepared(root, tx, funded.feeSat, feeRate);
      const state: BitcoinRpcState = {
        version: 1,
        rawTransaction: signedHex,
        txid: tx.txid,
        feeRateSatVb: satPerVb(feeRate),
        triedTxids: [tx.txid],
        preparedAt: this.now().toISOString(),
        broadcastHeight: null,
        lastBumpHeight: null,
        confirmed: null,
      };
      const prepared = serializeBitcoinRpcState(state);
      return { status: 'prepared', state: prepared, timestamp: null, bitcoin: null };
    } catch (error) {
      await this.unlockInputs(funded.hex);
      throw error;
    }
  }

  /**
   * Broadcasts the prepared transaction (`sendrawtransaction`) and records the height. Sending it
   * again is harmless: "already in the mempool / chain" counts as success. A submission that is
   * already pending or complete is returned unchanged.
   */
  async submit(root: Buffer, prepared: BackendSubmission): Promise<BackendSubmission> {
    if (prepared.status !== 'prepared') return prepared;
    const state = this.stateFor(root, prepared);
    await this.broadcast(state);
    return pending({ ...state, broadcastHeight: await this.blockCount() });
  }

  /**
   * Looks every txid tried for the root up; when one has `minConfirmations`, builds and checks
   * the proof and returns `complete`. Otherwise bumps the fee once `bumpAfterBlocks` blocks have
   * passed since the broadcast (or the last bump) and returns the updated `pending` submission,
   * or the same one when nothing changed.
   */
  async upgrade(root: Buffer, current: BackendSubmission): Promise<BackendSubmission> {
    if (current.status === 'complete') return current;
    if (current.status === 'prepared') {
      throw new BitcoinAnchorError(
        'upgrade needs a submitted (pending) submission: submit it first',
      );
    }
    const state = this.stateFor(root, current);
    const { mined, tried, statuses } = await this.findMined(state);
    if (mined !== null) {
      // Mined: never bump it now; wait for the depth asked for, then build the proof.
      if (mined.confirmations < this.minConfirmations) return current;
      return (await this.complete(root, state, mined)) ?? current;
    }
    const height = await this.blockCount();
    if (tried.length > state.triedTxids.length) {
      return pending(this.adoptReplacements(state, tried, statuses, height));
    }
    const bumped = await this.maybeBump(state, height);
    return bumped === state ? current : pending(bumped);
  }

  // --- prepare ---

  /**
   * `createrawtransaction` with the single data output, then `fundrawtransaction`: the wallet
   * adds inputs and change (output 1, so the root stays output 0), signals RBF, and locks the
   * coins so that the next batch's transaction cannot pick them too.
   */
  private async fund(root: Buffer, feeRate: number): Promise<{ hex: string; feeSat: number }> {
    const unsigned = hexString(
      'createrawtransaction',
      await this.rpc.call('createrawtransaction', [[], [{ data: root.toString('hex') }]]),
      'result',
    );
    const options = {
      fee_rate: satPerVb(feeRate),
      replaceable: true,
      changePosition: 1,
      lockUnspents: true,
    };
    const funded = RpcResult.of(
      'fundrawtransaction',
      await this.rpc.call('fundrawtransaction', [unsigned, options]),
    );
    return { hex: funded.hex('hex'), feeSat: satoshis(funded.number('fee')) };
  }

  private async estimateFeeRate(): Promise<number | null> {
    const result = RpcResult.of(
      'estimatesmartfee',
      await this.rpc.call('estimatesmartfee', [this.confirmationTarget]),
    );
    if (!result.has('feerate')) return null;
    const rate = satPerKvbFromBtcPerKvb(result.number('feerate'));
    return rate > 0 ? rate : null;
  }

  private async sign(hex: string): Promise<string> {
    const result = RpcResult.of(
      'signrawtransactionwithwallet',
      await this.rpc.call('signrawtransactionwithwallet', [hex]),
    );
    if (!result.boolean('complete')) {
      const details = signingErrors(result.raw('errors'));
      throw new BitcoinAnchorError(
        `the wallet could not sign every input of the anchoring transaction${details}`,
      );
    }
    return result.hex('hex');
  }

  /** Refuses a transaction the proof could not go through, or one paying far more than asked. */
  private checkPrepared(
    root: Buffer,
    tx: ParsedTransaction,
    feeSat: number,
    feeRate: number,
  ): void {
    const index = findRootOutput(tx, root);
    if (index !== 0 || tx.outputs[0]?.value !== 0n) {
      throw new BitcoinAnchorError(
        'the funded transaction does not carry OP_RETURN <root> with value 0 as output 0',
      );
    }
    if (tx.stripped.length > MAX_RESULT_LENGTH) {
      throw new BitcoinAnchorError(
        `the funded transaction is ${tx.stripped.length} bytes with ${tx.inputs.length} inputs; an OpenTimestamps proof can pass through at most ${MAX_RESULT_LENGTH} — consolidate the wallet's coins`,
      );
    }
    const paid = (feeSat * 1000) / tx.vsize;
    const limit = Math.max(feeRate * 1.5, feeRate + 1000);
    if (paid > limit) {
      throw new BitcoinAnchorError(
        `the wallet funded the transaction at ${(paid / 1000).toFixed(3)} sat/vB, far above the ${satPerVb(feeRate)} sat/vB asked for; not using it`,
      );
    }
  }

  /** Best effort: releases the coins `fundrawtransaction` locked for a transaction we dropped. */
  private async unlockInputs(fundedHex: string): Promise<void> {
    try {
      const inputs = parseTransactionHex(fundedHex).inputs.map(({ txid, vout }) => ({
        txid,
        vout,
      }));
      await this.rpc.call('lockunspent', [true, inputs]);
    } catch {
      // The locks are in memory only and vanish when the node restarts; nothing else to do.
    }
  }

  // --- submit ---

  /** The stored state, checked to be a transaction committing to `root` with the stored txid. */
  private stateFor(root: Buffer, submission: BackendSubmission): BitcoinRpcState {
    checkRoot(root);
    const state = parseBitcoinRpcState(submission.state);
    const tx = parseTransactionHex(state.rawTransaction);
    if (tx.txid !== state.txid || findRootOutput(tx, root) < 0) {
      throw new BitcoinAnchorError(
        'the stored bitcoin-rpc state does not hold a transaction for this root',
      );
    }
    return state;
  }

  private async broadcast(state: BitcoinRpcState): Promise<void> {
    try {
      const sent = hashString(
        'sendrawtransaction',
        await this.rpc.call('sendrawtransaction', [state.rawTransaction]),
        'result',
      );
      if (sent !== state.txid) {
        throw malformed('sendrawtransaction', `returned txid ${sent}, expected ${state.txid}`);
      }
    } catch (error) {
      if (!(error instanceof BitcoinRpcError) || error.kind !== 'rpc') throw error;
      if (error.code === RPC_ALREADY_IN_CHAIN || ALREADY_KNOWN.test(error.message)) return;
      // e.g. "bad-txns-inputs-missingorspent" once it is mined and its change spent.
      const status = await this.lookup(state.txid);
      if (status !== null && (status.confirmations > 0 || status.replacedBy !== null)) return;
      throw error;
    }
  }

  private async blockCount(): Promise<number> {
    const count = await this.rpc.call('getblockcount');
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
      throw malformed('getblockcount', 'the result is not a block height');
    }
    return count;
  }

  // --- upgrade ---

  /**
   * Looks each tried txid up until one is mined, following the wallet's `replaced_by_txid` links
   * to replacements the state does not know yet (a bump whose result a crash lost, or one the
   * operator made). Throws {@link BitcoinAnchorConflictError} when all of them are conflicted.
   */
  private async findMined(state: BitcoinRpcState): Promise<{
    mined: TransactionStatus | null;
    tried: string[];
    statuses: Map<string, TransactionStatus | null>;
  }> {
    const tried = [...state.triedTxids];
    const statuses = new Map<string, TransactionStatus | null>();
    for (let i = 0; i < tried.length && i < MAX_TRIED_TRANSACTIONS; i += 1) {
      const txid = tried[i] as string;
      const status = await this.lookup(txid);
      statuses.set(txid, status);
      if (status === null) continue;
      if (status.confirmations >= 1 && status.blockHash !== null) {
        return { mined: status, tried, statuses };
      }
      if (status.replacedBy !== null && !tried.includes(status.replacedBy)) {
        tried.push(status.replacedBy);
      }
    }
    const all = [...statuses.values()];
    if (all.length > 0 && all.every((status) => status !== null && status.confirmations < 0)) {
      throw new BitcoinAnchorConflictError(tried);
    }
    return { mined: null, tried, statuses };
  }

  /** Takes replacements found in the wallet into the state, as if this backend had made them. */
  private adoptReplacements(
    state: BitcoinRpcState,
    tried: readonly string[],
    statuses: ReadonlyMap<string, TransactionStatus | null>,
    height: number,
  ): BitcoinRpcState {
    const newest = statuses.get(tried[tried.length - 1] ?? '') ?? null;
    return {
      ...state,
      triedTxids: tried,
      feeRateSatVb: feeRateOf(newest) ?? state.feeRateSatVb,
      lastBumpHeight: height,
    };
  }

  /** Replaces the newest transaction with a higher-fee one when it is due and the cap allows. */
  private async maybeBump(state: BitcoinRpcState, height: number): Promise<BitcoinRpcState> {
    const since = state.lastBumpHeight ?? state.broadcastHeight ?? height;
    if (height - since < this.bumpAfterBlocks) return state;
    const current = Math.round(state.feeRateSatVb * 1000);
    const next = bumpedFeeRate(current, await this.estimateFeeRate(), this.maxFeeRate);
    if (next === null) return state;
    const newest = state.triedTxids[state.triedTxids.length - 1] as string;
    const result = RpcResult.of(
      'bumpfee',
      await this.rpc.call('bumpfee', [newest, { fee_rate: satPerVb(next), replaceable: true }]),
    );
    return {
      ...state,
      triedTxids: [...state.triedTxids, result.hash('txid')],
      feeRateSatVb: satPerVb(next),
      lastBumpHeight: height,
    };
  }

  /** Builds the proof for the confirmed transaction; null when its block left the main chain. */
  private async complete(
    root: Buffer,
    state: BitcoinRpcState,
    status: TransactionStatus,
  ): Promise<BackendSubmission | null> {
    const blockHash = status.blockHash as string;
    const hex = status.hex ?? (await this.rawTransaction(status.txid, blockHash));
    const tx = parseTransactionHex(hex);
    if (tx.txid !== status.txid) {
      throw malformed('gettransaction', `transaction bytes hash to ${tx.txid}, not ${status.txid}`);
    }
    const block = await this.block(blockHash);
    if (block === null) return null;
    const timestamp = bitcoinTimestampForRoot(root, tx, block);
    const confirmed = { txid: tx.txid, blockHash, height: block.height, time: block.time };
    return {
      status: 'complete',
      state: serializeBitcoinRpcState({ ...state, confirmed }),
      timestamp: asBuffer(timestamp.toBytes()),
      bitcoin: { height: block.height, time: block.time },
    };
  }

  /** `gettransaction` (wallet), falling back to `getrawtransaction … true`; null when unknown. */
  private async lookup(txid: string): Promise<TransactionStatus | null> {
    try {
      return walletStatus(txid, await this.rpc.call('gettransaction', [txid]));
    } catch (error) {
      if (!isRpcCode(error, [RPC_NOT_FOUND, RPC_METHOD_NOT_FOUND])) throw error;
    }
    try {
      return nodeStatus(txid, await this.rpc.call('getrawtransaction', [txid, true]));
    } catch (error) {
      if (isRpcCode(error, [RPC_NOT_FOUND])) return null;
      throw error;
    }
  }

  private async rawTransaction(txid: string, blockHash: string): Promise<string> {
    return hexString(
      'getrawtransaction',
      await this.rpc.call('getrawtransaction', [txid, false, blockHash]),
      'result',
    );
  }

  /** `getblock <hash> 1`; null when the block is not (or no longer) on the main chain. */
  private async block(hash: string): Promise<ConfirmedBlock | null> {
    const result = RpcResult.of('getblock', await this.rpc.call('getblock', [hash, 1]));
    if (result.hash('hash') !== hash) {
      throw malformed('getblock', `answered for block ${result.hash('hash')}, not ${hash}`);
    }
    if (result.integer('confirmations') < this.minConfirmations) return null;
    const time = result.integer('time');
    const height = result.integer('height');
    if (time < 0 || height < 0) throw malformed('getblock', 'negative height or time');
    return {
      hash,
      height,
      time,
      merkleRoot: Buffer.from(result.hash('merkleroot'), 'hex').reverse(),
      txids: result.hashes('tx'),
    };
  }
}

function walletStatus(txid: string, value: unknown): TransactionStatus {
  const result = RpcResult.of('gettransaction', value);
  return {
    txid,
    confirmations: result.integer('confirmations'),
    blockHash: result.has('blockhash') ? result.hash('blockhash') : null,
    hex: result.has('hex') ? result.hex('hex') : null,
    replacedBy: result.has('replaced_by_txid') ? result.hash('replaced_by_txid') : null,
    feeSat: result.has('fee') ? satoshis(result.number('fee')) : null,
  };
}

function nodeStatus(txid: string, value: unknown): TransactionStatus {
  const result = RpcResult.of('getrawtransaction', value);
  return {
    txid,
    confirmations: result.has('confirmations') ? result.integer('confirmations') : 0,
    blockHash: result.has('blockhash') ? result.hash('blockhash') : null,
    hex: result.hex('hex'),
    replacedBy: null,
    feeSat: null,
  };
}

/** `signrawtransactionwithwallet`'s per-input `errors`, as `: a; b`, or '' when there are none. */
function signingErrors(errors: unknown): string {
  if (!Array.isArray(errors)) return '';
  const messages = errors
    .map((item: unknown) =>
      typeof item === 'object' && item !== null && 'error' in item ? String(item.error) : '',
    )
    .filter((text) => text !== '');
  return messages.length === 0 ? '' : `: ${messages.join('; ')}`;
}

/** sat/vB a transaction pays, from its fee and bytes; null when either is unknown. */
function feeRateOf(status: TransactionStatus | null): number | null {
  if (status === null || status.feeSat === null || status.hex === null) return null;
  const { vsize } = parseTransactionHex(status.hex);
  return satPerVb(Math.ceil((status.feeSat * 1000) / vsize));
}
