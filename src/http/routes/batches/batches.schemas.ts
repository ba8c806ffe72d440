import { Type } from 'typebox';
import { Nullable } from '../../schemas.js';

export const BatchStateSchema = Type.Union(
  [
    Type.Literal('validated'),
    Type.Literal('running'),
    Type.Literal('interrupted'),
    Type.Literal('finished'),
    Type.Literal('cancelled'),
  ],
  { description: 'validated → running → finished; interrupted (resume it); cancelled.' },
);

export const DeliveryStateSchema = Type.Union([
  Type.Literal('awaiting'),
  Type.Literal('sent'),
  Type.Literal('deferred'),
  Type.Literal('rejected'),
  Type.Literal('bounced'),
]);

export const BatchCountsSchema = Type.Object({
  total: Type.Integer({ description: 'Data rows in the file.' }),
  valid: Type.Integer({ description: 'Rows that pass every check and were not issued before.' }),
  invalid: Type.Integer(),
  alreadyIssued: Type.Integer({ description: 'Rows an earlier batch already issued.' }),
  issued: Type.Integer(),
  awaiting: Type.Integer(),
  sent: Type.Integer(),
  deferred: Type.Integer(),
  rejected: Type.Integer(),
  bounced: Type.Integer(),
});

export const LeftOverRowsSchema = Type.Object({
  reason: Type.Union(
    [
      Type.Literal('invalid_rows_skipped'),
      Type.Literal('upload_erased'),
      Type.Literal('upload_missing'),
      Type.Literal('skipped_at_run'),
      Type.Literal('cancelled'),
    ],
    {
      description:
        'invalid_rows_skipped: confirmed with "valid rows only", the rows with problems left out. upload_erased: a document of the batch was erased, which deleted its sealed upload; a resume finishes with the rows issued so far. upload_missing: the upload was gone for another reason. skipped_at_run: issued meanwhile by another batch, or no longer passing the checks. cancelled: the batch was cancelled. Uploading the file again issues the rest: rows already issued are recognised and skipped.',
    },
  ),
  rows: Type.Integer({ description: 'How many rows, never which.' }),
});

export const BatchSummarySchema = Type.Object(
  {
    id: Type.String(),
    template: Type.String(),
    format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
    state: BatchStateSchema,
    mode: Nullable(Type.Union([Type.Literal('all'), Type.Literal('valid_only')])),
    counts: BatchCountsSchema,
    leftOver: Type.Array(LeftOverRowsSchema, {
      description: 'Rows not issued and why: empty while nothing is (or is known to be) left over.',
    }),
    createdAt: Type.String(),
    confirmedAt: Nullable(Type.String()),
    finishedAt: Nullable(Type.String()),
  },
  { $id: 'BatchSummary' },
);

export const RowProblemSchema = Type.Object({
  row: Type.Integer({ description: 'Data row, from 1 (the header is row 0).' }),
  column: Type.String({ description: 'The column header, or empty for the whole row.' }),
  code: Type.String({ description: 'invalid, duplicate or already_issued.' }),
  message: Type.String({ description: 'One sentence; never the cell’s value.' }),
});

export const BatchDetailSchema = Type.Intersect([
  Type.Ref('BatchSummary'),
  Type.Object({
    mapping: Type.Record(Type.String(), Type.String(), {
      description:
        'Column header → recipient.name, recipient.email, title, locale, expiresAt, externalId, ignore or field:<label>.',
    }),
    problems: Type.Array(RowProblemSchema, { description: 'The first 100; the CSV has all.' }),
    problemCount: Type.Integer(),
  }),
]);

export const BatchListSchema = Type.Object({
  batches: Type.Array(Type.Ref('BatchSummary')),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const BatchItemSchema = Type.Object({
  row: Type.Integer(),
  documentId: Type.String(),
  documentStatus: Type.String(),
  delivery: DeliveryStateSchema,
  deliveryError: Nullable(
    Type.String({ description: 'The relay’s status and enhanced code, e.g. "550 5.1.1".' }),
  ),
  deliveryAttempts: Type.Integer(),
  deliveredAt: Nullable(Type.String()),
});

export const BatchItemsSchema = Type.Object({
  items: Type.Array(BatchItemSchema),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const BatchUploadQuery = Type.Object({
  template: Type.Optional(
    Type.String({
      maxLength: 64,
      description: 'Built-in template name or a template’s id; certificate by default.',
    }),
  ),
  title: Type.Optional(
    Type.String({ maxLength: 200, description: 'Title of every document whose row has none.' }),
  ),
  mapping: Type.Optional(
    Type.String({
      maxLength: 8192,
      description:
        'JSON object: column header → target. Unnamed columns use the mapping saved for the template, then the usual spellings (name, email, title…).',
    }),
  ),
});
