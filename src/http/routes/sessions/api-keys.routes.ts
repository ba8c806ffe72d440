import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  createApiKey,
  listOrganisationApiKeys,
  revokeOrganisationApiKey,
} from '../../../accounts/api-keys.js';
import type { AppContext } from '../../../context.js';
import { BearerSecurity, errors, Nullable, PublicId } from '../../schemas.js';

const ApiKeyView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scopes: Type.Array(Type.String()),
  createdAt: Type.String(),
  lastUsedAt: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
});

export function apiKeyRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const params = Type.Object({ organisationId: PublicId });

    app.post(
      '/api/organisations/:organisationId/api-keys',
      {
        schema: {
          tags: ['api keys'],
          summary: 'Create an API key',
          description:
            'Scopes: issue, read, revoke. The key is shown once. API keys can issue (public key only) but never decrypt recipient data.',
          security: BearerSecurity,
          params,
          body: Type.Object({
            name: Type.String({ maxLength: 100 }),
            scopes: Type.Array(Type.String({ maxLength: 20 }), { maxItems: 3 }),
          }),
          response: {
            201: Type.Intersect([ApiKeyView, Type.Object({ key: Type.String() })]),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      async (request, reply) =>
        reply.status(201).send(
          await createApiKey(ctx, request.actor, {
            organisationId: request.params.organisationId,
            ...request.body,
          }),
        ),
    );

    app.get(
      '/api/organisations/:organisationId/api-keys',
      {
        schema: {
          tags: ['api keys'],
          summary: 'List API keys',
          security: BearerSecurity,
          params,
          response: { 200: Type.Array(ApiKeyView), ...errors(401, 403, 404) },
        },
      },
      async (request) => listOrganisationApiKeys(ctx, request.actor, request.params.organisationId),
    );

    app.delete(
      '/api/organisations/:organisationId/api-keys/:apiKeyId',
      {
        schema: {
          tags: ['api keys'],
          summary: 'Revoke an API key',
          security: BearerSecurity,
          params: Type.Object({ organisationId: PublicId, apiKeyId: PublicId }),
          response: { 204: Type.Null(), ...errors(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await revokeOrganisationApiKey(ctx, request.actor, request.params);
        return reply.status(204).send(null);
      },
    );
  };
}
