import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/*
 * Recipients' rights, erasure and retention (issue 13):
 * - `documents.restricted_at`: the holder hid the document from verification (not revoked);
 * - `documents.erased_at` / `erasure_cause`: the wraps, the record and the PDF were destroyed
 *   (crypto-shredding); `cause` is `holder`, `issuer` or `retention`;
 * - `documents.recipient_email_index`: HMAC(master-derived key, normalised e-mail), so a holder who
 *   lost their link can be found by address without storing it (null for documents issued before);
 * - `erasures`: the erasure log (public ids and times only), replayed by `certa restore`;
 * - `recipient_requests`: lost-link requests (SHA-256 of the e-mailed token, the blind index);
 * - `retention_rules` and `retention_runs`: per issuer rules and what each run erased.
 * Frozen in time once released, typed `Kysely<any>` like every migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time (see above)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const types = columnTypes(db);
  await db.schema.alterTable('documents').addColumn('restricted_at', types.timestamp).execute();
  await db.schema.alterTable('documents').addColumn('erased_at', types.timestamp).execute();
  await db.schema.alterTable('documents').addColumn('erasure_cause', 'text').execute();
  await db.schema.alterTable('documents').addColumn('recipient_email_index', 'text').execute();
  await db.schema
    .createIndex('documents_recipient_email_index')
    .on('documents')
    .column('recipient_email_index')
    .execute();

  await db.schema
    .createTable('erasures')
    .addColumn('id', types.id, types.primaryKey)
    .addColumn('document_public_id', 'text', (column) => column.notNull().unique())
    .addColumn('erased_at', types.timestamp, (column) => column.notNull())
    .addColumn('cause', 'text', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('recipient_requests')
    .addColumn('id', types.id, types.primaryKey)
    .addColumn('token_hash', 'text', (column) => column.notNull().unique())
    .addColumn('email_index', 'text', (column) => column.notNull())
    .addColumn('created_at', types.timestamp, (column) => column.notNull())
    .addColumn('expires_at', types.timestamp, (column) => column.notNull())
    .addColumn('used_at', types.timestamp)
    .execute();

  await db.schema
    .createTable('retention_rules')
    .addColumn('organisation_id', 'integer', (column) =>
      column.primaryKey().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('pending_months', 'integer')
    .addColumn('activated_years', 'integer')
    .addColumn('updated_at', types.timestamp, (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('retention_runs')
    .addColumn('id', types.id, types.primaryKey)
    .addColumn('organisation_id', 'integer', (column) =>
      column.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('ran_at', types.timestamp, (column) => column.notNull())
    .addColumn('erased_pending', 'integer', (column) => column.notNull())
    .addColumn('erased_activated', 'integer', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('retention_runs_organisation')
    .on('retention_runs')
    .columns(['organisation_id', 'ran_at'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('retention_runs').execute();
  await db.schema.dropTable('retention_rules').execute();
  await db.schema.dropTable('recipient_requests').execute();
  await db.schema.dropTable('erasures').execute();
  await db.schema.dropIndex('documents_recipient_email_index').execute();
  for (const column of ['recipient_email_index', 'erasure_cause', 'erased_at', 'restricted_at'])
    await db.schema.alterTable('documents').dropColumn(column).execute();
}
