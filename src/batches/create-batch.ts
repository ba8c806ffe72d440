import type { Actor } from '../accounts/actor.js';
import { requireOrganisationAccess } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { randomPublicId } from '../crypto/random.js';
import { sealToPublicKey } from '../crypto/sealed-box.js';
import {
  existingRowKeys,
  findSavedMapping,
  insertBatch,
  insertBatchUpload,
  saveMapping,
} from '../db/repositories/batch.repository.js';
import { findActiveOrganisationKey } from '../db/repositories/organisation.repository.js';
import type { Organisation } from '../db/tables/organisations.table.js';
import { AppError } from '../errors.js';
import { resolveIssuanceTemplates, type IssuanceTemplate } from '../templates/document-template.js';
import { checkText } from '../input/check-text.js';
import { LIMITS } from '../documents/document.js';
import { REPORT_LIMIT, type ColumnMapping, type RowProblem } from './batch.js';
import { requireApproved } from './batch-access.js';
import { ROWS_PER_TURN, yieldToEventLoop } from './event-loop.js';
import { checkMapping, isRowProblem, mapRow, mappingProblems, resolveMapping } from './map-row.js';
import { detectFormat, readSpreadsheet, type SpreadsheetLimits } from './read-spreadsheet.js';
import { rowKeyer } from './row-key.js';
import { uploadAssociatedData } from './upload-aad.js';

export interface BatchUpload {
  readonly fileName: string;
  readonly bytes: Buffer;
  /** Built-in template name or a designed template's public id; `certificate` by default. */
  readonly template?: string;
  /** Title of every document whose row has no title column. */
  readonly title?: string;
  /** Header → target; missing headers use the saved mapping, then the known spellings. */
  readonly mapping?: unknown;
}

/** What validating a file found, row by row (used by the upload and by the bench). */
export interface ValidationResult {
  readonly title: string | null;
  readonly headers: string[];
  readonly mapping: ColumnMapping;
  readonly total: number;
  readonly valid: number;
  readonly invalid: number;
  readonly alreadyIssued: number;
  readonly problems: RowProblem[];
}

/** The designed template named, or undefined for the built-in one. */
export async function issuanceTemplateOf(
  ctx: AppContext,
  organisation: Organisation,
  template: string,
): Promise<IssuanceTemplate | undefined> {
  const found = await resolveIssuanceTemplates(ctx, organisation, [template]);
  return found.get(template);
}

/**
 * Reads and checks every row of a file without storing anything: the mapping, each row with
 * the API's rules, duplicates within the file (the same idempotency key twice) and with earlier
 * batches (keys already issued). File-level problems throw (read-spreadsheet.ts).
 */
