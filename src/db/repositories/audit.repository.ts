import type { Insertable } from 'kysely';
import type { Executor } from '../database.js';
import type { AuditEventsTable } from '../tables/documents.table.js';

/** Appends an audit event. Ids only: never personal data. */
export async function insertAuditEvent(
  db: Executor,
  values: Insertable<AuditEventsTable>,
): Promise<void> {
  await db.insertInto('auditEvents').values(values).execute();
}

/** Appends many audit events in one statement (ids only, as above). */
export async function insertAuditEvents(
  db: Executor,
  rows: readonly Insertable<AuditEventsTable>[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('auditEvents')
    .values([...rows])
    .execute();
}
