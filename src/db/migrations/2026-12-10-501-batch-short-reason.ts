import type { Kysely } from 'kysely';

/*
 * Why a batch ended with rows left unissued (issue 12, "finished short"): `short_reason` is a
 * code, never personal data — `upload_erased` (an erasure deleted the batch's sealed upload: set
 * in the erasure's transaction), `upload_missing` (the run found no upload for another reason) or
 * `skipped_at_run` (the run went through the file but some rows were issued meanwhile by another
 * batch or no longer passed the checks). Counts are not stored: the rows left are the valid rows
 * less the batch's items. Frozen in time once released, typed `Kysely<any>` like every migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time (see above)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('batches').addColumn('short_reason', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('batches').dropColumn('short_reason').execute();
}
