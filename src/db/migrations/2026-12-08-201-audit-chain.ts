import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';
import { auditEntryHash, GENESIS_HASH } from '../../audit/entry-hash.js';
import { columnTypes } from './column-types.js';

/*
 * The anchored audit chain (issue 13) and anchored status changes (issue 14):
 * - every audit event gets `seq`, `prev_hash` and `hash` (SHA-256 of the previous hash and the
 *   entry's canonical JSON, see src/audit/entry-hash.ts); the events already stored are chained
 *   here, in id order;
 * - `anchor_digests.document_id` becomes optional: a chain head is a leaf of its own, of no
 *   document (SQLite cannot drop a NOT NULL, so the table is rebuilt there);
 * - `audit_heads`: each chain head put into an anchor batch (seq, hash, its digest);
 * - `status_statements`: the canonical statement of each revocation, suspension, reinstatement
 *   or supersession whose digest was queued for anchoring.
 * Frozen in time once released, typed `Kysely<any>` like every migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time (see above)
type AnyDb = Kysely<any>;

const PAGE = 1000;

interface LegacyEvent {
  id: number;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  action: string;
  organisationId: number | null;
  targetId: string | null;
  detail: string | null;
}

async function chainExistingEvents(db: AnyDb): Promise<void> {
  let prevHash = GENESIS_HASH;
  let seq = 0;
  let afterId = 0;
  for (;;) {
    const { rows } = await sql<LegacyEvent>`
      select id, occurred_at as "occurredAt", actor_type as "actorType", actor_id as "actorId",
             action, organisation_id as "organisationId", target_id as "targetId", detail
      from audit_events where id > ${afterId} order by id limit ${PAGE}`.execute(db);
    if (rows.length === 0) return;
    for (const row of rows) {
      seq += 1;
      const occurredAt = new Date(row.occurredAt).toISOString();
      const organisationId = row.organisationId === null ? null : Number(row.organisationId);
      const hash = auditEntryHash(prevHash, { ...row, seq, occurredAt, organisationId });
      await sql`update audit_events set seq = ${seq}, prev_hash = ${prevHash}, hash = ${hash},
                occurred_at = ${occurredAt} where id = ${row.id}`.execute(db);
      prevHash = hash;
      afterId = Number(row.id);
    }
  }
}

/** SQLite keeps NOT NULL for ever: copy `anchor_digests` into a table without it. */
async function relaxSqliteDigestDocument(db: AnyDb): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`create table anchor_digests_next (
      id integer primary key autoincrement,
      digest text not null unique,
      kind text not null,
      document_id integer references documents(id),
      status text not null,
      queued_at text not null)`.execute(db);
    await sql`insert into anchor_digests_next (id, digest, kind, document_id, status, queued_at)
      select id, digest, kind, document_id, status, queued_at from anchor_digests`.execute(db);
    const { rows: indexes } = await sql<{ sql: string }>`
      select sql from sqlite_master
      where type = 'index' and tbl_name = 'anchor_digests' and sql is not null`.execute(db);
    await sql`drop table anchor_digests`.execute(db);
    await sql`alter table anchor_digests_next rename to anchor_digests`.execute(db);
    for (const index of indexes) await sql.raw(index.sql).execute(db);
    const { rows: broken } = await sql`pragma foreign_key_check`.execute(db);
    if (broken.length > 0) throw new Error('anchor_digests rebuild broke a foreign key');
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

export async function up(db: AnyDb): Promise<void> {
  const type = columnTypes(db);
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  for (const [name, dataType] of [
    ['seq', 'integer'],
    ['prev_hash', 'text'],
    ['hash', 'text'],
  ] as const) {
    await db.schema.alterTable('audit_events').addColumn(name, dataType).execute();
  }
  await chainExistingEvents(db);
  await db.schema
    .createIndex('audit_events_seq')
    .unique()
    .on('audit_events')
    .column('seq')
    .execute();
  await db.schema
    .createIndex('audit_events_action')
    .on('audit_events')
    .columns(['action', 'seq'])
    .execute();

  if (postgres) {
    await sql`alter table anchor_digests alter column document_id drop not null`.execute(db);
  } else {
    await relaxSqliteDigestDocument(db);
  }

  await db.schema
    .createTable('audit_heads')
    .addColumn('id', type.id, (column) => type.primaryKey(column))
    .addColumn('seq', 'integer', (c) => c.notNull().unique())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('anchor_digest_id', 'integer', (c) =>
      c.notNull().unique().references('anchor_digests.id'),
    )
    .addColumn('created_at', type.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('status_statements')
    .addColumn('id', type.id, (column) => type.primaryKey(column))
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('anchor_digest_id', 'integer', (c) =>
      c.notNull().unique().references('anchor_digests.id'),
    )
    .addColumn('transition', 'text', (c) => c.notNull())
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('created_at', type.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('status_statements_document')
    .on('status_statements')
    .columns(['document_id', 'id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('status_statements').execute();
  await db.schema.dropTable('audit_heads').execute();
  await db.schema.dropIndex('audit_events_action').execute();
  await db.schema.dropIndex('audit_events_seq').execute();
  for (const name of ['hash', 'prev_hash', 'seq']) {
    await db.schema.alterTable('audit_events').dropColumn(name).execute();
  }
}
