import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.js';
import { DELIVERY_STATES, type DeliveryState } from '../../../batches/batch.js';
import { requireBatch } from '../../../batches/batch-access.js';
import {
  batchReportCsv,
  getBatch,
  listBatchDocuments,
  listBatches,
  summariseBatch,
} from '../../../batches/batch-views.js';
import { cancelBatch } from '../../../batches/cancel-batch.js';
import { createBatch } from '../../../batches/create-batch.js';
import type { SpreadsheetLimits } from '../../../batches/read-spreadsheet.js';
import { remapBatch } from '../../../batches/remap-batch.js';
import { revokeBatch } from '../../../batches/revoke-batch.js';
import { startBatch } from '../../../batches/start-batch.js';
import { findBatchById } from '../../../db/repositories/batch.repository.js';
import { REVOCATION_CODES } from '../../../documents/document.js';
import { AppError } from '../../../errors.js';
import { BearerSecurity, errors, PublicId } from '../../schemas.js';
import { uploadedFile } from '../uploaded-file.js';
import {
  BatchDetailSchema,
  BatchItemsSchema,
  BatchListSchema,
  BatchSummarySchema,
  BatchUploadQuery,
} from './batches.schemas.js';

/** Defaults of BATCH_MAX_* (config.ts) for contexts built without them. */
const DEFAULT_LIMITS: SpreadsheetLimits = {
  maxRows: 100_000,
  maxCellBytes: 4_096,
  maxFileBytes: 50 * 1_048_576,
};

/** How often the progress stream looks at the counts. */
const EVENT_INTERVAL_MS = 500;

function parseMapping(raw: string | undefined): unknown {
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new AppError('INVALID_INPUT', 'mapping must be a JSON object.', {
      details: { field: 'mapping' },
    });
  }
}

function parseDeliveryFilter(raw: string | undefined): DeliveryState[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  const states = raw.split(',');
  for (const state of states)
    if (!(DELIVERY_STATES as readonly string[]).includes(state))
      throw new AppError(
        'INVALID_INPUT',
        `delivery must list states among ${DELIVERY_STATES.join(', ')}.`,
        {
          details: { field: 'delivery' },
        },
      );
  return states as DeliveryState[];
}

