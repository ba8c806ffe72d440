import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.js';
import { isLocale, negotiateLocale } from '../../../i18n/locale.js';
import {
  eraseRequestedDocuments,
  exportRequestedDocuments,
  listRequestedDocuments,
  REQUEST_ANSWER,
  requestByEmail,
} from '../../../privacy/lost-link-requests.js';
import { DocumentState, errors, Nullable, PublicId } from '../../schemas.js';
import { ZipFile } from './privacy.schemas.js';

const TOKEN = Type.String({
  maxLength: 100,
  description: 'The token from the e-mailed link’s fragment (after #). Only in the body.',
});

/** A holder who lost their link asks by e-mail address, and confirms from that mailbox. */
export function recipientRequestRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/recipient/requests',
      {
        config: { rateLimit: { max: 5, timeWindow: '1 minute' } },
        schema: {
          tags: ['recipient rights'],
          summary: 'Lost my link: ask by e-mail address',
          description:
            'Always 202 with the same answer, whether or not documents were issued to the address (no enumeration). The address gets an e-mail either way: a single-use link (token in the fragment, valid 1 hour) to see, export or erase the documents issued to it, or a notice that there are none. At most 3 requests per address per hour.',
          body: Type.Object({
            email: Type.String({ maxLength: 320 }),
            locale: Type.Optional(Type.String({ maxLength: 5, description: 'en or fr.' })),
          }),
          response: { 202: Type.Object({ message: Type.String() }), ...errors(400, 429) },
        },
      },
      async (request, reply) => {
        const locale = isLocale(request.body.locale)
          ? request.body.locale
          : negotiateLocale(request.headers['accept-language']);
        await requestByEmail(ctx, { email: request.body.email, locale });
        return reply.code(202).send({ message: REQUEST_ANSWER });
      },
    );

    const tokenLimit = { rateLimit: { max: 20, timeWindow: '1 minute' } };

    app.post(
      '/api/recipient/requests/documents',
      {
        config: tokenLimit,
        schema: {
          tags: ['recipient rights'],
          summary: 'The documents a confirmed request covers',
          description:
            'Does not spend the link. `exportable` is true for activated documents; a pending one is opened only by its own link (or re-sent by its issuer), but can be erased from here.',
          body: Type.Object({ token: TOKEN }),
          response: {
            200: Type.Object({
              expiresAt: Type.String(),
              documents: Type.Array(
                Type.Object({
                  documentId: Type.String(),
                  title: Type.String(),
                  issuerName: Type.String(),
                  state: DocumentState,
                  restricted: Type.Boolean(),
                  issuedAt: Type.String(),
                  activatedAt: Nullable(Type.String()),
                  exportable: Type.Boolean(),
                }),
              ),
            }),
            ...errors(400, 410, 429),
          },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return listRequestedDocuments(ctx, request.body);
      },
    );

    app.post(
      '/api/recipient/requests/export',
      {
        config: tokenLimit,
        schema: {
          tags: ['recipient rights'],
          summary: 'Export the activated documents of a confirmed request (ZIP)',
          description:
            'data.json, PDFs and ready .ots proofs of the activated documents issued to the address. Spends the link.',
          body: Type.Object({ token: TOKEN }),
          produces: ['application/zip'],
          response: { 200: ZipFile, ...errors(400, 410, 429) },
        },
      },
      async (request, reply) => {
        const exported = await exportRequestedDocuments(ctx, request.body);
        return reply
          .header('content-type', 'application/zip')
          .header('content-disposition', `attachment; filename="${exported.fileName}"`)
          .header('cache-control', 'no-store')
          .send(exported.stream);
      },
    );

    app.post(
      '/api/recipient/requests/erase',
      {
        config: tokenLimit,
        schema: {
          tags: ['recipient rights'],
          summary: 'Erase the documents of a confirmed request',
          description:
            'Crypto-shreds every document issued to the address, or only those listed in documentIds. `confirm` must be true. Spends the link.',
          body: Type.Object({
            token: TOKEN,
            documentIds: Type.Optional(Type.Array(PublicId, { minItems: 1, maxItems: 1000 })),
            confirm: Type.Boolean(),
          }),
          response: {
            200: Type.Object({ erased: Type.Array(Type.String()) }),
            ...errors(400, 410, 429),
          },
        },
      },
      async (request) => eraseRequestedDocuments(ctx, request.body),
    );
  };
}
