import { PostgresAdapter } from 'kysely';
import type { CompiledQuery, Insertable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { AuditEventsTable } from '../db/tables/audit.table.js';
import { auditEntryHash, GENESIS_HASH } from './entry-hash.js';

/** What a caller says about an event; the chain fields are the append function's. */
export type AuditEventValues = Omit<
  Insertable<AuditEventsTable>,
  'id' | 'seq' | 'prevHash' | 'hash'
>;

/** Rows per multi-row INSERT: well under both dialects' parameter limits. */
const CHUNK = 400;

/**
 * The statement that locks and reads the chain's head row at once (`seq = seq` changes nothing
 * but takes the row lock, held until the caller's transaction ends: the next appender waits
 * there, then reads this one's head). Compiled once per dialect: appends run inside callers'
 * transactions (a new executor each time), so the compiled SQL is kept by adapter class.
 */
const compiledTakeHead = new Map<unknown, CompiledQuery<{ seq: number; hash: string }>>();

function takeHeadQuery(db: Executor): CompiledQuery<{ seq: number; hash: string }> {
  const key = db.getExecutor().adapter.constructor;
  let query = compiledTakeHead.get(key);
  if (query === undefined) {
    query = db
      .updateTable('auditChainHead')
      .set((eb) => ({ seq: eb.ref('seq') }))
      .where('id', '=', 1)
      .returning(['seq', 'hash'])
      .compile();
    compiledTakeHead.set(key, query);
  }
  return query;
}

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
  const { rows: heads } = await trx.executeQuery(takeHeadQuery(trx));
  const head = heads[0];
  if (head === undefined) throw new Error('the audit chain has no head row (migration 202)');
  let seq = Number(head.seq);
  let hash = head.hash;
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
  const last = rows.length - ((rows.length - 1) % CHUNK) - 1;
  for (let at = 0; at < last; at += CHUNK) {
    await trx
      .insertInto('auditEvents')
      .values(rows.slice(at, at + CHUNK))
      .execute();
  }
  const tail = rows.slice(last);
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    // The last entries and the new head in one statement (one round trip).
    await trx
      .with('appended', (qb) => qb.insertInto('auditEvents').values(tail).returning('seq'))
      .updateTable('auditChainHead')
      .set({ seq, hash })
      .where('id', '=', 1)
      .execute();
    return;
  }
  await trx.insertInto('auditEvents').values(tail).execute();
  await trx.updateTable('auditChainHead').set({ seq, hash }).where('id', '=', 1).execute();
}

/**
 * THE way to write the audit trail: appends events to the hash chain, in order. Inside the
 * caller's transaction when given one (a rolled-back change leaves no entry), else in a
 * transaction of its own. Appenders never fork the chain: each locks the head row
 * (`audit_chain_head`) until its transaction ends; SQLite has one writer at a time besides. Ids and pseudonyms only.
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
