import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/*
 * W3C Bitstring Status Lists (issue 14, DESIGN §4 "Status"): each activated document gets a
 * random position (`documents.status_list_index`, unique within its organisation) in its
 * issuer's lists, one for revocation and one for suspension; `status_lists` holds, per
 * organisation, the list length (131,072 bits, doubled whenever half is taken), how many
 * positions are taken, a version counted up by every change of a document's state (or of the
 * length) and the signed credentials last generated, with the version they show. Frozen in time once released, typed `Kysely<any>` like every migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time (see above)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const type = columnTypes(db);
  await db.schema.alterTable('documents').addColumn('status_list_index', 'integer').execute();
  await db.schema
    .createIndex('documents_organisation_status_list_index')
    .on('documents')
    .columns(['organisation_id', 'status_list_index'])
    .unique()
    .execute();
  await db.schema
    .createTable('status_lists')
    .addColumn('organisation_id', 'integer', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('length', 'integer', (c) => c.notNull())
    .addColumn('assigned', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('generated_version', 'integer')
    .addColumn('generated_at', type.timestamp)
    .addColumn('revocation_credential', 'text')
    .addColumn('suspension_credential', 'text')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('status_lists').execute();
  await db.schema.dropIndex('documents_organisation_status_list_index').execute();
  await db.schema.alterTable('documents').dropColumn('status_list_index').execute();
}
