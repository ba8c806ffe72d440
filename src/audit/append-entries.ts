import { PostgresAdapter, sql } from 'kysely';
import type { Insertable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { AuditEventsTable } from '../db/tables/audit.table.js';
import { auditEntryHash, GENESIS_HASH } from './entry-hash.js';

/** What a caller says about an event; the chain fields are the append function's. */
export type AuditEventValues = Omit<
  Insertable<AuditEventsTable>,
  'id' | 'seq' | 'prevHash' | 'hash'
>;

/** The two-integer PostgreSQL advisory lock key that serialises appends ('CERT', 'audt'). */
export const AUDIT_CHAIN_LOCK_KEY = [0x43455254, 0x61756474] as const;

/** Rows per multi-row INSERT: well under both dialects' parameter limits. */
const CHUNK = 400;

/** The last entry of the chain (seq 0 and the genesis hash when it is empty). */
export async function chainHead(db: Executor): Promise<{ seq: number; hash: string }> {
  const row = await db
    .selectFrom('auditEvents')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined
    ? { seq: 0, hash: GENESIS_HASH }
    : { seq: Number(row.seq), hash: row.hash };
}

async function appendInTransaction(
  trx: Executor,
  events: readonly AuditEventValues[],
): Promise<void> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    // Held until the caller's transaction ends: the next appender reads this one's head.
    await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY[0]}, ${AUDIT_CHAIN_LOCK_KEY[1]})`.execute(
      trx,
    );
  }
  let { seq, hash } = await chainHead(trx);
  const rows: Insertable<AuditEventsTable>[] = events.map((event) => {
    seq += 1;
    const fields = {
      seq,
      occurredAt: new Date(event.occurredAt).toISOString(),
      actorType: event.actorType,
      actorId: event.actorId ?? null,
      action: event.action,
      organisationId: event.organisationId ?? null,
      targetId: event.targetId ?? null,
      detail: event.detail ?? null,
    };
    const prevHash = hash;
    hash = auditEntryHash(prevHash, fields);
    return { ...fields, prevHash, hash };
  });
  for (let at = 0; at < rows.length; at += CHUNK) {
    await trx
      .insertInto('auditEvents')
      .values(rows.slice(at, at + CHUNK))
      .execute();
  }
}

/**
 * THE way to write the audit trail: appends events to the hash chain, in order. Inside the
 * caller's transaction when given one (a rolled-back change leaves no entry), else in a
 * transaction of its own. Appenders never fork the chain: PostgreSQL serialises them on a
 * transaction-scoped advisory lock; SQLite has one writer at a time. Ids and pseudonyms only.
 */
export async function appendAuditEvents(
  db: Executor,
  events: readonly AuditEventValues[],
): Promise<void> {
  if (events.length === 0) return;
  if (db.isTransaction) {
    await appendInTransaction(db, events);
    return;
  }
  await db.transaction().execute((trx) => appendInTransaction(trx, events));
}
