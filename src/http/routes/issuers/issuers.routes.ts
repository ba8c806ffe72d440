import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.js';
import { getIssuerProfile } from '../../../issuers/review-issuer.js';
import { registerIssuer } from '../../../issuers/register-issuer.js';
import { errors, PublicId } from '../../schemas.js';

export function issuerRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/issuers',
      {
        config: { rateLimit: { max: 10, timeWindow: '1 hour' } },
        schema: {
          tags: ['issuers'],
          summary: 'Sign up an organisation with its first user',
          description:
            'Creates the organisation (pending review), its owner and its X25519 encryption key. The response carries the recovery key, shown only this once: without it, if every password is lost, pending documents stay readable only through the recipients’ own links.',
          body: Type.Object({
            organisationName: Type.String({ minLength: 1, maxLength: 200 }),
            email: Type.String({ minLength: 3, maxLength: 254 }),
            password: Type.String({ minLength: 12, maxLength: 256 }),
          }),
          response: {
            201: Type.Object({
              organisationId: Type.String(),
              organisationName: Type.String(),
              status: Type.Literal('submitted'),
              userId: Type.String(),
              recoveryKey: Type.String({ description: 'Shown once. Store it offline.' }),
            }),
            ...errors(400, 409, 413, 429),
          },
        },
      },
      async (request, reply) => reply.status(201).send(await registerIssuer(ctx, request.body)),
    );

    app.get(
      '/api/issuers/:issuerId',
      {
        schema: {
          tags: ['issuers'],
          summary: 'Public profile of an issuer',
          params: Type.Object({ issuerId: PublicId }),
          response: { 200: Type.Ref('IssuerProfile'), ...errors(404) },
        },
      },
      async (request) => getIssuerProfile(ctx, request.params.issuerId),
    );
  };
}
