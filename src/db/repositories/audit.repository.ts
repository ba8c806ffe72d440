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

/** The latest audit events of an organisation, newest first. */
export function listRecentAuditEvents(db: Executor, organisationId: number, limit: number) {
  return db
    .selectFrom('auditEvents')
    .select(['occurredAt', 'actorType', 'actorId', 'action', 'targetId'])
    .where('organisationId', '=', organisationId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** The audit events about one target (e.g. a document's public id) in an organisation, oldest first. */
export function listAuditEventsOfTarget(db: Executor, organisationId: number, targetId: string) {
  return db
    .selectFrom('auditEvents')
    .select(['occurredAt', 'actorType', 'actorId', 'action', 'detail'])
    .where('targetId', '=', targetId)
    .where('organisationId', '=', organisationId)
    .orderBy('id', 'asc')
    .execute();
}
