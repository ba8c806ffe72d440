import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.js';
import {
  DEFAULT_ISSUERS_PAGE_SIZE,
  listIssuersPage,
  MAX_ISSUERS_PAGE_SIZE,
} from '../../../issuers/list-issuers-page.js';
import {
  approveIssuer,
  recheckDomain,
  rejectIssuer,
  requestMoreInformation,
  reviewApplication,
  reviewEvidence,
  suspendIssuer,
  type DecisionOutcome,
} from '../../../issuers/review-issuer.js';
import {
  DEFAULT_AUDIT_PAGE_SIZE,
  listIssuerAuditTrail,
  MAX_AUDIT_PAGE_SIZE,
} from '../../../issuers/issuer-audit-trail.js';
import { BearerSecurity, errors, Nullable, PublicId } from '../../schemas.js';
import {
  ApplicationReviewSchema,
  ApprovalBody,
  DecisionSchema,
  DomainCheckSchema,
  FileResponse,
  IssuerSummarySchema,
  OrganisationStatusSchema,
  ReasonBody,
} from '../organisations/application.schemas.js';
import { sendEvidenceFile } from '../organisations/application.routes.js';

/** A decision stands even when its e-mails fail: those are logged by ids, never addresses. */
function logNotificationFailures(
  log: FastifyBaseLogger,
  action: string,
  outcome: DecisionOutcome,
): DecisionOutcome {
  for (const failure of outcome.notificationFailures) {
    log.warn(
      { organisationId: outcome.id, userId: failure.userId, action, error: failure.error },
      'review decision e-mail not sent',
    );
  }
  return outcome;
}

/**
 * The review of issuer applications by platform admins. Every route needs a platform admin;
 * nothing here reads recipient data.
 */
