import type { Actor } from '../accounts/actor.js';
import { auditActor } from '../accounts/actor.js';
import { requireOrganisationAccess } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import type { Executor } from '../db/database.js';
import { insertAuditEvent, insertAuditEvents } from '../db/repositories/audit.repository.js';
import { deleteBatchUploadsOfDocuments } from '../db/repositories/batch.repository.js';
import { AppError } from '../errors.js';
import { ensureDailyJob, nextDailyRun } from '../jobs/daily-job.js';
import { afterErasures, shreddedColumns } from './erase-document.js';
import { PRIVACY_ACTIONS } from './privacy-actions.js';

/** The job kind that applies every issuer's rules (src/jobs/job-handlers.ts). */
export const RETENTION_JOB = 'retention.run';
/** The hour (UTC) of the daily run. */
export const RETENTION_HOUR_UTC = 3;
/** Documents erased per transaction. */
const ERASE_CHUNK = 200;

export const MAX_PENDING_MONTHS = 120;
export const MAX_ACTIVATED_YEARS = 100;

export interface RetentionRules {
  /** Never-activated documents are erased this many months after issuance; null = never. */
  pendingMonths: number | null;
  /** Activated documents' data are erased this many years after activation; null = never. */
  activatedYears: number | null;
  updatedAt: string | null;
}

export interface RetentionRun {
  ranAt: string;
  erasedPending: number;
  erasedActivated: number;
}

/** `months` calendar months before `now` (UTC), the day clamped to the month's last. */
export function monthsBefore(now: Date, months: number): Date {
  const target = new Date(
    Date.UTC(
      now.getUTCFullYear(),
      now.getUTCMonth() - months,
      1,
      now.getUTCHours(),
      now.getUTCMinutes(),
      now.getUTCSeconds(),
      now.getUTCMilliseconds(),
    ),
  );
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(now.getUTCDate(), lastDay));
  return target;
}

async function rulesOf(ctx: AppContext, organisationId: number): Promise<RetentionRules> {
  const row = await ctx.db
    .selectFrom('retentionRules')
    .selectAll()
    .where('organisationId', '=', organisationId)
    .executeTakeFirst();
  return {
    pendingMonths: row?.pendingMonths ?? null,
    activatedYears: row?.activatedYears ?? null,
    updatedAt: row?.updatedAt ?? null,
  };
}

async function runsOf(ctx: AppContext, organisationId: number): Promise<RetentionRun[]> {
  return ctx.db
    .selectFrom('retentionRuns')
    .select(['ranAt', 'erasedPending', 'erasedActivated'])
    .where('organisationId', '=', organisationId)
    .orderBy('ranAt', 'desc')
    .orderBy('id', 'desc')
    .limit(10)
    .execute();
}

/** An issuer's rules and its last runs (owners and admins). */
export async function getRetention(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
): Promise<RetentionRules & { runs: RetentionRun[] }> {
  const organisation = await requireOrganisationAccess(ctx, actor, organisationId, 'manage');
  return { ...(await rulesOf(ctx, organisation.id)), runs: await runsOf(ctx, organisation.id) };
}

function checkPeriod(value: number | null, field: string, max: number, unit: string): void {
  if (value === null) return;
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new AppError(
      'INVALID_INPUT',
      `${field} must be a whole number of ${unit} from 1 to ${max}, or null to keep them.`,
      { details: { field } },
    );
}

/** Sets an issuer's rules (owners and admins); audited with the new periods. */
export async function setRetention(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
  input: { pendingMonths: number | null; activatedYears: number | null },
): Promise<RetentionRules & { runs: RetentionRun[] }> {
  const organisation = await requireOrganisationAccess(ctx, actor, organisationId, 'manage');
  if (actor === null) throw new AppError('UNAUTHENTICATED', 'Log in to change retention.');
  checkPeriod(input.pendingMonths, 'pendingMonths', MAX_PENDING_MONTHS, 'months');
  checkPeriod(input.activatedYears, 'activatedYears', MAX_ACTIVATED_YEARS, 'years');
  const updatedAt = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const values = {
      pendingMonths: input.pendingMonths,
      activatedYears: input.activatedYears,
      updatedAt,
    };
    await trx
      .insertInto('retentionRules')
      .values({ organisationId: organisation.id, ...values })
      .onConflict((conflict) => conflict.column('organisationId').doUpdateSet(values))
      .execute();
    await insertAuditEvent(trx, {
      occurredAt: updatedAt,
      ...auditActor(actor),
      action: PRIVACY_ACTIONS.retentionChanged,
      organisationId: organisation.id,
      targetId: organisation.publicId,
      detail: JSON.stringify(input),
    });
    // The daily run exists as soon as one issuer has rules.
    await ensureRetentionJob(trx, ctx.now());
  });
  return getRetention(ctx, actor, organisationId);
}

