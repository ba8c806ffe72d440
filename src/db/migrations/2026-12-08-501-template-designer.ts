import type { Kysely } from 'kysely';

/*
 * The template designer (issue 15): each saved version may carry a note ("moved the seal",
 * "restored from version 3"), shown in the version history. Frozen in time once released,
 * typed `Kysely<any>` like every migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time (see above)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('template_versions').addColumn('note', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('template_versions').dropColumn('note').execute();
}
