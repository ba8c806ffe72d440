import type { Generated, Selectable } from 'kysely';

/** A batch's life (src/batches/batch.ts says what each state means). */
export type BatchStateColumn = 'validated' | 'running' | 'interrupted' | 'finished' | 'cancelled';

/**
 * Why a batch ended (or will end) with valid rows unissued (src/batches/batch.ts says what each
 * means); null when nothing explains it yet.
 */
export type ShortReasonColumn = 'upload_erased' | 'upload_missing' | 'skipped_at_run';

/** Per-document delivery of a batch's activation e-mail (src/batches/batch.ts). */
export type DeliveryStateColumn = 'awaiting' | 'sent' | 'deferred' | 'rejected' | 'bounced';

/**
 * One uploaded spreadsheet (issue 12). Holds counts, the validation report (row, column, code and
 * a safe sentence — never a cell's value) and the name of the upload sealed to the organisation
 * key; never a recipient's data in the clear.
 */
export interface BatchesTable {
  id: Generated<number>;
  publicId: string;
  organisationId: number;
  /** Template the rows are issued with (built-in name or designed template's public id). */
  template: string;
  /** Title of the documents whose row has none (not personal data: shown before activation). */
  title: string | null;
  format: 'csv' | 'xlsx';
  state: BatchStateColumn;
  /** `all` or `valid_only`, chosen at confirmation. */
  mode: string | null;
  /** Column → input mapping used (JSON object), also saved per template. */
  mapping: string;
  totalRows: number;
  validRows: number;
  invalidRows: number;
  /** Rows whose idempotency key an earlier batch already issued. */
  alreadyIssuedRows: number;
  /** JSON array of { row, column, code, message }; at most REPORT_LIMIT entries. */
  report: string;
  /** The organisation key the upload (batch_uploads) is sealed to. */
  uploadKeyId: number;
  createdByUserId: number | null;
  createdByApiKeyId: number | null;
  /** The process running it and until when (heartbeat): an expired run may be resumed. */
  runnerId: string | null;
  runnerExpiresAt: string | null;
  /** Why valid rows were left unissued, a code (no personal data); null otherwise. */
  shortReason: Generated<ShortReasonColumn | null>;
  createdAt: string;
  confirmedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

/**
 * One row of a batch issued as one document: the idempotency key (keyed hash, unique per
 * organisation) is what makes a row issue at most once, whatever the number of uploads and
 * resumes.
 */
export interface BatchItemsTable {
  id: Generated<number>;
  batchId: number;
  organisationId: number;
  /** 1-based data row number in the file (the header is row 0). */
  rowNumber: number;
  /** HMAC of the external id or of the row, hex (src/batches/row-key.ts). */
  idempotencyKey: string;
  documentPublicId: string;
  deliveryState: DeliveryStateColumn;
  /** The relay's reply for a refusal or deferral (status code and enhanced code only). */
  deliveryError: string | null;
  deliveryAttempts: Generated<number>;
  deliveredAt: string | null;
  updatedAt: string;
}

/** An upload sealed to the organisation key; deleted once its batch is finished or cancelled. */
export interface BatchUploadsTable {
  batchId: number;
  sealed: Buffer;
}

/** The column mapping last used for a template, per organisation. */
export interface BatchMappingsTable {
  organisationId: number;
  template: string;
  mapping: string;
  updatedAt: string;
}

export type BatchRow = Selectable<BatchesTable>;
export type BatchItemRow = Selectable<BatchItemsTable>;
