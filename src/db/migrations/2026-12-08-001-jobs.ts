import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/*
 * Durable jobs (issue 12): one table the runners claim from with leases (src/jobs/). Frozen in
 * time once released, typed `Kysely<any>` like every migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time (see above)
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('jobs')
    .addColumn('id', t.id, (c) => t.primaryKey(c))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('organisation_id', t.id, (c) => c.references('organisations.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_after', t.timestamp, (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', t.timestamp)
    .addColumn('last_error', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('finished_at', t.timestamp)
    .execute();
  // The claim query: queued jobs that are due, and running jobs whose lease ran out.
  await db.schema.createIndex('jobs_claim').on('jobs').columns(['state', 'run_after']).execute();
  await db.schema
    .createIndex('jobs_by_organisation')
    .on('jobs')
    .columns(['organisation_id', 'state'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('jobs').execute();
}
