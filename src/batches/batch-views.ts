import type { Actor, Permission } from '../accounts/actor.js';
import { requireOrganisationAccess } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import {
  countBatchItems,
  countBatchRows,
  listBatchItems,
  listBatchRows,
} from '../db/repositories/batch.repository.js';
import type { BatchRow } from '../db/tables/batches.table.js';
import type { BatchState, BatchSummary, DeliveryState, LeftOverRows, RowProblem } from './batch.js';
import { requireBatch } from './batch-access.js';
import { csvLine } from './safe-csv.js';

/** A batch with its live counts. */
export async function summariseBatch(ctx: AppContext, batch: BatchRow): Promise<BatchSummary> {
  const items = await countBatchItems(ctx.db, batch.id);
  const issued = items.awaiting + items.sent + items.deferred + items.rejected + items.bounced;
  return {
    id: batch.publicId,
    template: batch.template,
    format: batch.format,
    state: batch.state,
    mode: batch.mode === 'all' || batch.mode === 'valid_only' ? batch.mode : null,
    counts: {
      total: batch.totalRows,
      valid: batch.validRows,
      invalid: batch.invalidRows,
      alreadyIssued: batch.alreadyIssuedRows,
      issued,
      ...items,
    },
    leftOver: leftOverRows(batch, issued),
    createdAt: batch.createdAt,
    confirmedAt: batch.confirmedAt,
    finishedAt: batch.finishedAt,
  };
}

/**
 * Why rows of this batch were not issued, with counts (batch.ts, `LeftOverReason`): the invalid
 * rows of a "valid rows only" batch, then the valid rows not issued once the batch has ended
 * (cancelled, or finished with a recorded reason) or is interrupted after its upload was erased —
 * a resume can no longer issue them. A finished batch without a recorded reason predates the
 * record: its upload was gone.
 */
function leftOverRows(batch: BatchRow, issued: number): LeftOverRows[] {
  const left: LeftOverRows[] = [];
  if (batch.mode === 'valid_only' && batch.invalidRows > 0)
    left.push({ reason: 'invalid_rows_skipped', rows: batch.invalidRows });
  const rows = Math.max(0, batch.validRows - issued);
  if (rows === 0) return left;
  if (batch.state === 'cancelled') left.push({ reason: 'cancelled', rows });
  else if (batch.state === 'finished')
    left.push({ reason: batch.shortReason ?? 'upload_missing', rows });
  else if (batch.state === 'interrupted' && batch.shortReason === 'upload_erased')
    left.push({ reason: 'upload_erased', rows });
  return left;
}

/** A batch's detail: the summary, the mapping used and the first problems of its report. */
export interface BatchDetail extends BatchSummary {
  readonly mapping: Record<string, string>;
  readonly problems: RowProblem[];
  readonly problemCount: number;
}

/**
 * `permission` is "read" for anyone looking; the upload answers with the batch it just made under
 * "issue", so a key that may issue (but not read) sees its own upload's report.
 */
export async function getBatch(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; batchId: string },
  permission: Permission = 'read',
): Promise<BatchDetail> {
  const { batch } = await requireBatch(ctx, actor, input, permission);
  const problems = JSON.parse(batch.report) as RowProblem[];
  return {
    ...(await summariseBatch(ctx, batch)),
    mapping: JSON.parse(batch.mapping) as Record<string, string>,
    problems: problems.slice(0, 100),
    problemCount: problems.length,
  };
}

/** The organisation's batches, newest first. */
export async function listBatches(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; page?: number },
): Promise<{ batches: BatchSummary[]; total: number; page: number; pageSize: number }> {
  const organisation = await requireOrganisationAccess(ctx, actor, input.organisationId, 'read');
  const pageSize = 20;
  const page = Math.max(1, input.page ?? 1);
  const rows = await listBatchRows(ctx.db, organisation.id, {
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return {
    batches: await Promise.all(rows.map((row) => summariseBatch(ctx, row))),
    total: await countBatchRows(ctx.db, organisation.id),
    page,
    pageSize,
  };
}

/** One issued row of a batch: its document and delivery, never the recipient's data. */
export interface BatchItemView {
  readonly row: number;
  readonly documentId: string;
  readonly documentStatus: string;
  readonly delivery: DeliveryState;
  readonly deliveryError: string | null;
  readonly deliveryAttempts: number;
  readonly deliveredAt: string | null;
}

export async function listBatchDocuments(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; batchId: string; delivery?: DeliveryState[]; page?: number },
): Promise<{ items: BatchItemView[]; page: number; pageSize: number }> {
  const { batch } = await requireBatch(ctx, actor, input, 'read');
  const pageSize = 100;
  const page = Math.max(1, input.page ?? 1);
  const rows = await listBatchItems(ctx.db, batch.id, {
    ...(input.delivery === undefined ? {} : { states: input.delivery }),
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return {
    items: rows.map((row) => ({
      row: row.rowNumber,
      documentId: row.documentPublicId,
      documentStatus: row.documentStatus,
      delivery: row.deliveryState,
      deliveryError: row.deliveryError,
      deliveryAttempts: row.deliveryAttempts,
      deliveredAt: row.deliveredAt,
    })),
    page,
    pageSize,
  };
}

/** The validation report as CSV (row, column, code, message), every cell formula-safe. */
export async function batchReportCsv(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; batchId: string },
): Promise<string> {
  const { batch } = await requireBatch(ctx, actor, input, 'read');
  const problems = JSON.parse(batch.report) as RowProblem[];
  const lines = [csvLine(['row', 'column', 'code', 'message'])];
  for (const problem of problems)
    lines.push(csvLine([String(problem.row), problem.column, problem.code, problem.message]));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** States in which a batch's progress still changes. */
export function isBatchMoving(state: BatchState): boolean {
  return state === 'running';
}
