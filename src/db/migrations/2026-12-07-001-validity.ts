import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/*
 * Validity beyond revocation (issue 14): a document can be suspended and reinstated
 * (`suspended_at`, `suspension_reason`; status `suspended` while it lasts), and a revocation
 * records its reason from a fixed list (`revocation_code`) beside the free text. `revoked_at`
 * is the revocation's effective date, which the issuer may set earlier than the moment it is
 * recorded. Frozen in time once released, typed `Kysely<any>` like every migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time (see above)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const type = columnTypes(db);
  // One statement per column: SQLite's ALTER TABLE adds one column at a time.
  await db.schema.alterTable('documents').addColumn('suspended_at', type.timestamp).execute();
  await db.schema.alterTable('documents').addColumn('suspension_reason', 'text').execute();
  await db.schema.alterTable('documents').addColumn('revocation_code', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const column of ['revocation_code', 'suspension_reason', 'suspended_at']) {
    await db.schema.alterTable('documents').dropColumn(column).execute();
  }
}