export function adminRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const params = Type.Object({ issuerId: PublicId });
    const decisionErrors = errors(400, 401, 403, 404, 409);

    app.get(
      '/api/admin/issuers',
      {
        schema: {
          tags: ['admin'],
          summary: 'Issuers a page at a time, e.g. the review queue (?status=submitted)',
          description: `Oldest submission first (never-submitted last). \`status\` keeps one status; \`q\` keeps those whose name or legal name holds it (case and accents do not matter); \`pageSize\` a page (${DEFAULT_ISSUERS_PAGE_SIZE} by default, at most ${MAX_ISSUERS_PAGE_SIZE}); \`total\` counts every match. Platform admins.`,
          security: BearerSecurity,
          querystring: Type.Object({
            status: Type.Optional(OrganisationStatusSchema),
            q: Type.Optional(Type.String({ maxLength: 200 })),
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
            pageSize: Type.Optional(
              Type.Integer({
                minimum: 1,
                maximum: MAX_ISSUERS_PAGE_SIZE,
                default: DEFAULT_ISSUERS_PAGE_SIZE,
              }),
            ),
          }),
          response: {
            200: Type.Object({
              issuers: Type.Array(IssuerSummarySchema),
              page: Type.Integer(),
              pageSize: Type.Integer(),
              total: Type.Integer({ description: 'Organisations the filters match.' }),
            }),
            ...errors(400, 401, 403),
          },
        },
      },
      async (request) =>
        listIssuersPage(ctx, { kind: 'actor', actor: request.actor }, request.query),
    );

    app.get(
      '/api/admin/issuers/:issuerId',
      {
        schema: {
          tags: ['admin'],
          summary: 'One application for review',
          description:
            'The application fields, evidence files, domain proof and last check, and the history (who did what, when). Platform admins.',
          security: BearerSecurity,
          params,
          response: { 200: ApplicationReviewSchema, ...errors(401, 403, 404) },
        },
      },
      async (request) =>
        reviewApplication(ctx, { kind: 'actor', actor: request.actor }, request.params.issuerId),
    );

    app.get(
      '/api/admin/issuers/:issuerId/audit',
      {
        schema: {
          tags: ['admin'],
          summary: 'The audit trail of one issuer',
          description: `Every recorded event of the organisation (application, review, members, keys, templates, documents), newest first, \`pageSize\` a page (${DEFAULT_AUDIT_PAGE_SIZE} by default, at most ${MAX_AUDIT_PAGE_SIZE}). Each event: its type, time, actor (type and public id) and object ids, with only the statuses, kinds, counts and flags recorded with it — never free text or personal data. Platform admins.`,
          security: BearerSecurity,
          params,
          querystring: Type.Object({
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
            pageSize: Type.Optional(
              Type.Integer({
                minimum: 1,
                maximum: MAX_AUDIT_PAGE_SIZE,
                default: DEFAULT_AUDIT_PAGE_SIZE,
              }),
            ),
          }),
          response: {
            200: Type.Object({
              events: Type.Array(
                Type.Object({
                  type: Type.String({ description: 'Such as organisation.approved.' }),
                  at: Type.String(),
                  actor: Type.Object({
                    type: Type.String({ description: 'user, api_key, recipient or system.' }),
                    id: Nullable(Type.String({ description: 'A public id.' })),
                  }),
                  objectIds: Type.Object({
                    issuerId: Type.String(),
                    targetId: Nullable(Type.String()),
                  }),
                  detail: Type.Record(
                    Type.String(),
                    Type.Union([Type.String(), Type.Number(), Type.Boolean()]),
                  ),
                }),
              ),
              page: Type.Integer(),
              pageSize: Type.Integer(),
              total: Type.Integer({ description: 'Events in the whole trail.' }),
              nextPage: Nullable(Type.Integer()),
            }),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      async (request) =>
        listIssuerAuditTrail(ctx, request.actor, request.params.issuerId, request.query),
    );

    app.get(
      '/api/admin/issuers/:issuerId/evidence/:evidenceId',
      {
        schema: {
          tags: ['admin'],
          summary: 'Download one evidence file of an application',
          description:
            'Decrypted, as an attachment, never cached; the download is audited. Platform admins.',
          security: BearerSecurity,
          params: Type.Object({ issuerId: PublicId, evidenceId: PublicId }),
          produces: ['application/pdf', 'image/png', 'image/jpeg'],
          response: { 200: FileResponse, ...errors(401, 403, 404) },
        },
      },
      async (request, reply) =>
        sendEvidenceFile(
          reply,
          await reviewEvidence(ctx, { kind: 'actor', actor: request.actor }, request.params),
        ),
    );

    app.post(
      '/api/admin/issuers/:issuerId/domain-check',
      {
        config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: ['admin'],
          summary: 'Run the domain check of an application again',
          description: 'Stores and returns the new result. Platform admins.',
          security: BearerSecurity,
          params,
          response: { 200: DomainCheckSchema, ...errors(401, 403, 404, 409, 429) },
        },
      },
      async (request) =>
        recheckDomain(ctx, { kind: 'actor', actor: request.actor }, request.params.issuerId),
    );

    app.post(
      '/api/admin/issuers/:issuerId/approve',
      {
        schema: {
          tags: ['admin'],
          summary: 'Approve an application: the issuer may issue from now on',
          description:
            'Only a submitted application (409 CONFLICT otherwise), and only with a verified domain: otherwise 409 DOMAIN_NOT_VERIFIED, unless the body says `approveWithoutDomainProof: true` with a `reason` of at least 10 characters, kept on the issuer (domainProofWaiver) and in the audit log. The body may be left out. The owners and admins are told by e-mail, with a link to the public profile. Platform admins.',
          security: BearerSecurity,
          params,
          body: ApprovalBody,
          response: { 200: DecisionSchema, ...decisionErrors },
        },
        // A request without a body is an approval with a verified domain: {}.
        preValidation: async (request) => {
          request.body ??= {};
        },
      },
      async (request) =>
        logNotificationFailures(
          request.log,
          'approve',
          await approveIssuer(
            ctx,
            { kind: 'actor', actor: request.actor },
            request.params.issuerId,
            request.body,
          ),
        ),
    );

    const decisionsWithReason = [
      {
        action: 'reject',
        summary: 'Reject an application, with a reason',
        description:
          'Only a submitted application (409 otherwise). The reason is e-mailed to the owners and admins and kept in the audit log. Platform admins.',
        decide: rejectIssuer,
      },
      {
        action: 'request-info',
        summary: 'Ask the applicant for more information',
        description:
          'Only a submitted application (409 otherwise). It goes back to the applicant, who can edit and resubmit it; the message is e-mailed to the owners and admins. Platform admins.',
        decide: requestMoreInformation,
      },
      {
        action: 'suspend',
        summary: 'Suspend an approved issuer, with a reason',
        description:
          'Only an approved issuer (409 otherwise). It cannot issue any more; documents already issued stay verifiable. The owners and admins are told by e-mail. Platform admins.',
        decide: suspendIssuer,
      },
    ] as const;
    for (const { action, summary, description, decide } of decisionsWithReason) {
      app.post(
        `/api/admin/issuers/:issuerId/${action}`,
        {
          schema: {
            tags: ['admin'],
            summary,
            description,
            security: BearerSecurity,
            params,
            body: ReasonBody,
            response: { 200: DecisionSchema, ...decisionErrors },
          },
        },
        async (request) =>
          logNotificationFailures(
            request.log,
            action,
            await decide(
              ctx,
              { kind: 'actor', actor: request.actor },
              request.params.issuerId,
              request.body.reason,
            ),
          ),
      );
    }
  };
}
