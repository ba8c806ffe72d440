import { fromHex } from '../common/bytes.js';

/**
 * Where a verifier looks Bitcoin block headers up. The proof only records a height (on purpose:
 * the verifier must fetch the header from a source it trusts and compare the Merkle root itself),
 * so every source answers the same question: "what is the header at this height?".
 */

/** The parts of a block header a timestamp check needs. */
export interface BlockHeader {
  /** Merkle root in internal byte order — the order OpenTimestamps commits to. */
  readonly merkleRoot: Uint8Array;
  /** Block time (header `nTime`), seconds since the Unix epoch. */
  readonly time: number;
  /** Block hash in display order (as explorers print it), lower-case hex. */
  readonly hash: string;
}

/** Looks Bitcoin block headers up by height. Implementations: Esplora REST, Bitcoin Core RPC. */
export interface BlockHeaderSource {
  /**
   * The header of the main-chain block at `height`. Rejects with {@link BlockSourceError} (and
   * nothing else) when no answer can be had, so callers can report "unknown", never "invalid".
   */
  headerByHeight(height: number): Promise<BlockHeader>;
}

/**
 * Why a source gave no header:
 * - `unreachable`: connection refused, DNS failure, timeout, HTTP 5xx;
 * - `not-found`: the source has no block at that height (beyond its tip, or not synced yet);
 * - `bad-response`: it answered, but not with something we understand (or refused our
 *   credentials).
 * None of these says anything about the proof: the check is "unknown".
 */
export type BlockSourceErrorKind = 'unreachable' | 'not-found' | 'bad-response';

/** A block header source could not answer. See {@link BlockSourceErrorKind}. */
export class BlockSourceError extends Error {
  constructor(
    readonly kind: BlockSourceErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BlockSourceError';
  }
}

const HEX_32 = /^[0-9a-fA-F]{64}$/;

/** Parses a 32-byte hash printed in display order into internal byte order. */
export function internalOrderFromDisplayHex(hex: unknown, what: string): Uint8Array {
  if (typeof hex !== 'string' || !HEX_32.test(hex)) {
    throw new BlockSourceError('bad-response', `${what} is not a 64-character hex string`);
  }
  return fromHex(hex).reverse();
}

/** Checks a display-order block hash and returns it in lower case. */
export function checkBlockHash(hex: unknown, what: string): string {
  if (typeof hex !== 'string' || !HEX_32.test(hex)) {
    throw new BlockSourceError('bad-response', `${what} is not a 64-character hex block hash`);
  }
  return hex.toLowerCase();
}

/** Checks a header time (non-negative integer seconds). */
export function checkBlockTime(time: unknown, what: string): number {
  if (typeof time !== 'number' || !Number.isSafeInteger(time) || time < 0) {
    throw new BlockSourceError('bad-response', `${what} is not a non-negative integer`);
  }
  return time;
}

/** Throws a `RangeError` (a caller bug, not a source failure) unless `height` is a valid height. */
export function checkHeight(height: number): void {
  if (!Number.isSafeInteger(height) || height < 0) {
    throw new RangeError(`block height must be a non-negative integer, got ${height}`);
  }
}