/** Erases a chunk of an issuer's documents under its rules; returns how many. */
async function eraseChunk(
  ctx: AppContext,
  organisationId: number,
  rows: ReadonlyArray<{ id: number; publicId: string; pdfFile: string | null; status: string }>,
  erasedAt: string,
  rule: 'pending' | 'activated',
): Promise<number> {
  const erased = await ctx.db.transaction().execute(async (trx) => {
    const done: Array<(typeof rows)[number]> = [];
    for (const row of rows) {
      const result = await trx
        .updateTable('documents')
        .set(shreddedColumns(erasedAt, 'retention'))
        .where('id', '=', row.id)
        .where('erasedAt', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) done.push(row);
    }
    if (done.length === 0) return done;
    await trx
      .insertInto('erasures')
      .values(
        done.map((row) => ({
          documentPublicId: row.publicId,
          erasedAt,
          cause: 'retention' as const,
        })),
      )
      .execute();
    await deleteBatchUploadsOfDocuments(
      trx,
      done.map((row) => row.publicId),
    );
    await insertAuditEvents(
      trx,
      done.map((row) => ({
        occurredAt: erasedAt,
        actorType: 'system' as const,
        actorId: null,
        action: PRIVACY_ACTIONS.erased,
        organisationId,
        targetId: row.publicId,
        detail: JSON.stringify({ cause: 'retention', rule, status: row.status }),
      })),
    );
    return done;
  });
  await afterErasures(
    ctx,
    erased.map((row) => ({ publicId: row.publicId, pdfFile: row.pdfFile, erasedAt })),
    'retention',
  );
  return erased.length;
}

/** Applies one rule: erases every matching document, chunk by chunk. */
async function applyRule(
  ctx: AppContext,
  organisationId: number,
  rule: 'pending' | 'activated',
  cutoff: string,
  erasedAt: string,
): Promise<number> {
  let total = 0;
  for (;;) {
    let query = ctx.db
      .selectFrom('documents')
      .select(['id', 'publicId', 'pdfFile', 'status'])
      .where('organisationId', '=', organisationId)
      .where('erasedAt', 'is', null);
    query =
      rule === 'pending'
        ? query.where('activatedAt', 'is', null).where('issuedAt', '<', cutoff)
        : query.where('activatedAt', 'is not', null).where('activatedAt', '<', cutoff);
    const rows = await query.orderBy('id').limit(ERASE_CHUNK).execute();
    if (rows.length === 0) return total;
    const erased = await eraseChunk(ctx, organisationId, rows, erasedAt, rule);
    total += erased;
    if (erased === 0) return total;
  }
}

/**
 * Applies every issuer's retention rules at `ctx.now()`: never-activated documents issued more
 * than `pendingMonths` ago, and activated documents activated more than `activatedYears` ago, are
 * erased (crypto-shredding, cause `retention`, actor `system`). Each issuer with rules gets a run
 * row with its counts (the console shows them) and an audit entry. Idempotent: erased documents
 * are not matched again.
 */
export async function runRetention(
  ctx: AppContext,
): Promise<Array<{ organisationId: number } & RetentionRun>> {
  const now = ctx.now();
  const ranAt = now.toISOString();
  const rules = await ctx.db
    .selectFrom('retentionRules')
    .selectAll()
    .where((eb) =>
      eb.or([eb('pendingMonths', 'is not', null), eb('activatedYears', 'is not', null)]),
    )
    .orderBy('organisationId')
    .execute();
  const runs: Array<{ organisationId: number } & RetentionRun> = [];
  for (const rule of rules) {
    const erasedPending =
      rule.pendingMonths === null
        ? 0
        : await applyRule(
            ctx,
            rule.organisationId,
            'pending',
            monthsBefore(now, rule.pendingMonths).toISOString(),
            ranAt,
          );
    const erasedActivated =
      rule.activatedYears === null
        ? 0
        : await applyRule(
            ctx,
            rule.organisationId,
            'activated',
            monthsBefore(now, rule.activatedYears * 12).toISOString(),
            ranAt,
          );
    const run = { organisationId: rule.organisationId, ranAt, erasedPending, erasedActivated };
    await ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('retentionRuns').values(run).execute();
      await insertAuditEvent(trx, {
        occurredAt: ranAt,
        actorType: 'system',
        actorId: null,
        action: PRIVACY_ACTIONS.retentionRun,
        organisationId: rule.organisationId,
        targetId: null,
        detail: JSON.stringify({ erasedPending, erasedActivated }),
      });
    });
    runs.push(run);
  }
  return runs;
}

/** The next daily run time after `now`: RETENTION_HOUR_UTC:00 today or tomorrow. */
export function nextRetentionRun(now: Date): Date {
  return nextDailyRun(now, RETENTION_HOUR_UTC);
}

/** Queues the next daily run unless one is already waiting or running (other than `currentJobId`). */
export function ensureRetentionJob(
  db: Executor,
  now: Date,
  currentJobId: number | null = null,
): Promise<void> {
  return ensureDailyJob(db, {
    kind: RETENTION_JOB,
    hourUtc: RETENTION_HOUR_UTC,
    now,
    currentJobId,
  });
}
