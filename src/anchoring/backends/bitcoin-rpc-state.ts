/**
 * What the Bitcoin RPC backend persists between steps (the `state` of a `BackendSubmission`): the
 * signed transaction and every txid that may confirm for the root. No key, no credential, no
 * personal data — a transaction spending the operator's coins and a 32-byte root.
 */

/** Where a transaction for the root confirmed. */
export interface ConfirmedAnchor {
  readonly txid: string;
  /** Block hash, display order. */
  readonly blockHash: string;
  readonly height: number;
  readonly time: number;
}

/** The `state` JSON of a `bitcoin-rpc` submission. */
export interface BitcoinRpcState {
  readonly version: 1;
  /** The signed transaction built by `prepare`, hex (with witness). Re-broadcast by `submit`. */
  readonly rawTransaction: string;
  /** Its txid, display order, computed from the transaction bytes (not taken from the node). */
  readonly txid: string;
  /** Fee rate of the newest transaction tried, sat/vB. */
  readonly feeRateSatVb: number;
  /**
   * Every txid that may carry the root, oldest first: the prepared one, then each fee-bumped
   * replacement. They all spend the same inputs, so at most one can ever confirm.
   */
  readonly triedTxids: readonly string[];
  /** When `prepare` built the transaction (ISO 8601). */
  readonly preparedAt: string;
  /** Chain height when `submit` broadcast it; null while prepared. */
  readonly broadcastHeight: number | null;
  /** Chain height of the last fee bump; null until one happens. */
  readonly lastBumpHeight: number | null;
  /** Set when complete. */
  readonly confirmed: ConfirmedAnchor | null;
}

/** Stored state that is not a `bitcoin-rpc` state (corrupt, or another backend's). */
export class InvalidBitcoinRpcStateError extends Error {
  constructor(detail: string) {
    super(`bitcoin-rpc submission state is invalid: ${detail}`);
    this.name = 'InvalidBitcoinRpcStateError';
  }
}

const HEX = /^(?:[0-9a-f]{2})+$/;
const HASH = /^[0-9a-f]{64}$/;

type Fields = Readonly<Record<string, unknown>>;

function field<T>(fields: Fields, name: string, check: (value: unknown) => value is T): T {
  const value = fields[name];
  if (!check(value)) throw new InvalidBitcoinRpcStateError(`${name} is missing or malformed`);
  return value;
}

const isHex = (value: unknown): value is string => typeof value === 'string' && HEX.test(value);
const isHash = (value: unknown): value is string => typeof value === 'string' && HASH.test(value);
const isHeight = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isHeightOrNull = (value: unknown): value is number | null =>
  value === null || isHeight(value);
const isRate = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0;
const isString = (value: unknown): value is string => typeof value === 'string';
const isHashList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.length > 0 && value.every(isHash);
const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseConfirmed(value: unknown): ConfirmedAnchor | null {
  if (value === null) return null;
  if (!isObject(value)) throw new InvalidBitcoinRpcStateError('confirmed is malformed');
  return {
    txid: field(value, 'txid', isHash),
    blockHash: field(value, 'blockHash', isHash),
    height: field(value, 'height', isHeight),
    time: field(value, 'time', isHeight),
  };
}

/** Parses and checks a stored state. Throws {@link InvalidBitcoinRpcStateError}. */
export function parseBitcoinRpcState(json: string): BitcoinRpcState {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new InvalidBitcoinRpcStateError('not JSON');
  }
  if (!isObject(value)) throw new InvalidBitcoinRpcStateError('not a JSON object');
  if (value.version !== 1) throw new InvalidBitcoinRpcStateError('unknown version');
  const state: BitcoinRpcState = {
    version: 1,
    rawTransaction: field(value, 'rawTransaction', isHex),
    txid: field(value, 'txid', isHash),
    feeRateSatVb: field(value, 'feeRateSatVb', isRate),
    triedTxids: field(value, 'triedTxids', isHashList),
    preparedAt: field(value, 'preparedAt', isString),
    broadcastHeight: field(value, 'broadcastHeight', isHeightOrNull),
    lastBumpHeight: field(value, 'lastBumpHeight', isHeightOrNull),
    confirmed: parseConfirmed(value.confirmed ?? null),
  };
  if (state.triedTxids[0] !== state.txid) {
    throw new InvalidBitcoinRpcStateError('triedTxids does not start with txid');
  }
  return state;
}

/** The state as stored: JSON with a fixed key order. */
export function serializeBitcoinRpcState(state: BitcoinRpcState): string {
  return JSON.stringify({
    version: state.version,
    rawTransaction: state.rawTransaction,
    txid: state.txid,
    feeRateSatVb: state.feeRateSatVb,
    triedTxids: state.triedTxids,
    preparedAt: state.preparedAt,
    broadcastHeight: state.broadcastHeight,
    lastBumpHeight: state.lastBumpHeight,
    confirmed: state.confirmed,
  });
}
