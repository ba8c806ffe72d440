import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireUser } from '../../../accounts/authorize.js';
import { describeCurrentActor } from '../../../accounts/current-user.js';
import { logIn } from '../../../accounts/log-in.js';
import { logOut } from '../../../accounts/log-out.js';
import { lockOrganisation, unlockOrganisation } from '../../../accounts/unlock-organisation.js';
import type { AppContext } from '../../../context.js';
import { BearerSecurity, errors, Nullable, PublicId } from '../../schemas.js';

export function sessionRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/sessions',
      {
        config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags: ['sessions'],
          summary: 'Log in',
          description:
            'Returns a bearer token for `Authorization: Bearer <token>`. Unknown e-mail and wrong password get the same answer.',
          body: Type.Object({
            email: Type.String({ maxLength: 254 }),
            password: Type.String({ maxLength: 256 }),
          }),
          response: {
            201: Type.Object({
              token: Type.String(),
              expiresAt: Type.String(),
              userId: Type.String(),
            }),
            ...errors(400, 401, 429),
          },
        },
      },
      async (request, reply) => {
        const session = await logIn(ctx, request.body);
        return reply.status(201).send({
          token: session.token,
          expiresAt: session.expiresAt,
          userId: session.userPublicId,
        });
      },
    );

    app.delete(
      '/api/sessions/current',
      {
        schema: {
          tags: ['sessions'],
          summary: 'Log out',
          security: BearerSecurity,
          response: { 204: Type.Null(), ...errors(401, 403) },
        },
      },
      async (request, reply) => {
        await logOut(ctx, requireUser(request.actor));
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/sessions/current/unlock',
      {
        config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags: ['sessions'],
          summary: 'Unlock recipient data for this session',
          description:
            'Re-enter the password: the organisation key is unlocked for this session only, for UNLOCK_TTL_MINUTES.',
          security: BearerSecurity,
          body: Type.Object({
            organisationId: PublicId,
            password: Type.String({ maxLength: 256 }),
          }),
          response: {
            200: Type.Object({ unlockedUntil: Type.String() }),
            ...errors(400, 401, 403, 404, 429),
          },
        },
      },
      async (request) => unlockOrganisation(ctx, request.actor, request.body),
    );

    app.post(
      '/api/sessions/current/lock',
      {
        schema: {
          tags: ['sessions'],
          summary: 'Lock recipient data again',
          security: BearerSecurity,
          response: { 204: Type.Null(), ...errors(401, 403) },
        },
      },
      async (request, reply) => {
        await lockOrganisation(ctx, request.actor);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/me',
      {
        schema: {
          tags: ['sessions'],
          summary: 'Who am I',
          security: BearerSecurity,
          response: {
            200: Type.Object({
              kind: Type.Union([Type.Literal('user'), Type.Literal('api_key')]),
              id: Type.String(),
              email: Nullable(Type.String()),
              isPlatformAdmin: Type.Boolean(),
              organisations: Type.Array(
                Type.Object({
                  id: Type.String(),
                  name: Type.String(),
                  status: Type.String(),
                  role: Type.String(),
                  unlocked: Type.Boolean(),
                }),
              ),
              scopes: Type.Array(Type.String()),
              unlockedUntil: Nullable(Type.String()),
            }),
            ...errors(401),
          },
        },
      },
      async (request) => describeCurrentActor(ctx, request.actor),
    );
  };
}
