import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/*
 * Delivery of single documents and bounces (issue 12, "Delivery"): a document issued by
 * `POST …/documents` is stored first (state `awaiting`) and mailed after the commit, so its
 * delivery state lives on its row, with the batch items' vocabulary (delivery_state,
 * delivery_error, delivery_attempts, delivered_at); a batch's document keeps it on its batch item
 * and leaves these null. `delivery_token` is the random id of the document's current message,
 * the `+token` of its VERP envelope sender, by which a delivery report finds it — no personal
 * data. Frozen in time once released, typed `Kysely<any>` like every migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time (see above)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const { timestamp } = columnTypes(db);
  await db.schema.alterTable('documents').addColumn('delivery_token', 'text').execute();
  await db.schema.alterTable('documents').addColumn('delivery_state', 'text').execute();
  await db.schema.alterTable('documents').addColumn('delivery_error', 'text').execute();
  await db.schema
    .alterTable('documents')
    .addColumn('delivery_attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('documents').addColumn('delivered_at', timestamp).execute();
  await db.schema
    .createIndex('documents_delivery_token')
    .on('documents')
    .column('delivery_token')
    .unique()
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('documents_delivery_token').execute();
  for (const column of [
    'delivered_at',
    'delivery_attempts',
    'delivery_error',
    'delivery_state',
    'delivery_token',
  ])
    await db.schema.alterTable('documents').dropColumn(column).execute();
}
