import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.js';
import { ORGANISATION_STATUSES } from '../../../db/tables/organisations.table.js';
import { approveIssuer, listIssuers, rejectIssuer } from '../../../issuers/review-issuer.js';
import { BearerSecurity, errors, PublicId } from '../../schemas.js';

const Status = Type.Union(ORGANISATION_STATUSES.map((status) => Type.Literal(status)));

export function adminRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const params = Type.Object({ issuerId: PublicId });

    app.get(
      '/api/admin/issuers',
      {
        schema: {
          tags: ['admin'],
          summary: 'Issuers, e.g. the review queue (?status=submitted)',
          security: BearerSecurity,
          querystring: Type.Object({ status: Type.Optional(Status) }),
          response: { 200: Type.Array(Type.Ref('IssuerProfile')), ...errors(400, 401, 403) },
        },
      },
      async (request) =>
        listIssuers(ctx, { kind: 'actor', actor: request.actor }, request.query.status),
    );

    app.post(
      '/api/admin/issuers/:issuerId/approve',
      {
        schema: {
          tags: ['admin'],
          summary: 'Approve an issuer: it may issue from now on',
          security: BearerSecurity,
          params,
          response: { 200: Type.Ref('IssuerProfile'), ...errors(401, 403, 404, 409) },
        },
      },
      async (request) =>
        approveIssuer(ctx, { kind: 'actor', actor: request.actor }, request.params.issuerId),
    );

    app.post(
      '/api/admin/issuers/:issuerId/reject',
      {
        schema: {
          tags: ['admin'],
          summary: 'Reject an issuer',
          security: BearerSecurity,
          params,
          response: { 200: Type.Ref('IssuerProfile'), ...errors(401, 403, 404, 409) },
        },
      },
      async (request) =>
        rejectIssuer(ctx, { kind: 'actor', actor: request.actor }, request.params.issuerId),
    );
  };
}
