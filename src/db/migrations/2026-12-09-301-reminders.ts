import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/*
 * Reminders for documents not activated after N days (issue 12, "Delivery"):
 * - `reminder_settings`: one row per organisation that set them (enabled, the days after
 *   issuance as a JSON array of integers, the most reminders per document), plus what the daily
 *   check last found (a count, no personal data);
 * - `document_reminders`: one row per document a reminder concerned (marked due, sent, or
 *   stopped by the issuer): how many were sent, when the last one was, since when it is due.
 * Frozen in time once released, typed `Kysely<any>` like every migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time (see above)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const types = columnTypes(db);
  await db.schema
    .createTable('reminder_settings')
    .addColumn('organisation_id', 'integer', (column) =>
      column.primaryKey().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('enabled', 'integer', (column) => column.notNull())
    .addColumn('days', 'text', (column) => column.notNull())
    .addColumn('max_reminders', 'integer', (column) => column.notNull())
    .addColumn('updated_at', types.timestamp, (column) => column.notNull())
    .addColumn('checked_at', types.timestamp)
    .addColumn('due_count', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('document_reminders')
    .addColumn('document_id', 'integer', (column) =>
      column.primaryKey().references('documents.id').onDelete('cascade'),
    )
    .addColumn('organisation_id', 'integer', (column) =>
      column.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('sent_count', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('last_sent_at', types.timestamp)
    .addColumn('due_since', types.timestamp)
    .addColumn('stopped_at', types.timestamp)
    .execute();
  await db.schema
    .createIndex('document_reminders_due')
    .on('document_reminders')
    .columns(['organisation_id', 'due_since'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('document_reminders').execute();
  await db.schema.dropTable('reminder_settings').execute();
}
