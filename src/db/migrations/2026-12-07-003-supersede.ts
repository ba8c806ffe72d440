import type { Kysely } from 'kysely';

/*
 * Corrections (issue 14): a document revoked because a corrected one replaced it names that
 * document (`superseded_by`, its public id), so verifying the old one says where the new one is.
 * Frozen in time once released, typed `Kysely<any>` like every migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time (see above)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('documents').addColumn('superseded_by', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('documents').dropColumn('superseded_by').execute();
}
