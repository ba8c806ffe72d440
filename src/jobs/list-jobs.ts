import type { AppContext } from '../context.js';
import { countJobsByState, listJobRows } from '../db/repositories/job.repository.js';
import type { JobRow } from '../db/tables/jobs.table.js';
import type { JobState, JobSummary } from './job.js';

function toSummary(row: JobRow): JobSummary {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    organisationId: row.organisationId,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    runAfter: row.runAfter,
    lastError: row.lastError,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
}

/**
 * Jobs for operators (API, console, `certa worker --status`): newest first, filtered by state,
 * kind and organisation. Payloads are left out on purpose: they hold ids only, but nothing a
 * reader of this list needs.
 */
export async function listJobs(
  ctx: AppContext,
  filter: {
    states?: readonly JobState[];
    kind?: string;
    organisationId?: number;
    limit?: number;
    offset?: number;
  } = {},
): Promise<JobSummary[]> {
  const rows = await listJobRows(ctx.db, {
    ...filter,
    limit: Math.min(Math.max(filter.limit ?? 50, 1), 500),
    offset: Math.max(filter.offset ?? 0, 0),
  });
  return rows.map(toSummary);
}

/** How many jobs are in each state (optionally for one organisation). */
export function countJobs(
  ctx: AppContext,
  organisationId?: number,
): Promise<Record<JobState, number>> {
  return countJobsByState(ctx.db, organisationId);
}

/** One line for `certa worker --status`: the counts, then each failed job's kind and reason. */
export async function jobsStatusLines(ctx: AppContext): Promise<string[]> {
  const counts = await countJobs(ctx);
  const lines = [
    `Jobs: ${counts.queued} queued, ${counts.running} running, ${counts.succeeded} succeeded, ${counts.failed} failed`,
  ];
  for (const job of await listJobs(ctx, { states: ['failed'], limit: 10 })) {
    lines.push(
      `  job ${job.id} ${job.kind}: failed after ${job.attempts} tries — ${job.lastError ?? '?'}`,
    );
  }
  return lines;
}
