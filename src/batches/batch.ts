import type {
  BatchStateColumn,
  DeliveryStateColumn,
  ShortReasonColumn,
} from '../db/tables/batches.table.js';

/**
 * A batch's states:
 * - `validated`: uploaded, every row checked, the report ready; nothing issued until confirmed.
 * - `running`: confirmed (or resumed); a server process issues and delivers, heart-beating.
 * - `interrupted`: stopped with rows left to issue or documents left awaiting delivery (the
 *   process died, the relay was down or deferred, the unlock ran out); an unlocked issuer member
 *   resumes it.
 * - `finished`: every row issued and every document handed to the relay (rejected ones are
 *   shown; they are re-sent after a correction). The upload is deleted.
 * - `cancelled`: stopped for good by a member; rows already issued stay issued. Upload deleted.
 */
export type BatchState = BatchStateColumn;

/**
 * Per-document delivery: `awaiting` (issued, mail not handed over — its secret is gone if the
 * process died, so it is re-keyed before it is sent), `sent` (the relay accepted it), `deferred`
 * (the relay answered 4xx or could not be reached; retried), `rejected` (5xx: the reply's code is
 * kept; re-sent after the address is corrected), `bounced` (a delivery report said so).
 */
export type DeliveryState = DeliveryStateColumn;

export const DELIVERY_STATES: readonly DeliveryState[] = [
  'awaiting',
  'sent',
  'deferred',
  'rejected',
  'bounced',
];

/** What a column of the file feeds. */
export type ColumnTarget =
  | 'recipient.name'
  | 'recipient.email'
  | 'title'
  | 'locale'
  | 'expiresAt'
  | 'externalId'
  | 'ignore'
  | `field:${string}`;

/** Header → target, as saved per template. */
export type ColumnMapping = Record<string, ColumnTarget>;

/** One problem found in a row, for the report: never the cell's value. */
export interface RowProblem {
  readonly row: number;
  readonly column: string;
  readonly code: string;
  readonly message: string;
}

/** The largest number of problems kept in a batch's report (counts stay exact). */
export const REPORT_LIMIT = 10_000;

export interface BatchCounts {
  readonly total: number;
  readonly valid: number;
  readonly invalid: number;
  readonly alreadyIssued: number;
  readonly issued: number;
  readonly awaiting: number;
  readonly sent: number;
  readonly deferred: number;
  readonly rejected: number;
  readonly bounced: number;
}

/**
 * Why rows of a batch were not issued by it (issue 12, "finished short"); the console and
 * `certa issue --csv` explain each, with what to do:
 * - `invalid_rows_skipped`: the batch was confirmed with "issue the valid rows only"; the rows
 *   with problems were left out (correct them and upload the file again).
 * - `upload_erased`: a document of the batch was erased (by its holder, the issuer or retention),
 *   which deleted the batch's sealed upload (DESIGN §3); a resume finishes with the rows issued
 *   so far. Shown once the batch is interrupted or finished.
 * - `upload_missing`: the run found no upload for another reason.
 * - `skipped_at_run`: the run went through the whole file, but some rows were issued meanwhile by
 *   another batch (the same file uploaded twice) or no longer passed the checks (a date now past).
 * - `cancelled`: a member cancelled the batch before every row was issued.
 * Uploading the file again issues the rest: rows already issued are recognised by their keys and
 * skipped.
 */
export type LeftOverReason = ShortReasonColumn | 'cancelled' | 'invalid_rows_skipped';

/** Rows a batch left unissued for one reason (a count, never which rows). */
export interface LeftOverRows {
  readonly reason: LeftOverReason;
  readonly rows: number;
}

/** A batch as the API shows it. */
export interface BatchSummary {
  readonly id: string;
  readonly template: string;
  readonly format: 'csv' | 'xlsx';
  readonly state: BatchState;
  readonly mode: 'all' | 'valid_only' | null;
  readonly counts: BatchCounts;
  /** Rows not issued and why; empty while nothing is (or is known to be) left over. */
  readonly leftOver: readonly LeftOverRows[];
  readonly createdAt: string;
  readonly confirmedAt: string | null;
  readonly finishedAt: string | null;
}
