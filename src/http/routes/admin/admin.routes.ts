import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.js';
import {
  approveIssuer,
  listIssuers,
  recheckDomain,
  rejectIssuer,
  requestMoreInformation,
  reviewApplication,
  reviewEvidence,
  suspendIssuer,
  type DecisionOutcome,
} from '../../../issuers/review-issuer.js';
import { BearerSecurity, errors, PublicId } from '../../schemas.js';
import {
  ApplicationReviewSchema,
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
          summary: 'Issuers, e.g. the review queue (?status=submitted)',
          description:
            'Oldest submission first. Without a status, every organisation. Platform admins.',
          security: BearerSecurity,
          querystring: Type.Object({ status: Type.Optional(OrganisationStatusSchema) }),
          response: { 200: Type.Array(IssuerSummarySchema), ...errors(400, 401, 403) },
        },
      },
      async (request) =>
        listIssuers(ctx, { kind: 'actor', actor: request.actor }, request.query.status),
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
            'Only a submitted application (409 otherwise). The owners and admins are told by e-mail. Platform admins.',
          security: BearerSecurity,
          params,
          response: { 200: DecisionSchema, ...decisionErrors },
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
