import { AppError } from '../errors.js';

/**
 * A Bitcoin block header as the platform's own header source publishes it (Esplora's shape,
 * DESIGN §4): hashes in display order, as explorers print them.
 */
export interface PublishedBlockHeader {
  readonly height: number;
  /** Block hash, display order, lower-case hex. */
  readonly hash: string;
  /** Merkle root, display order, lower-case hex (Esplora's `merkle_root`). */
  readonly merkleRoot: string;
  /** The header's `nTime`, seconds since the Unix epoch. */
  readonly time: number;
}

/**
 * How old a block must be before its header is treated as final: kept in the table and served
 * as immutable. Six hours is about 36 blocks, far beyond any reorganisation Bitcoin has seen,
 * even with a block time two hours off (the consensus rules allow that much).
 */
export const SETTLED_AFTER_SECONDS = 6 * 60 * 60;

/** Whether the block is deep enough that its header at this height will not change. */
export function isSettled(header: Pick<PublishedBlockHeader, 'time'>, now: Date): boolean {
  return header.time <= Math.floor(now.getTime() / 1000) - SETTLED_AFTER_SECONDS;
}

const HEIGHT = /^\d{1,9}$/;
const BLOCK_HASH = /^[0-9a-fA-F]{64}$/;

/** A block height from a URL (decimal, no sign, at most nine digits). */
export function parseBlockHeight(raw: string): number {
  if (!HEIGHT.test(raw))
    throw new AppError('INVALID_INPUT', 'A block height is a whole number, e.g. 840000.', {
      details: { field: 'height' },
    });
  return Number(raw);
}

/** A block hash from a URL: 64 hexadecimal characters, display order; returned in lower case. */
export function parseBlockHash(raw: string): string {
  if (!BLOCK_HASH.test(raw))
    throw new AppError('INVALID_INPUT', 'A block hash is 64 hexadecimal characters.', {
      details: { field: 'hash' },
    });
  return raw.toLowerCase();
}

/** No block at this height here or at the header source: beyond the tip, or not synced yet. */
export function noBlockAtHeight(height: number): AppError {
  return new AppError(
    'NOT_FOUND',
    `No block at height ${height} is known: it is beyond the chain's tip, or the header source has not seen it yet.`,
  );
}

/** A hash the platform has not published: only blocks first asked for by height are known. */
export function noBlockWithHash(): AppError {
  return new AppError(
    'NOT_FOUND',
    'No block with this hash is known here: ask for its height first (/api/bitcoin/block-height/{height}).',
  );
}
