import type { AppContext } from '../context.js';
import type { BitcoinBlockHeaderRow } from '../db/tables/bitcoin-headers.table.js';
import {
  findBitcoinHeaderByHash,
  findBitcoinHeaderByHeight,
} from '../db/repositories/bitcoin-header.repository.js';
import {
  isSettled,
  noBlockWithHash,
  parseBlockHash,
  parseBlockHeight,
  type PublishedBlockHeader,
} from './bitcoin-header.js';
import { fetchBlockHeader } from './fetch-block-header.js';
import { recentHeightOf } from './recent-headers.js';

/** A header as the platform's header source answers it, and whether it can be cached forever. */
export interface BlockHeaderAnswer {
  readonly header: PublishedBlockHeader;
  /** Deep enough never to change (see SETTLED_AFTER_SECONDS). */
  readonly settled: boolean;
}

function fromRow(row: BitcoinBlockHeaderRow): PublishedBlockHeader {
  return {
    height: row.height,
    hash: row.hash,
    merkleRoot: row.merkleRoot,
    time: Math.floor(Date.parse(row.blockTime) / 1000),
  };
}

function answer(ctx: AppContext, header: PublishedBlockHeader): BlockHeaderAnswer {
  return { header, settled: isSettled(header, ctx.now()) };
}

/**
 * The block at a height (`GET /api/bitcoin/block-height/:height`, DESIGN §4): from the table of
 * the headers the platform's proofs reference, else from the anchoring's header source.
 * INVALID_INPUT for a malformed height, NOT_FOUND for a block nobody knows, UPSTREAM_FAILED when
 * the source cannot answer.
 */
export async function findBlockAtHeight(
  ctx: AppContext,
  rawHeight: string,
): Promise<BlockHeaderAnswer> {
  const height = parseBlockHeight(rawHeight);
  const stored = await findBitcoinHeaderByHeight(ctx.db, height);
  return answer(ctx, stored === undefined ? await fetchBlockHeader(ctx, height) : fromRow(stored));
}

/**
 * The block with a hash (`GET /api/bitcoin/block/:hash`): stored, or served by height in the last
 * minutes and still the block at that height. INVALID_INPUT for a malformed hash, NOT_FOUND for
 * any other hash (a header source cannot be asked by hash).
 */
export async function findBlockByHash(
  ctx: AppContext,
  rawHash: string,
): Promise<BlockHeaderAnswer> {
  const hash = parseBlockHash(rawHash);
  const stored = await findBitcoinHeaderByHash(ctx.db, hash);
  if (stored !== undefined) return answer(ctx, fromRow(stored));
  const height = recentHeightOf(ctx.db, hash, ctx.now().getTime());
  if (height === undefined) throw noBlockWithHash();
  const header = await fetchBlockHeader(ctx, height);
  if (header.hash !== hash) throw noBlockWithHash();
  return answer(ctx, header);
}
