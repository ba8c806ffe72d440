import type { BatchStateColumn, DeliveryStateColumn } from '../db/tables/batches.table.js';

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

/** A batch as the API shows it. */
export interface BatchSummary {
  readonly id: string;
  readonly template: string;
  readonly format: 'csv' | 'xlsx';
  readonly state: BatchState;
  readonly mode: 'all' | 'valid_only' | null;
  readonly counts: BatchCounts;
  readonly createdAt: string;
  readonly confirmedAt: string | null;
  readonly finishedAt: string | null;
}
