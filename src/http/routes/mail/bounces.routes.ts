import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.js';
import { MAX_REPORT_BYTES } from '../../../delivery/parse-delivery-report.js';
import {
  recordDeliveryReport,
  requireBounceIntakeToken,
} from '../../../delivery/record-delivery-report.js';
import { AppError } from '../../../errors.js';
import { errors } from '../../schemas.js';

const REPORT_TYPES = ['message/rfc822', 'text/plain', 'application/octet-stream'];

/** `POST /api/mail/bounces`: delivery reports piped from the operator's MTA (README "Bounces"). */
export function bounceRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    for (const type of REPORT_TYPES)
      app.addContentTypeParser(
        type,
        { parseAs: 'buffer', bodyLimit: MAX_REPORT_BYTES },
        (_request, body, done) => {
          done(null, body);
        },
      );

    app.post(
      '/api/mail/bounces',
      {
        config: { ownBearer: true },
        // Before the body is read: a caller without the token learns nothing of the parser.
        onRequest: async (request) => {
          const header = request.headers.authorization;
          const bearer =
            header === undefined ? null : (/^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? '');
          requireBounceIntakeToken(ctx, bearer);
        },
        schema: {
          tags: ['mail'],
          summary: 'Take a delivery report (bounce)',
          description:
            'The raw delivery status notification (RFC 3464 multipart/report; report-type=delivery-status) a relay returned to a message’s VERP envelope sender (MAIL_BOUNCE_ADDRESS → bounces+<token>@…), as `message/rfc822` or `text/plain`, at most 2 MB. Authenticated by `Authorization: Bearer <MAIL_BOUNCE_TOKEN>` (404 when the platform has none). `Action: failed` marks the document’s delivery `bounced` with the report’s status and diagnostic codes (never an address) and emits `document.delivery_failed`; `delayed` keeps it deferred. 400 for a body that is not such a report or names no message of this platform; 404 for a token no current message has.',
          body: {
            content: Object.fromEntries(
              REPORT_TYPES.map((type) => [
                type,
                { schema: { description: 'The delivery report message, as received.' } },
              ]),
            ),
          },
          response: {
            200: Type.Object({
              documentId: Type.String(),
              action: Type.String({
                description:
                  'The report’s Action: failed, delayed, delivered, relayed or expanded.',
              }),
              state: Type.String({ description: 'The document’s delivery state now.' }),
              status: Type.Union([Type.String(), Type.Null()], {
                description: 'The enhanced status code, e.g. 5.1.1.',
              }),
              changed: Type.Boolean(),
            }),
            ...errors(400, 401, 404, 413, 415),
          },
        },
      },
      async (request) => {
        if (!Buffer.isBuffer(request.body))
          throw new AppError('INVALID_INPUT', 'Send the delivery report as the raw request body.', {
            details: { field: 'body' },
          });
        return recordDeliveryReport(ctx, request.body);
      },
    );
  };
}
