import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  auditChainState,
  listOrganisationTrail,
  listPlatformTrail,
} from '../../../audit/audit-trail.js';
import type { AppContext } from '../../../context.js';
import { BearerSecurity, errors, PublicId } from '../../schemas.js';
import {
  ChainState,
  OrganisationTrailQuery,
  PlatformTrailQuery,
  TrailPage,
} from './audit.schemas.js';

/** The hash-chained audit trail: all of it for platform admins, one organisation's for its owners. */
export function auditRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/admin/audit',
      {
        schema: {
          tags: ['admin'],
          summary: 'The whole audit trail',
          description:
            'Every audit entry of the platform, newest first, filtered by organisation, action, actor and time; pages by `before` (a seq). Ids, actions, hashes and non-personal detail only. Platform admins.',
          security: BearerSecurity,
          querystring: PlatformTrailQuery,
          response: { 200: TrailPage, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => listPlatformTrail(ctx, request.actor, request.query),
    );

    app.get(
      '/api/admin/audit/chain',
      {
        schema: {
          tags: ['admin'],
          summary: 'Where the audit chain stands',
          description:
            'Checks the chain from its newest head anchored in Bitcoin up to its head (hashes, order, anchored heads) and says how far it is intact; `certa audit verify` checks all of it. Platform admins.',
          security: BearerSecurity,
          response: { 200: ChainState, ...errors(401, 403) },
        },
      },
      async (request) => auditChainState(ctx, request.actor),
    );

    app.get(
      '/api/organisations/:organisationId/audit',
      {
        schema: {
          tags: ['organisations'],
          summary: 'The organisation’s audit trail',
          description:
            'The organisation’s entries of the audit chain, newest first, filtered by action, actor and time; pages by `before` (a seq). Owners only.',
          security: BearerSecurity,
          params: Type.Object({ organisationId: PublicId }),
          querystring: OrganisationTrailQuery,
          response: { 200: TrailPage, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) =>
        listOrganisationTrail(ctx, request.actor, request.params.organisationId, request.query),
    );
  };
}
