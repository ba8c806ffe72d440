import type { Executor } from '../database.js';
import type { BitcoinBlockHeadersTable } from '../tables/bitcoin-headers.table.js';

/** The stored header at `height`, if the platform keeps one. */
export function findBitcoinHeaderByHeight(db: Executor, height: number) {
  return db
    .selectFrom('bitcoinBlockHeaders')
    .selectAll()
    .where('height', '=', height)
    .executeTakeFirst();
}

/** The stored header whose block hash (display order, lower-case hex) is `hash`. */
export function findBitcoinHeaderByHash(db: Executor, hash: string) {
  return db
    .selectFrom('bitcoinBlockHeaders')
    .selectAll()
    .where('hash', '=', hash)
    .executeTakeFirst();
}

/**
 * Keeps a settled header. A height stored once keeps its first row: a settled header does not
 * change, and two workers storing the same block at once must not fail.
 */
export async function insertBitcoinHeader(
  db: Executor,
  header: BitcoinBlockHeadersTable,
): Promise<void> {
  await db
    .insertInto('bitcoinBlockHeaders')
    .values(header)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * The block time the anchoring recorded for a batch anchored at `height` (checked against its
 * header source when the attestation verified); undefined when no proof of the platform
 * references that block.
 */
export async function findAnchoredBlockTime(
  db: Executor,
  height: number,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('anchorBatches')
    .select('bitcoinTime')
    .where('bitcoinHeight', '=', height)
    .where('bitcoinTime', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return row?.bitcoinTime ?? undefined;
}
