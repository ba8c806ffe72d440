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
