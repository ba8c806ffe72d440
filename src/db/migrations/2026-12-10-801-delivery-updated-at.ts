import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/*
 * When the delivery state of a document issued on its own last changed (issue 12 follow-up,
 * "timeline"): `delivered_at` says when the relay took its current message, nothing said when a
 * deferral, refusal or bounce was recorded, so the document's timeline could not place them. A
 * batch's document has its batch item's `updated_at`. A time only, no personal data. Frozen in
 * time once released, typed `Kysely<any>` like every migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time (see above)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const { timestamp } = columnTypes(db);
  await db.schema.alterTable('documents').addColumn('delivery_updated_at', timestamp).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('documents').dropColumn('delivery_updated_at').execute();
}