export function batchRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const limits = ctx.batches ?? DEFAULT_LIMITS;
  return async (app) => {
    app.addSchema(BatchSummarySchema);
    const organisationParams = Type.Object({ organisationId: PublicId });
    const batchParams = Type.Object({ organisationId: PublicId, batchId: PublicId });

    app.post(
      '/api/organisations/:organisationId/batches',
      {
        schema: {
          tags: ['batches'],
          summary: 'Upload a spreadsheet batch',
          description: `A CSV (any of , ; TAB | as delimiter, UTF-8 with or without BOM, Excel's exports) or XLSX file as multipart field \`file\`, at most ${limits.maxFileBytes / 1_048_576} MiB and ${limits.maxRows} rows. Every row is checked (e-mail, required fields, dates, the template's fields, duplicates within the file and with earlier batches) and the report kept; nothing is issued until the batch is confirmed. A file refused as a whole (empty, binary, not UTF-8, ragged rows, a cell over ${limits.maxCellBytes} bytes, too many rows) stores nothing: the error's details.reason says why, details.row or details.line where. The file is kept sealed to the organisation key until the batch ends. Needs the "issue" permission.`,
          security: BearerSecurity,
          consumes: ['multipart/form-data'],
          params: organisationParams,
          querystring: BatchUploadQuery,
          response: { 201: BatchDetailSchema, ...errors(400, 401, 403, 404, 409, 413, 415) },
        },
      },
      async (request, reply) => {
        const upload = await uploadedFile(request, {
          maxBytes: limits.maxFileBytes,
          noun: 'file',
          limit: `${limits.maxFileBytes / 1_048_576} MiB (BATCH_MAX_FILE_MB)`,
          notMultipart: 'UNSUPPORTED_MEDIA',
        });
        const batchId = await createBatch(
          ctx,
          request.actor,
          request.params.organisationId,
          {
            fileName: upload.fileName ?? '',
            bytes: upload.bytes,
            ...(request.query.template === undefined ? {} : { template: request.query.template }),
            ...(request.query.title === undefined ? {} : { title: request.query.title }),
            mapping: parseMapping(request.query.mapping),
          },
          limits,
        );
        return reply
          .code(201)
          .send(
            await getBatch(
              ctx,
              request.actor,
              { organisationId: request.params.organisationId, batchId },
              'issue',
            ),
          );
      },
    );

    app.get(
      '/api/organisations/:organisationId/batches',
      {
        schema: {
          tags: ['batches'],
          summary: 'List batches',
          description: 'The organisation’s batches, newest first, with their counts. Needs "read".',
          security: BearerSecurity,
          params: organisationParams,
          querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1 })) }),
          response: { 200: BatchListSchema, ...errors(401, 403, 404) },
        },
      },
      async (request) =>
        listBatches(ctx, request.actor, {
          organisationId: request.params.organisationId,
          ...(request.query.page === undefined ? {} : { page: request.query.page }),
        }),
    );

    app.get(
      '/api/organisations/:organisationId/batches/:batchId',
      {
        schema: {
          tags: ['batches'],
          summary: 'A batch',
          description:
            'State, counts, the mapping used and the first 100 problems of the report. Needs "read".',
          security: BearerSecurity,
          params: batchParams,
          response: { 200: BatchDetailSchema, ...errors(401, 403, 404) },
        },
      },
      async (request) => getBatch(ctx, request.actor, request.params),
    );

    app.get(
      '/api/organisations/:organisationId/batches/:batchId/documents',
      {
        schema: {
          tags: ['batches'],
          summary: 'A batch’s documents and their delivery',
          description:
            'By row: the document, its status and its delivery (awaiting, sent, deferred, rejected with the relay’s code, bounced); `delivery` filters (comma-separated). 100 per page. Needs "read".',
          security: BearerSecurity,
          params: batchParams,
          querystring: Type.Object({
            delivery: Type.Optional(Type.String({ maxLength: 100 })),
            page: Type.Optional(Type.Integer({ minimum: 1 })),
          }),
          response: { 200: BatchItemsSchema, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const delivery = parseDeliveryFilter(request.query.delivery);
        return listBatchDocuments(ctx, request.actor, {
          ...request.params,
          ...(delivery === undefined ? {} : { delivery }),
          ...(request.query.page === undefined ? {} : { page: request.query.page }),
        });
      },
    );

    app.get(
      '/api/organisations/:organisationId/batches/:batchId/report.csv',
      {
        schema: {
          tags: ['batches'],
          summary: 'The validation report as CSV',
          description:
            'row, column, code, message — UTF-8 with BOM for Excel; cells that a spreadsheet would run as formulas are neutralised. Needs "read".',
          security: BearerSecurity,
          params: batchParams,
          produces: ['text/csv'],
          response: { 200: Type.String(), ...errors(401, 403, 404) },
        },
      },
      async (request, reply) => {
        const csv = await batchReportCsv(ctx, request.actor, request.params);
        return reply
          .type('text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="batch-${request.params.batchId}-report.csv"`,
          )
          .send(csv);
      },
    );

    app.post(
      '/api/organisations/:organisationId/batches/:batchId/mapping',
      {
        schema: {
          tags: ['batches'],
          summary: 'Change the column mapping of a batch not confirmed yet',
          description:
            'Checks the stored file again with this mapping (column header → target, as at upload; unnamed columns keep the saved mapping, then the usual spellings) and keeps the new report and counts; the mapping is saved for the template. No new upload: the sealed file is opened with the organisation key, so it needs the "issue" permission and the organisation unlocked in this session (403 UNLOCK_REQUIRED; API keys cannot). 409 once the batch is confirmed; 400 (details.field "mapping") for a mapping the file cannot take, which changes nothing.',
          security: BearerSecurity,
          params: batchParams,
          body: Type.Object({
            mapping: Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 200 }), {
              maxProperties: 500,
            }),
          }),
          response: { 200: BatchDetailSchema, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        await remapBatch(
          ctx,
          request.actor,
          { ...request.params, mapping: request.body.mapping },
          limits,
        );
        return getBatch(ctx, request.actor, request.params, 'issue');
      },
    );

    const startDescription =
      'Runs in the server that receives this request, in the background: rows are issued in short transactions, then each activation e-mail is handed to the relay with its secret held only in memory. Needs the "issue" permission and the organisation key unlocked in this session (403 UNLOCK_REQUIRED; API keys cannot). Follow it with GET …/events or …/batches/<id>.';

    app.post(
      '/api/organisations/:organisationId/batches/:batchId/confirm',
      {
        schema: {
          tags: ['batches'],
          summary: 'Confirm a batch (issue it)',
          description: `mode "all" is refused while rows are invalid (409 with details.invalidRows); "valid_only" issues the valid rows and leaves the others. ${startDescription}`,
          security: BearerSecurity,
          params: batchParams,
          body: Type.Object({
            mode: Type.Union([Type.Literal('all'), Type.Literal('valid_only')]),
          }),
          response: { 202: Type.Ref('BatchSummary'), ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        reply
          .code(202)
          .send(
            await startBatch(
              ctx,
              request.actor,
              request.params,
              { kind: 'confirm', mode: request.body.mode },
              { limits, logger: request.log },
            ),
          ),
    );

    app.post(
      '/api/organisations/:organisationId/batches/:batchId/resume',
      {
        schema: {
          tags: ['batches'],
          summary: 'Resume an interrupted batch',
          description: `Issues the rows not issued yet (never one twice) and gives every document still awaiting delivery a new link (re-keyed: the old one stops working) before mailing it. A message may thus reach a recipient twice after a crash; only the newest link works. ${startDescription}`,
          security: BearerSecurity,
          params: batchParams,
          response: { 202: Type.Ref('BatchSummary'), ...errors(401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        reply
          .code(202)
          .send(
            await startBatch(
              ctx,
              request.actor,
              request.params,
              { kind: 'resume' },
              { limits, logger: request.log },
            ),
          ),
    );

    app.post(
      '/api/organisations/:organisationId/batches/:batchId/resend',
      {
        schema: {
          tags: ['batches'],
          summary: 'Re-send every undelivered document of a batch',
          description: `Every pending document awaiting delivery or deferred — and rejected or bounced ones with includeRejected (after correcting their addresses) — gets a new link by e-mail. ${startDescription}`,
          security: BearerSecurity,
          params: batchParams,
          body: Type.Object({ includeRejected: Type.Optional(Type.Boolean()) }),
          response: { 202: Type.Ref('BatchSummary'), ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        reply
          .code(202)
          .send(
            await startBatch(
              ctx,
              request.actor,
              request.params,
              { kind: 'resend', includeRejected: request.body.includeRejected === true },
              { limits, logger: request.log },
            ),
          ),
    );

    app.post(
      '/api/organisations/:organisationId/batches/:batchId/cancel',
      {
        schema: {
          tags: ['batches'],
          summary: 'Cancel a batch',
          description:
            'Nothing more is issued; documents already issued stay (revoke them by batch if needed); the uploaded file is deleted. Needs "issue".',
          security: BearerSecurity,
          params: batchParams,
          response: { 200: Type.Ref('BatchSummary'), ...errors(401, 403, 404, 409) },
        },
      },
      async (request) => cancelBatch(ctx, request.actor, request.params),
    );

    app.post(
      '/api/organisations/:organisationId/batches/:batchId/revoke',
      {
        schema: {
          tags: ['batches'],
          summary: 'Revoke every document of a batch',
          description:
            'As the bulk revocation, for all the documents this batch issued, with one reason (code and text), effective now. Needs "revoke". Put no personal data in the reason.',
          security: BearerSecurity,
          params: batchParams,
          body: Type.Object({
            reason: Type.String({ maxLength: 500 }),
            code: Type.Optional(Type.Union(REVOCATION_CODES.map((code) => Type.Literal(code)))),
          }),
          response: {
            200: Type.Object({
              revoked: Type.Array(Type.String()),
              alreadyRevoked: Type.Array(Type.String()),
              notFound: Type.Array(Type.String()),
            }),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      async (request) =>
        revokeBatch(ctx, request.actor, {
          ...request.params,
          reason: request.body.reason,
          ...(request.body.code === undefined ? {} : { code: request.body.code }),
        }),
    );

    app.get(
      '/api/organisations/:organisationId/batches/:batchId/events',
      {
        schema: {
          tags: ['batches'],
          summary: 'A batch’s progress as Server-Sent Events',
          description:
            'text/event-stream: a `progress` event (the batch summary plus `rate`, documents handed over per second, and `etaSeconds`) every half second while the counts change, and once the batch stops running a last one, then the stream ends. Needs "read".',
          security: BearerSecurity,
          params: batchParams,
          produces: ['text/event-stream'],
          response: {
            200: Type.Unknown({ description: 'event: progress / data: <JSON> frames.' }),
            ...errors(401, 403, 404),
          },
        },
      },
      async (request, reply) => {
        const { batch } = await requireBatch(ctx, request.actor, request.params, 'read');
        const stream = new PassThrough();
        const samples: { at: number; done: number }[] = [];
        let last = '';
        let timer: NodeJS.Timeout | null = null;
        const stop = () => {
          if (timer !== null) clearTimeout(timer);
          timer = null;
          stream.end();
        };
        const tick = async () => {
          const row = await findBatchById(ctx.db, batch.id);
          if (row === undefined) return stop();
          const summary = await summariseBatch(ctx, row);
          const done = summary.counts.sent + summary.counts.rejected;
          const at = Date.now();
          samples.push({ at, done });
          while (samples.length > 0 && at - (samples[0]?.at ?? at) > 10_000) samples.shift();
          const first = samples[0];
          const seconds = first === undefined ? 0 : (at - first.at) / 1000;
          const rate = seconds > 0 && first !== undefined ? (done - first.done) / seconds : 0;
          const left = Math.max(0, summary.counts.valid - done);
          const event = JSON.stringify({
            ...summary,
            rate: Math.round(rate * 10) / 10,
            etaSeconds: rate > 0 ? Math.round(left / rate) : null,
          });
          if (event !== last) {
            stream.write(`event: progress\ndata: ${event}\n\n`);
            last = event;
          }
          if (row.state !== 'running') return stop();
          timer = setTimeout(() => void tick().catch(stop), EVENT_INTERVAL_MS);
        };
        request.raw.on('close', stop);
        void tick().catch(stop);
        return reply
          .type('text/event-stream')
          .header('cache-control', 'no-store')
          .header('x-accel-buffering', 'no')
          .send(stream);
      },
    );
  };
}
