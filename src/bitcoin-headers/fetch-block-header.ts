import type { AppContext } from '../context.js';
import {
  findAnchoredBlockTime,
  insertBitcoinHeader,
} from '../db/repositories/bitcoin-header.repository.js';
import { AppError } from '../errors.js';
import { BlockSourceError, type BlockHeader } from '../../verifier/index.js';
import { isSettled, noBlockAtHeight, type PublishedBlockHeader } from './bitcoin-header.js';
import { rememberRecentHeader } from './recent-headers.js';

/**
 * The header at `height` from the anchoring's header source (BITCOIN_HEADER_SOURCE, cached in
 * memory), for a height the table does not hold. It is kept in the table when it is settled and
 * a proof of the platform references its block with the same block time as the anchoring
 * checked — so the table holds exactly the headers of the platform's proofs, whatever visitors
 * ask for. Every header served is remembered briefly by hash for the `/block/<hash>` that follows.
 *
 * Throws NOT_FOUND when the source has no such block, UPSTREAM_FAILED when it cannot answer.
 */
export async function fetchBlockHeader(
  ctx: AppContext,
  height: number,
): Promise<PublishedBlockHeader> {
  let answer: BlockHeader;
  try {
    answer = await ctx.bitcoinHeaders.headerByHeight(height);
  } catch (error) {
    if (!(error instanceof BlockSourceError)) throw error;
    if (error.kind === 'not-found') throw noBlockAtHeight(height);
    throw new AppError(
      'UPSTREAM_FAILED',
      "The platform's Bitcoin header source cannot answer now; try again later.",
      { cause: error },
    );
  }
  const header: PublishedBlockHeader = {
    height,
    hash: answer.hash,
    merkleRoot: Buffer.from(answer.merkleRoot).reverse().toString('hex'),
    time: answer.time,
  };
  const now = ctx.now();
  if (isSettled(header, now)) {
    const anchoredAt = await findAnchoredBlockTime(ctx.db, height);
    if (anchoredAt !== undefined && Date.parse(anchoredAt) === header.time * 1000)
      await insertBitcoinHeader(ctx.db, {
        height,
        hash: header.hash,
        merkleRoot: header.merkleRoot,
        blockTime: new Date(header.time * 1000).toISOString(),
        storedAt: now.toISOString(),
      });
  }
  rememberRecentHeader(ctx.db, header.hash, height, now.getTime());
  return header;
}
