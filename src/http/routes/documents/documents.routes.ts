import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.js';
import {
  issueDocument,
  issueDocuments,
  MAX_DOCUMENTS_PER_BATCH,
} from '../../../documents/issue-document.js';
import { correctRecipientEmail } from '../../../documents/correct-recipient-email.js';
import { REVOCATION_CODES } from '../../../documents/document.js';
import {
  downloadAsIssuer,
  getIssuerDocument,
  reinstateDocument,
  MAX_DOCUMENTS_PER_REVOCATION,
  revokeDocument,
  revokeDocuments,
  supersedeDocument,
  suspendDocument,
} from '../../../documents/issuer-documents.js';
import { listIssuerDocuments, PAGE_SIZE } from '../../../documents/list-issuer-documents.js';
import {
  DASHBOARD_DAYS,
  organisationDashboard,
} from '../../../documents/organisation-dashboard.js';
import { resendActivationLink } from '../../../documents/resend-activation-link.js';
import { BearerSecurity, errors, PublicId } from '../../schemas.js';
import { sendPdf } from '../send-pdf.js';
import {
  ActivationLinkSent,
  DocumentListPage,
  DocumentListQuery,
  IssueDocumentBody,
  IssuedDocument,
  IssuedDocumentWithDelivery,
  IssuerDocument,
  IssuerDocumentDetail,
  OrganisationDashboard,
} from './documents.schemas.js';

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
            'Encrypts the recipient record with a fresh key, wraps it for the recipient’s activation link and for the organisation, queues the commitment for anchoring and stores the document; then e-mails the link, waiting for the relay at most MAIL_DELIVERY_WAIT_SECONDS (10 s). `delivery` says how the hand-over went: the document is issued whatever it says, and one not `sent` gets its link with "re-send" (POST …/documents/{documentId}/resend). Needs the "issue" permission (operators, admins, owners, API keys with the issue scope).',
          security: BearerSecurity,
          params: organisationParams,
          body: IssueDocumentBody,
          response: { 201: IssuedDocumentWithDelivery, ...errors(400, 401, 403, 404, 413) },
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
          description: `Issues up to ${MAX_DOCUMENTS_PER_BATCH} documents as one unit: every entry is checked first (an error names the entry, e.g. "documents[3].recipient.email", and nothing is stored), then all are stored at once; then their activation e-mails go to the relay, waiting at most MAIL_DELIVERY_WAIT_SECONDS (10 s). Each entry's \`delivery\` says how its hand-over went, as for one document: every document is issued whatever it says (a relay that is down or refuses an address costs none), and one not \`sent\` gets its link with "re-send" (POST …/documents/{documentId}/resend). Same permission as issuing one document.`,
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
            201: Type.Object({ documents: Type.Array(IssuedDocumentWithDelivery) }),
            ...errors(400, 401, 403, 404, 413),
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
            'One page of the organisation’s documents for a console table: search (`q`: a document id, or a piece of the title), filters (state, issue days), sort, page and page size, with the number of matches. Recipient data only after unlocking (POST /api/sessions/current/unlock). Needs the "read" permission (members, API keys with the read scope).',
          security: BearerSecurity,
          params: organisationParams,
          querystring: DocumentListQuery,
          response: { 200: DocumentListPage, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) =>
        listIssuerDocuments(ctx, request.actor, {
          organisationId: request.params.organisationId,
          page: request.query.page ?? 1,
          pageSize: request.query.pageSize ?? request.query.limit ?? PAGE_SIZE.default,
          q: request.query.q ?? null,
          state: request.query.status ?? null,
          issuedFrom: request.query.issuedFrom ?? null,
          issuedTo: request.query.issuedTo ?? null,
          sort: request.query.sort ?? '-issuedAt',
          before: request.query.before ?? null,
        }),
    );

    app.get(
      '/api/organisations/:organisationId/dashboard',
      {
        schema: {
          tags: ['documents'],
          summary: 'Dashboard of an organisation',
          description:
            'Document counts by state, documents issued and activated per UTC day over the last `days` days (today included, every day present), and the latest 20 audit events (ids only). Needs the "read" permission.',
          security: BearerSecurity,
          params: organisationParams,
          querystring: Type.Object({
            days: Type.Optional(
              Type.Integer({
                minimum: DASHBOARD_DAYS.min,
                maximum: DASHBOARD_DAYS.max,
                default: DASHBOARD_DAYS.default,
              }),
            ),
          }),
          response: { 200: OrganisationDashboard, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) =>
        organisationDashboard(ctx, request.actor, {
          organisationId: request.params.organisationId,
          days: request.query.days ?? DASHBOARD_DAYS.default,
        }),
    );

    app.get(
      '/api/organisations/:organisationId/documents/:documentId',
      {
        schema: {
          tags: ['documents'],
          summary: 'One document',
          description:
            'The document, its timeline (issued, e-mailed, link re-sent, address corrected, activated, revoked) and the anchoring state of its digests. Recipient data only after unlocking.',
          security: BearerSecurity,
          params: documentParams,
          response: { 200: IssuerDocumentDetail, ...errors(401, 403, 404) },
        },
      },
      async (request) => getIssuerDocument(ctx, request.actor, request.params),
    );

    app.post(
      '/api/organisations/:organisationId/documents/:documentId/resend',
      {
        schema: {
          tags: ['documents'],
          summary: 'Re-send the activation link',
          description:
            'For a document not yet activated: a new activation link is e-mailed to the recipient and the old one stops working. Needs the "issue" permission and the organisation key unlocked in this session (403 UNLOCK_REQUIRED otherwise; API keys cannot unlock). 409 CONFLICT for an activated or revoked document; 502 UPSTREAM_FAILED when the e-mail cannot be sent (the old link then still works).',
          security: BearerSecurity,
          params: documentParams,
          response: { 200: ActivationLinkSent, ...errors(401, 403, 404, 409, 502) },
        },
      },
      async (request) => resendActivationLink(ctx, request.actor, request.params),
    );

    app.post(
      '/api/organisations/:organisationId/documents/:documentId/recipient-email',
      {
        schema: {
          tags: ['documents'],
          summary: 'Correct the recipient’s e-mail address',
          description:
            'For a document not yet activated: the address in the encrypted recipient record is corrected and a new activation link is e-mailed to it; the old link stops working. Same permission, unlock and errors as re-sending.',
          security: BearerSecurity,
          params: documentParams,
          body: Type.Object(
            { email: Type.String({ maxLength: 254 }) },
            { additionalProperties: false },
          ),
          response: { 200: ActivationLinkSent, ...errors(400, 401, 403, 404, 409, 502) },
        },
      },
      async (request) =>
        correctRecipientEmail(ctx, request.actor, { ...request.params, email: request.body.email }),
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
          body: Type.Object({
            reason: Type.String({ maxLength: 500 }),
            code: Type.Optional(
              Type.Union(
                REVOCATION_CODES.map((code) => Type.Literal(code)),
                {
                  description:
                    'Why, from a list: issued_in_error, superseded, withdrawn, fraud or other (the default).',
                },
              ),
            ),
            effectiveAt: Type.Optional(
              Type.String({
                description:
                  'When the revocation takes effect (ISO-8601): now by default; may be earlier, never before issuance nor in the future.',
              }),
            ),
          }),
          response: { 200: IssuerDocument, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => revokeDocument(ctx, request.actor, { ...request.params, ...request.body }),
    );

    app.post(
      '/api/organisations/:organisationId/documents/revoke',
      {
        schema: {
          tags: ['documents'],
          summary: 'Revoke many documents at once',
          description: `Revokes up to ${MAX_DOCUMENTS_PER_REVOCATION} documents of the organisation with one reason (code and text), effective now, in one transaction. Ids of no document of the organisation, and documents already revoked, are listed apart and change nothing. Needs the "revoke" permission. Put no personal data in the reason.`,
          security: BearerSecurity,
          params: organisationParams,
          body: Type.Object({
            documentIds: Type.Array(PublicId, {
              minItems: 1,
              maxItems: MAX_DOCUMENTS_PER_REVOCATION,
            }),
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
        revokeDocuments(ctx, request.actor, { ...request.params, ...request.body }),
    );

    app.post(
      '/api/organisations/:organisationId/documents/:documentId/supersede',
      {
        schema: {
          tags: ['documents'],
          summary: 'Correct a document: issue a corrected one that supersedes it',
          description:
            'Issues the corrected document given in the body (as POST …/documents: its recipient gets a new activation link by e-mail) and revokes this one with the code superseded, naming the new one: verifying the old one then says it was replaced. Needs the "issue" and the "revoke" permissions. 409 CONFLICT (details.transition revoked_is_final) when this document is already revoked.',
          security: BearerSecurity,
          params: documentParams,
          body: IssueDocumentBody,
          response: {
            201: Type.Object({ document: IssuedDocument, superseded: IssuerDocument }),
            ...errors(400, 401, 403, 404, 409, 413, 502),
          },
        },
      },
      async (request, reply) =>
        reply.status(201).send(
          await supersedeDocument(ctx, request.actor, {
            ...request.params,
            correction: request.body,
          }),
        ),
    );

    app.post(
      '/api/organisations/:organisationId/documents/:documentId/suspend',
      {
        schema: {
          tags: ['documents'],
          summary: 'Suspend a document',
          description:
            'Verification reports an active document as suspended, with the reason, until it is reinstated (e.g. during an inquiry). Needs the "revoke" permission. 409 CONFLICT with details.transition for a pending (pending_cannot_be_suspended), expired (expired_cannot_be_suspended), revoked (revoked_is_final) or already suspended document. Put no personal data in the reason.',
          security: BearerSecurity,
          params: documentParams,
          body: Type.Object({ reason: Type.String({ maxLength: 500 }) }),
          response: { 200: IssuerDocument, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        suspendDocument(ctx, request.actor, { ...request.params, reason: request.body.reason }),
    );

    app.post(
      '/api/organisations/:organisationId/documents/:documentId/reinstate',
      {
        schema: {
          tags: ['documents'],
          summary: 'Reinstate a suspended document',
          description:
            'Ends a suspension: the document is active again. Needs the "revoke" permission. 409 CONFLICT (details.transition not_suspended) for any document that is not suspended — a revocation is final.',
          security: BearerSecurity,
          params: documentParams,
          response: { 200: IssuerDocument, ...errors(401, 403, 404, 409) },
        },
      },
      async (request) => reinstateDocument(ctx, request.actor, request.params),
    );
  };
}
