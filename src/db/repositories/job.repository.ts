import { PostgresAdapter, sql } from 'kysely';
import type { Executor } from '../database.js';
import type { JobRow, JobStateColumn } from '../tables/jobs.table.js';

/** Inserts one queued job; returns its id. Runs inside the caller's transaction. */
export async function insertJob(
  db: Executor,
  values: {
    kind: string;
    payload: string;
    organisationId: number | null;
    maxAttempts: number;
    runAfter: string;
    now: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('jobs')
    .values({
      kind: values.kind,
      payload: values.payload,
      organisationId: values.organisationId,
      state: 'queued',
      maxAttempts: values.maxAttempts,
      runAfter: values.runAfter,
      createdAt: values.now,
      updatedAt: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function isPostgres(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Claims the next due job for `owner` in ONE statement: a queued job whose time has come, or a
 * running job whose lease ran out (its runner died). The claim counts as a try. PostgreSQL skips
 * rows another runner is claiming (`FOR UPDATE SKIP LOCKED`), so several `certa worker`s never
 * take the same job; SQLite serialises writers, so the subquery and the update cannot interleave.
 * `kinds` limits the claim to the handlers this runner has.
 */
export async function claimNextJob(
  db: Executor,
  values: { owner: string; now: string; leaseExpiresAt: string; kinds: readonly string[] },
): Promise<JobRow | undefined> {
  if (values.kinds.length === 0) return undefined;
  const lock = isPostgres(db) ? sql` for update skip locked` : sql``;
  const result = await sql<JobRow>`
    update jobs
       set state = 'running', attempts = attempts + 1, lease_owner = ${values.owner},
           lease_expires_at = ${values.leaseExpiresAt}, updated_at = ${values.now}
     where id = (
       select id from jobs
        where kind in (${sql.join(values.kinds)})
          and ((state = 'queued' and run_after <= ${values.now})
            or (state = 'running' and lease_expires_at < ${values.now}))
        order by run_after, id
        limit 1${lock})
    returning *`.execute(db);
  return result.rows[0];
}

/** Extends the lease of a job this owner still holds; false if it lost it (expired, taken). */
export async function renewJobLease(
  db: Executor,
  values: { id: number; owner: string; now: string; leaseExpiresAt: string },
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ leaseExpiresAt: values.leaseExpiresAt, updatedAt: values.now })
    .where('id', '=', values.id)
    .where('state', '=', 'running')
    .where('leaseOwner', '=', values.owner)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Ends one try of a job this owner holds: `succeeded`, `failed` (for good), or back to `queued`
 * with a later `runAfter` (a retry). Does nothing if the lease was lost meanwhile.
 */
export async function finishJobAttempt(
  db: Executor,
  values: {
    id: number;
    owner: string;
    state: Exclude<JobStateColumn, 'running'>;
    lastError: string | null;
    runAfter?: string;
    now: string;
  },
): Promise<boolean> {
  const finished = values.state === 'queued' ? null : values.now;
  const result = await db
    .updateTable('jobs')
    .set({
      state: values.state,
      lastError: values.lastError,
      leaseOwner: null,
      leaseExpiresAt: null,
      updatedAt: values.now,
      finishedAt: finished,
      ...(values.runAfter === undefined ? {} : { runAfter: values.runAfter }),
    })
    .where('id', '=', values.id)
    .where('state', '=', 'running')
    .where('leaseOwner', '=', values.owner)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** One job by id. */
/** A job of `kind` waiting or running, other than `exceptId`; undefined when there is none. */
export function findWaitingJob(db: Executor, kind: string, exceptId: number | null) {
  let query = db
    .selectFrom('jobs')
    .select('id')
    .where('kind', '=', kind)
    .where('state', 'in', ['queued', 'running']);
  if (exceptId !== null) query = query.where('id', '!=', exceptId);
  return query.executeTakeFirst();
}

export function findJob(db: Executor, id: number): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Jobs newest first, filtered by state, kind and organisation. */
export function listJobRows(
  db: Executor,
  filter: {
    states?: readonly JobStateColumn[];
    kind?: string;
    organisationId?: number;
    limit: number;
    offset: number;
  },
): Promise<JobRow[]> {
  let query = db.selectFrom('jobs').selectAll();
  if (filter.states !== undefined && filter.states.length > 0)
    query = query.where('state', 'in', filter.states);
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  if (filter.organisationId !== undefined)
    query = query.where('organisationId', '=', filter.organisationId);
  return query.orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute();
}

/** How many jobs are in each state (optionally for one organisation). */
export async function countJobsByState(
  db: Executor,
  organisationId?: number,
): Promise<Record<JobStateColumn, number>> {
  let query = db
    .selectFrom('jobs')
    .select(['state', (eb) => eb.fn.countAll<number | string>().as('count')])
    .groupBy('state');
  if (organisationId !== undefined) query = query.where('organisationId', '=', organisationId);
  const rows = await query.execute();
  const counts: Record<JobStateColumn, number> = { queued: 0, running: 0, succeeded: 0, failed: 0 };
  for (const row of rows) counts[row.state] = Number(row.count);
  return counts;
}

/** Deletes succeeded jobs finished before `before` (they are kept a while to be seen). */
export async function deleteFinishedJobs(db: Executor, before: string): Promise<number> {
  const result = await db
    .deleteFrom('jobs')
    .where('state', '=', 'succeeded')
    .where('finishedAt', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
