import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/*
 * The platform's own Bitcoin header source (issue 16): `bitcoin_block_headers` keeps the headers
 * of the blocks the platform's proofs reference, once deep enough never to change — the height,
 * the block hash and Merkle root in display order (as explorers print them), the block time — so
 * that `/api/bitcoin/…` answers verify pages from what the anchoring checked.
 * Frozen in time once released, typed `Kysely<any>` like every migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time (see above)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const types = columnTypes(db);
  await db.schema
    .createTable('bitcoin_block_headers')
    .addColumn('height', 'integer', (column) => column.primaryKey())
    .addColumn('hash', 'text', (column) => column.notNull().unique())
    .addColumn('merkle_root', 'text', (column) => column.notNull())
    .addColumn('block_time', types.timestamp, (column) => column.notNull())
    .addColumn('stored_at', types.timestamp, (column) => column.notNull())
    .execute();
  // "Does a proof of ours reference this block?" is asked for each header not stored yet.
  await db.schema
    .createIndex('anchor_batches_bitcoin_height')
    .on('anchor_batches')
    .column('bitcoin_height')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('anchor_batches_bitcoin_height').execute();
  await db.schema.dropTable('bitcoin_block_headers').execute();
}
