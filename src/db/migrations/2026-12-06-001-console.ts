import type { Kysely } from 'kysely';

/*
 * What the console needs from accounts and reviews:
 * - sessions remember a short summary of the browser that opened them ("Firefox on Linux") and
 *   the client's network (the address truncated to /24 for IPv4, /48 for IPv6), so a user can
 *   tell their sessions apart and end the ones they do not recognise;
 * - organisations record why a platform admin approved them without a domain proof (null when
 *   the domain was verified at approval, or for decisions made before this migration).
 * Frozen in time once released, typed `Kysely<any>` like every migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time (see above)
type AnyDb = Kysely<any>;

const COLUMNS = [
  ['sessions', 'user_agent'],
  ['sessions', 'client_network'],
  ['organisations', 'domain_proof_waiver'],
] as const;

export async function up(db: AnyDb): Promise<void> {
  // One statement per column: SQLite's ALTER TABLE adds one column at a time.
  for (const [table, column] of COLUMNS) {
    await db.schema.alterTable(table).addColumn(column, 'text').execute();
  }
}

export async function down(db: AnyDb): Promise<void> {
  for (const [table, column] of [...COLUMNS].reverse()) {
    await db.schema.alterTable(table).dropColumn(column).execute();
  }
}
