import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/*
 * Spreadsheet batches (issue 12): the batch, its upload (sealed), one item per issued row (its idempotency key unique
 * per organisation, its delivery state) and the column mapping saved per template. Frozen in time
 * once released, typed `Kysely<any>` like every migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time (see above)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('batches')
    .addColumn('id', t.id, (c) => t.primaryKey(c))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('organisation_id', t.id, (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('mode', 'text')
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('total_rows', 'integer', (c) => c.notNull())
    .addColumn('valid_rows', 'integer', (c) => c.notNull())
    .addColumn('invalid_rows', 'integer', (c) => c.notNull())
    .addColumn('already_issued_rows', 'integer', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('upload_key_id', t.id, (c) => c.notNull())
    .addColumn('created_by_user_id', t.id)
    .addColumn('created_by_api_key_id', t.id)
    .addColumn('runner_id', 'text')
    .addColumn('runner_expires_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('confirmed_at', t.timestamp)
    .addColumn('finished_at', t.timestamp)
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('batches_by_organisation')
    .on('batches')
    .columns(['organisation_id', 'id'])
    .execute();
  // The upload sealed to the organisation key (DESIGN §3); deleted when the batch ends.
  await db.schema
    .createTable('batch_uploads')
    .addColumn('batch_id', t.id, (c) => c.primaryKey().references('batches.id').onDelete('cascade'))
    .addColumn('sealed', t.binary, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('batch_items')
    .addColumn('id', t.id, (c) => t.primaryKey(c))
    .addColumn('batch_id', t.id, (c) => c.notNull().references('batches.id').onDelete('cascade'))
    .addColumn('organisation_id', t.id, (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('document_public_id', 'text', (c) => c.notNull().unique())
    .addColumn('delivery_state', 'text', (c) => c.notNull())
    .addColumn('delivery_error', 'text')
    .addColumn('delivery_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('delivered_at', t.timestamp)
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  // Exactly once: a row's key is issued at most once per organisation, whatever the batch.
  await db.schema
    .createIndex('batch_items_idempotency')
    .on('batch_items')
    .columns(['organisation_id', 'idempotency_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('batch_items_by_batch')
    .on('batch_items')
    .columns(['batch_id', 'delivery_state'])
    .execute();
  await db.schema
    .createTable('batch_mappings')
    .addColumn('organisation_id', t.id, (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('batch_mappings_pk', ['organisation_id', 'template'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('batch_mappings').execute();
  await db.schema.dropTable('batch_items').execute();
  await db.schema.dropTable('batch_uploads').execute();
  await db.schema.dropTable('batches').execute();
}
