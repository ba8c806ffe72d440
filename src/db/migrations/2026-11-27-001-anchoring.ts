import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/*
 * Bitcoin anchoring: batches (one Merkle tree each), each digest's leaf in its batch, one
 * submission per backend and batch, and the SQLite worker lease. Frozen in time once released,
 * typed `Kysely<any>` like every migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time (see above)
type AnyDb = Kysely<any>;
type Table<N extends string> = CreateTableBuilder<N, never>;

export async function up(db: AnyDb): Promise<void> {
  const type = columnTypes(db);
  const id = (table: Table<string>) =>
    table.addColumn('id', type.id, (column) => type.primaryKey(column));
  const notNull = (column: ColumnDefinitionBuilder) => column.notNull();

  await id(db.schema.createTable('anchor_batches'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('root', 'text', (c) => c.notNull().unique())
    .addColumn('leaf_count', 'integer', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('root_timestamp', type.binary)
    .addColumn('bitcoin_height', 'integer')
    .addColumn('bitcoin_time', type.timestamp)
    .addColumn('created_at', type.timestamp, notNull)
    .addColumn('pending_at', type.timestamp)
    .addColumn('anchored_at', type.timestamp)
    .execute();
  await db.schema
    .createIndex('anchor_batches_status')
    .on('anchor_batches')
    .columns(['status', 'id'])
    .execute();

  await db.schema
    .createTable('anchor_leaves')
    .addColumn('digest_id', 'integer', (c) => c.primaryKey().references('anchor_digests.id'))
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('anchor_batches.id'))
    .addColumn('leaf_index', 'integer', notNull)
    .addColumn('merkle_path', type.binary, notNull)
    .addUniqueConstraint('anchor_leaves_batch_leaf', ['batch_id', 'leaf_index'])
    .execute();

  await id(db.schema.createTable('anchor_submissions'))
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('anchor_batches.id'))
    .addColumn('backend', 'text', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('state', 'text')
    .addColumn('timestamp', type.binary)
    .addColumn('bitcoin_height', 'integer')
    .addColumn('bitcoin_time', type.timestamp)
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('last_error_message', 'text')
    .addColumn('next_attempt_at', type.timestamp)
    .addColumn('created_at', type.timestamp, notNull)
    .addColumn('submitted_at', type.timestamp)
    .addColumn('completed_at', type.timestamp)
    .addColumn('updated_at', type.timestamp, notNull)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('anchor_submissions_batch_backend', ['batch_id', 'backend'])
    .execute();
  await db.schema
    .createIndex('anchor_submissions_due')
    .on('anchor_submissions')
    .columns(['status', 'next_attempt_at'])
    .execute();

  await db.schema
    .createTable('anchor_worker_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', notNull)
    .addColumn('expires_at', type.timestamp, notNull)
    .addColumn('acquired_at', type.timestamp, notNull)
    .execute();

  await db.schema
    .createIndex('anchor_digests_document')
    .on('anchor_digests')
    .columns(['document_id', 'id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('anchor_digests_document').execute();
  for (const table of [
    'anchor_worker_leases',
    'anchor_submissions',
    'anchor_leaves',
    'anchor_batches',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
