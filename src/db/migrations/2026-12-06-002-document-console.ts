import type { Kysely } from 'kysely';

/*
 * Indexes for the issuer console (documents list, dashboard, document timeline):
 * - documents by organisation and issue time (the default newest-first list, its cursor and the
 *   issued-per-day series; `id` breaks ties so pages are stable), by title (title sort), by
 *   stored status and issue time (status filter) and by activation time (the activated-per-day
 *   series; with status and expiry it also covers the dashboard's count by state, which then
 *   reads the index alone instead of every row of the organisation);
 * - audit events by organisation (the dashboard's recent activity) and by target (one
 *   document's timeline): until now audit_events had no index at all.
 * Frozen in time once released, typed `Kysely<any>` like every migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time (see above)
type AnyDb = Kysely<any>;

const INDEXES: ReadonlyArray<readonly [name: string, table: string, columns: readonly string[]]> = [
  ['documents_organisation_issued_at', 'documents', ['organisation_id', 'issued_at', 'id']],
  ['documents_organisation_title', 'documents', ['organisation_id', 'title', 'id']],
  ['documents_organisation_status', 'documents', ['organisation_id', 'status', 'issued_at']],
  [
    'documents_organisation_activated_at',
    'documents',
    ['organisation_id', 'activated_at', 'status', 'expires_at'],
  ],
  ['audit_events_organisation', 'audit_events', ['organisation_id', 'id']],
  ['audit_events_target', 'audit_events', ['target_id', 'id']],
];

export async function up(db: AnyDb): Promise<void> {
  for (const [name, table, columns] of INDEXES) {
    await db.schema
      .createIndex(name)
      .on(table)
      .columns([...columns])
      .execute();
  }
}

export async function down(db: AnyDb): Promise<void> {
  for (const [name] of [...INDEXES].reverse()) {
    await db.schema.dropIndex(name).execute();
  }
}