export async function validateSpreadsheet(
  ctx: AppContext,
  organisation: Organisation,
  upload: BatchUpload,
  limits: SpreadsheetLimits,
): Promise<ValidationResult> {
  const template = upload.template ?? 'certificate';
  const designed = await issuanceTemplateOf(ctx, organisation, template);
  const title =
    upload.title === undefined || upload.title === ''
      ? null
      : checkText(upload.title, 'title', LIMITS.title);
  const format = detectFormat(upload.fileName, upload.bytes);
  const keyOf = rowKeyer(ctx.masterKey, organisation.id);
  const now = ctx.now();
  const problems: RowProblem[] = [];
  const firstRowOfKey = new Map<string, number>();
  let headers: string[] = [];
  let mapping: ColumnMapping = {};
  let total = 0;
  let invalid = 0;
  const note = (problem: RowProblem) => {
    if (problems.length < REPORT_LIMIT) problems.push(problem);
  };
  for await (const cells of readSpreadsheet(upload.bytes, format, limits)) {
    if (headers.length === 0) {
      headers = cells.map((cell, index) => (cell === '' ? `column ${index + 1}` : cell));
      if (new Set(headers).size !== headers.length)
        throw new AppError('INVALID_INPUT', 'Two columns of the header row have the same name.', {
          details: { field: 'file', reason: 'no_header' },
        });
      const saved = await findSavedMapping(ctx.db, organisation.id, template);
      const given = {
        ...(saved === undefined ? {} : checkMapping(JSON.parse(saved) as unknown, headers)),
        ...(upload.mapping === undefined ? {} : checkMapping(upload.mapping, headers)),
      };
      mapping = resolveMapping(headers, given, designed);
      const wrong = mappingProblems(mapping, title !== null);
      if (wrong.length > 0)
        throw new AppError('INVALID_INPUT', wrong.join(' '), {
          details: { field: 'mapping', headers: headers.join(', ').slice(0, 500) },
        });
      continue;
    }
    total += 1;
    if (total % ROWS_PER_TURN === 0) await yieldToEventLoop();
    const mapped = mapRow(total, headers, cells, mapping, { template, title, designed }, now);
    if (isRowProblem(mapped)) {
      invalid += 1;
      note(mapped);
      continue;
    }
    const key = keyOf(mapped);
    const first = firstRowOfKey.get(key);
    if (first !== undefined) {
      invalid += 1;
      note({
        row: total,
        column: mapped.externalId === null ? '' : columnOf(mapping, 'externalId'),
        code: 'duplicate',
        message: `This row repeats row ${first}${mapped.externalId === null ? '' : ' (same external id)'}; it would be issued once.`,
      });
      continue;
    }
    firstRowOfKey.set(key, total);
  }
  if (total === 0)
    throw new AppError('INVALID_INPUT', 'The file has a header row but no data rows.', {
      details: { field: 'file', reason: 'empty' },
    });
  const issued = await existingRowKeys(ctx.db, organisation.id, [...firstRowOfKey.keys()]);
  for (const key of issued) {
    const row = firstRowOfKey.get(key) ?? 0;
    note({
      row,
      column: '',
      code: 'already_issued',
      message: 'An earlier batch already issued this row; it will not be issued again.',
    });
  }
  problems.sort((a, b) => a.row - b.row);
  return {
    title,
    headers,
    mapping,
    total,
    valid: total - invalid - issued.size,
    invalid,
    alreadyIssued: issued.size,
    problems,
  };
}

function columnOf(mapping: ColumnMapping, target: string): string {
  return Object.entries(mapping).find(([, each]) => each === target)?.[0] ?? '';
}

/**
 * Uploads a spreadsheet as a batch (issue 12): every row is checked first and the report kept
 * (row, column, code, a sentence — never a cell's value); nothing is issued until a member
 * confirms. The file itself is kept only sealed to the organisation's public key (DESIGN §3), so
 * the batch runs, and resumes, only while a member has the organisation unlocked. A refused file
 * (read-spreadsheet.ts) stores nothing. The mapping used is saved for the template.
 *
 * @returns the new batch's public id
 */
export async function createBatch(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
  upload: BatchUpload,
  limits: SpreadsheetLimits,
): Promise<string> {
  const organisation = await requireOrganisationAccess(ctx, actor, organisationId, 'issue');
  requireApproved(organisation);
  const key = await findActiveOrganisationKey(ctx.db, organisation.id);
  if (key === undefined)
    throw new AppError('CONFLICT', 'This organisation has no active encryption key.');
  const result = await validateSpreadsheet(ctx, organisation, upload, limits);
  const publicId = randomPublicId();
  const sealed = sealToPublicKey(key.publicKey, upload.bytes, uploadAssociatedData(publicId));
  const now = ctx.now().toISOString();
  const template = upload.template ?? 'certificate';
  await ctx.db.transaction().execute(async (trx) => {
    const id = await insertBatch(trx, {
      publicId,
      organisationId: organisation.id,
      template,
      title: result.title,
      format: detectFormat(upload.fileName, upload.bytes),
      state: 'validated',
      mode: null,
      mapping: JSON.stringify(result.mapping),
      totalRows: result.total,
      validRows: result.valid,
      invalidRows: result.invalid,
      alreadyIssuedRows: result.alreadyIssued,
      report: JSON.stringify(result.problems),
      uploadKeyId: key.id,
      createdByUserId: actor?.kind === 'user' ? actor.userId : null,
      createdByApiKeyId: actor?.kind === 'api_key' ? actor.apiKeyId : null,
      runnerId: null,
      runnerExpiresAt: null,
      createdAt: now,
      confirmedAt: null,
      finishedAt: null,
      updatedAt: now,
    });
    await insertBatchUpload(trx, id, sealed);
    await saveMapping(trx, {
      organisationId: organisation.id,
      template,
      mapping: JSON.stringify(result.mapping),
      now,
    });
  });
  return publicId;
}
