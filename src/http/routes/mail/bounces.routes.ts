import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.js';
import { MAX_REPORT_BYTES } from '../../../delivery/parse-delivery-report.js';
import {
  IGNORED_REPORT_SENTENCE,
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
            'The raw delivery status notification (RFC 3464 multipart/report; report-type=delivery-status) a relay returned to a message’s VERP envelope sender (MAIL_BOUNCE_ADDRESS → bounces+<token>@…), as `message/rfc822` or `text/plain`, at most 2 MB. Authenticated by `Authorization: Bearer <MAIL_BOUNCE_TOKEN>` (404 when the platform has none). `Action: failed` marks the document’s delivery `bounced` with the report’s status and diagnostic codes (never an address) and emits `document.delivery_failed`; `delayed` keeps it deferred. 400 for a body that is not such a report or names no message of this platform. A report whose token no current message has (the link was re-sent since, or another platform’s) is taken and dropped: 202 `ignored`, so that a relay neither returns nor retries it.',
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
            202: Type.Object({
              ignored: Type.Literal(true),
              reason: Type.Literal('no_current_message'),
              action: Type.String(),
              status: Type.Union([Type.String(), Type.Null()]),
              message: Type.String({ description: 'Why it was dropped, in a sentence.' }),
            }),
            ...errors(400, 401, 404, 413, 415),
          },
        },
      },
      async (request, reply) => {
        if (!Buffer.isBuffer(request.body))
          throw new AppError('INVALID_INPUT', 'Send the delivery report as the raw request body.', {
            details: { field: 'body' },
          });
        const outcome = await recordDeliveryReport(ctx, request.body);
        if (outcome.ignored)
          return reply.code(202).send({ ...outcome, message: IGNORED_REPORT_SENTENCE });
        return outcome;
      },
    );
  };
}
