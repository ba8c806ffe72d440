import { appendAuditEvents, type AuditEventValues } from '../../audit/append-entries.js';
import { SECURITY_ACTIONS } from '../../audit/security-events.js';
import type { Executor } from '../database.js';

/** Appends an audit event to the hash chain (see appendAuditEvents). Ids only: never personal data. */
export async function insertAuditEvent(db: Executor, values: AuditEventValues): Promise<void> {
  await appendAuditEvents(db, [values]);
}

/** Appends many audit events to the hash chain, in order (ids only, as above). */
export async function insertAuditEvents(
  db: Executor,
  rows: readonly AuditEventValues[],
): Promise<void> {
  await appendAuditEvents(db, rows);
}

/** Reads and sessions: in the trail, but not "activity" on the dashboard. */
const ACCESS_ACTIONS: readonly string[] = Object.values(SECURITY_ACTIONS);

/** The latest audit events of an organisation (changes, not reads or sessions), newest first. */
export function listRecentAuditEvents(db: Executor, organisationId: number, limit: number) {
  return db
    .selectFrom('auditEvents')
    .select(['occurredAt', 'actorType', 'actorId', 'action', 'targetId'])
    .where('organisationId', '=', organisationId)
    .where('action', 'not in', ACCESS_ACTIONS)
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

/** Which audit entries to list; every filter is optional. */
export interface AuditEntryFilter {
  readonly organisationId?: number;
  readonly action?: string;
  readonly actorId?: string;
  /** ISO times: from (inclusive) and to (exclusive). */
  readonly from?: string;
  readonly to?: string;
  /** Keyset pagination: entries before this seq (the previous page's last). */
  readonly beforeSeq?: number;
}

/** Audit entries, newest first, at most `limit`, with their chain fields. */
export function listAuditEntries(db: Executor, filter: AuditEntryFilter, limit: number) {
  let query = db
    .selectFrom('auditEvents')
    .select([
      'seq',
      'occurredAt',
      'actorType',
      'actorId',
      'action',
      'organisationId',
      'targetId',
      'detail',
      'prevHash',
      'hash',
    ]);
  if (filter.organisationId !== undefined)
    query = query.where('organisationId', '=', filter.organisationId);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  if (filter.actorId !== undefined) query = query.where('actorId', '=', filter.actorId);
  if (filter.from !== undefined) query = query.where('occurredAt', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('occurredAt', '<', filter.to);
  if (filter.beforeSeq !== undefined) query = query.where('seq', '<', filter.beforeSeq);
  return query.orderBy('seq', 'desc').limit(limit).execute();
}

export type AuditEntryRow = Awaited<ReturnType<typeof listAuditEntries>>[number];

/** The distinct actions in the trail (for the console's filter), alphabetically. */
export async function listAuditActions(db: Executor, organisationId?: number): Promise<string[]> {
  let query = db.selectFrom('auditEvents').select('action').distinct();
  if (organisationId !== undefined) query = query.where('organisationId', '=', organisationId);
  const rows = await query.orderBy('action').execute();
  return rows.map((row) => row.action);
}
