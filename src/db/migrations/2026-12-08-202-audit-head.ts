import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { GENESIS_HASH } from '../../audit/entry-hash.js';

/*
 * The audit chain's head in a one-row table (issue 13 point 3, its cost): an appender locks and
 * reads it in one statement (`update … set seq = seq … returning`), which both serialises
 * appenders inside their transactions and replaces the advisory lock and the read of the last
 * entry; the new head is written with the entries. Seeded from the chain as it stands.
 * Frozen in time once released, typed `Kysely<any>` like every migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time (see above)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('audit_chain_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  const { rows } = await sql<{ seq: number | string; hash: string }>`
    select seq, hash from audit_events order by seq desc limit 1`.execute(db);
  const last = rows[0];
  await sql`insert into audit_chain_head (id, seq, hash)
    values (1, ${last === undefined ? 0 : Number(last.seq)}, ${last?.hash ?? GENESIS_HASH})`.execute(
    db,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('audit_chain_head').execute();
}
