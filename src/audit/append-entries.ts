import { PostgresAdapter, sql } from 'kysely';
import type { CompiledQuery, Insertable } from 'kysely';
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

/**
 * The chain's head query and the PostgreSQL lock statement, compiled once per dialect: appends
 * run inside callers' transactions (a new executor each time), so the compiled SQL is kept by
 * adapter class, on which alone it depends.
 */
const compiledHead = new Map<unknown, CompiledQuery<{ seq: number; hash: string }>>();
const compiledLock = new Map<unknown, CompiledQuery>();

function headQuery(db: Executor): CompiledQuery<{ seq: number; hash: string }> {
  const key = db.getExecutor().adapter.constructor;
  let query = compiledHead.get(key);
  if (query === undefined) {
    query = db
      .selectFrom('auditEvents')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .compile();
    compiledHead.set(key, query);
  }
  return query;
}

function lockQuery(db: Executor): CompiledQuery {
  const key = db.getExecutor().adapter.constructor;
  let query = compiledLock.get(key);
  if (query === undefined) {
    query =
      sql`select pg_advisory_xact_lock(${sql.lit(AUDIT_CHAIN_LOCK_KEY[0])}, ${sql.lit(AUDIT_CHAIN_LOCK_KEY[1])})`.compile(
        db,
      );
    compiledLock.set(key, query);
  }
  return query;
}

/** The last entry of the chain (seq 0 and the genesis hash when it is empty). */
export async function chainHead(db: Executor): Promise<{ seq: number; hash: string }> {
  const { rows } = await db.executeQuery(headQuery(db));
  const row = rows[0];
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
    await trx.executeQuery(lockQuery(trx));
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
