import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.js';
import {
  issueDocument,
  issueDocuments,
  MAX_DOCUMENTS_PER_BATCH,
} from '../../../documents/issue-document.js';
import {
  downloadAsIssuer,
  getIssuerDocument,
  listIssuerDocuments,
  revokeDocument,
} from '../../../documents/issuer-documents.js';
import { BearerSecurity, errors, Nullable, PublicId } from '../../schemas.js';
import { sendPdf } from '../send-pdf.js';
import { IssueDocumentBody, IssuedDocument, IssuerDocument } from './documents.schemas.js';

export function documentRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const organisationParams = Type.Object({ organisationId: PublicId });
    const documentParams = Type.Object({ organisationId: PublicId, documentId: PublicId });

    app.post(
      '/api/organisations/:organisationId/documents',
      {
        schema: {
          tags: ['documents'],
          summary: 'Issue a document',
          description:
            'Encrypts the recipient record with a fresh key, wraps it for the recipient’s activation link and for the organisation, queues the commitment for anchoring and e-mails the link. Needs the "issue" permission (operators, admins, owners, API keys with the issue scope).',
          security: BearerSecurity,
          params: organisationParams,
          body: IssueDocumentBody,
          response: { 201: IssuedDocument, ...errors(400, 401, 403, 404, 413, 502) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await issueDocument(ctx, request.actor, request.params.organisationId, request.body),
          ),
    );

    app.post(
      '/api/organisations/:organisationId/documents/batch',
      {
        // Up to 1,000 entries of at most ~15 KB each (20 fields of 500 characters).
        bodyLimit: 16 * 1024 * 1024,
        schema: {
          tags: ['documents'],
          summary: 'Issue many documents at once',
          description: `Issues up to ${MAX_DOCUMENTS_PER_BATCH} documents as one unit: every entry is checked first (an error names the entry, e.g. "documents[3].recipient.email"), then all are stored and e-mailed in one transaction. If any activation e-mail cannot be sent, none of the documents is issued. Same permission as issuing one document.`,
          security: BearerSecurity,
          params: organisationParams,
          body: Type.Object(
            {
              documents: Type.Array(IssueDocumentBody, {
                minItems: 1,
                maxItems: MAX_DOCUMENTS_PER_BATCH,
              }),
            },
            { additionalProperties: false },
          ),
          response: {
            201: Type.Object({ documents: Type.Array(IssuedDocument) }),
            ...errors(400, 401, 403, 404, 413, 502),
          },
        },
      },
      async (request, reply) =>
        reply.status(201).send({
          documents: await issueDocuments(
            ctx,
            request.actor,
            request.params.organisationId,
            request.body.documents,
          ),
        }),
    );

    app.get(
      '/api/organisations/:organisationId/documents',
      {
        schema: {
          tags: ['documents'],
          summary: 'List documents',
          description:
            'Newest first. Recipient data only after unlocking (POST /api/sessions/current/unlock).',
          security: BearerSecurity,
          params: organisationParams,
          querystring: Type.Object({
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            before: Type.Optional(PublicId),
          }),
          response: {
            200: Type.Object({
              documents: Type.Array(IssuerDocument),
              unlocked: Type.Boolean(),
              next: Nullable(Type.String()),
            }),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      async (request) =>
        listIssuerDocuments(ctx, request.actor, {
          organisationId: request.params.organisationId,
          limit: request.query.limit ?? 50,
          before: request.query.before ?? null,
        }),
    );

    app.get(
      '/api/organisations/:organisationId/documents/:documentId',
      {
        schema: {
          tags: ['documents'],
          summary: 'One document',
          security: BearerSecurity,
          params: documentParams,
          response: { 200: IssuerDocument, ...errors(401, 403, 404) },
        },
      },
      async (request) => getIssuerDocument(ctx, request.actor, request.params),
    );

    app.get(
      '/api/organisations/:organisationId/documents/:documentId/pdf',
      {
        schema: {
          tags: ['documents'],
          summary: 'Download an activated document (issuer, unlocked)',
          security: BearerSecurity,
          params: documentParams,
          produces: ['application/pdf'],
          response: {
            200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }),
            ...errors(401, 403, 404, 409),
          },
        },
      },
      async (request, reply) =>
        sendPdf(reply, await downloadAsIssuer(ctx, request.actor, request.params)),
    );

    app.post(
      '/api/organisations/:organisationId/documents/:documentId/revoke',
      {
        schema: {
          tags: ['documents'],
          summary: 'Revoke a document',
          description:
            'Verification reports the document as revoked, with the reason, from now on. Put no personal data in the reason.',
          security: BearerSecurity,
          params: documentParams,
          body: Type.Object({ reason: Type.String({ maxLength: 500 }) }),
          response: { 200: IssuerDocument, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        revokeDocument(ctx, request.actor, { ...request.params, reason: request.body.reason }),
    );
  };
}
