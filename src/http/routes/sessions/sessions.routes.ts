import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireUser } from '../../../accounts/authorize.js';
import { describeCurrentActor } from '../../../accounts/current-user.js';
import { endOtherSessions } from '../../../accounts/end-other-sessions.js';
import { endSession } from '../../../accounts/end-session.js';
import { listSessions } from '../../../accounts/list-sessions.js';
import { logIn } from '../../../accounts/log-in.js';
import { logOut } from '../../../accounts/log-out.js';
import { parseToken } from '../../../accounts/tokens.js';
import { lockOrganisation, unlockOrganisation } from '../../../accounts/unlock-organisation.js';
import { sendRemindersAfterUnlock } from '../../../reminders/send-due-reminders.js';
import type { AppContext } from '../../../context.js';
import { bearerOf } from '../../plugins/authentication.js';
import { BearerSecurity, errors, Nullable, PublicId } from '../../schemas.js';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from '../../session-cookie.js';

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
            'Opens a new session. The token comes back both in the `certa_session` cookie (HttpOnly, Secure, SameSite=Strict, for browsers) and in the body (for `Authorization: Bearer <token>` in API and CLI clients). Browsers send `csrfToken` as the `x-csrf-token` header with every POST, PUT, PATCH and DELETE. Any session presented with this request (cookie or bearer) is ended. An account with two-factor authentication needs `code` (TOTP or recovery code): without it the answer is 401 SECOND_FACTOR_REQUIRED. Unknown e-mail, wrong password and wrong code get the same answer; after 3 failures on one e-mail address, attempts are refused for 2, 4, 8 … seconds (at most 15 minutes) with 429 and Retry-After.',
          body: Type.Object({
            email: Type.String({ maxLength: 254 }),
            password: Type.String({ maxLength: 256 }),
            code: Type.Optional(
              Type.String({
                maxLength: 64,
                description:
                  'A TOTP code or a recovery code, for accounts with two-factor authentication.',
              }),
            ),
          }),
          response: {
            201: Type.Object({
              token: Type.String(),
              expiresAt: Type.String(),
              userId: Type.String(),
              csrfToken: Type.String(),
            }),
            ...errors(400, 401, 429),
          },
        },
      },
      async (request, reply) => {
        const presented = [bearerOf(request), readSessionCookie(request)]
          .map((token) => (token === null ? null : parseToken(token)))
          .filter((token) => token?.kind === 'session')
          .map((token) => token!.hash);
        const session = await logIn(ctx, request.body, {
          clientAddress: request.ip,
          userAgent: request.headers['user-agent'],
          presentedSessionHashes: presented,
        });
        setSessionCookie(reply, ctx.publicUrl, session.token, ctx.sessionTtlMinutes * 60);
        return reply.status(201).send({
          token: session.token,
          expiresAt: session.expiresAt,
          userId: session.userPublicId,
          csrfToken: session.csrfToken,
        });
      },
    );

    app.delete(
      '/api/sessions/current',
      {
        schema: {
          tags: ['sessions'],
          summary: 'Log out',
          description:
            'Ends this session (and any unlocked organisation key) and clears the session cookie.',
          security: BearerSecurity,
          response: { 204: Type.Null(), ...errors(401, 403) },
        },
      },
      async (request, reply) => {
        await logOut(ctx, requireUser(request.actor));
        clearSessionCookie(reply, ctx.publicUrl);
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
            'Re-enter the password: the organisation key is unlocked for this session only, for UNLOCK_TTL_MINUTES. When the member may issue and reminders are due, they are sent in the background after the answer (POST …/reminders/send-due does it on demand).',
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
      async (request) => {
        const unlocked = await unlockOrganisation(ctx, request.actor, request.body);
        // Due reminders wait for an unlock (DESIGN §5 "Reminders"): sent after the answer.
        void sendRemindersAfterUnlock(ctx, request.actor, request.body.organisationId, request.log);
        return unlocked;
      },
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
      '/api/me/sessions',
      {
        schema: {
          tags: ['sessions'],
          summary: 'My sessions',
          description:
            'Where this account is logged in: every session still alive, newest first, with its public id (never the token), dates, a summary of the browser and the network it logged in from (the address truncated to /24 or /48), whether it is this session, whether it passed the second factor and until when it holds an unlocked organisation key. Users only.',
          security: BearerSecurity,
          response: {
            200: Type.Array(
              Type.Object({
                id: Type.String({ description: 'The session’s public id.' }),
                createdAt: Type.String(),
                lastUsedAt: Nullable(
                  Type.String({ description: 'Recorded at most once a minute.' }),
                ),
                expiresAt: Type.String({ description: 'The absolute expiry.' }),
                idleExpiresAt: Type.String({
                  description: 'When it ends if it stays unused (SESSION_IDLE_MINUTES).',
                }),
                userAgent: Nullable(
                  Type.String({ description: 'A summary such as "Firefox on Linux".' }),
                ),
                clientNetwork: Nullable(
                  Type.String({ description: 'Such as 203.0.113.0/24 or 2001:db8:1::/48.' }),
                ),
                current: Type.Boolean({ description: 'The session of this request.' }),
                secondFactor: Type.Boolean({
                  description: 'Whether it passed the second factor.',
                }),
                unlockedUntil: Nullable(Type.String()),
              }),
            ),
            ...errors(401, 403),
          },
        },
      },
      async (request) => listSessions(ctx, request.actor),
    );

    app.delete(
      '/api/me/sessions/:sessionId',
      {
        schema: {
          tags: ['sessions'],
          summary: 'End one of my sessions',
          description:
            'Ends one of the caller’s own sessions (and any organisation key unlocked in it). Another user’s session id, or an ended one, is 404. Ending the current session logs out and clears the cookie. Users only.',
          security: BearerSecurity,
          params: Type.Object({ sessionId: PublicId }),
          response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const { current } = await endSession(ctx, request.actor, request.params.sessionId);
        if (current) clearSessionCookie(reply, ctx.publicUrl);
        return reply.status(204).send(null);
      },
    );

    app.delete(
      '/api/me/sessions',
      {
        schema: {
          tags: ['sessions'],
          summary: 'End all my other sessions',
          description:
            'Logs out everywhere else: ends every session of the caller except this one. Users only.',
          security: BearerSecurity,
          response: {
            200: Type.Object({
              ended: Type.Integer({ description: 'How many sessions were ended.' }),
            }),
            ...errors(401, 403),
          },
        },
      },
      async (request) => endOtherSessions(ctx, request.actor),
    );

    app.get(
      '/api/me',
      {
        schema: {
          tags: ['sessions'],
          summary: 'Who am I',
          description:
            'The user (with their organisations, second-factor state and CSRF token) or the API key.',
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
                  role: Type.String({ description: 'owner, admin, operator, viewer or api_key.' }),
                  unlocked: Type.Boolean(),
                  unlockedUntil: Nullable(Type.String()),
                }),
              ),
              scopes: Type.Array(Type.String()),
              unlockedUntil: Nullable(Type.String()),
              twoFactor: Nullable(
                Type.Object({
                  enabled: Type.Boolean(),
                  verifiedThisSession: Type.Boolean(),
                }),
              ),
              csrfToken: Nullable(
                Type.String({
                  description:
                    'For sessions: the value of the x-csrf-token header that cookie-authenticated POST, PUT, PATCH and DELETE requests need.',
                }),
              ),
              session: Nullable(
                Type.Object(
                  { id: Type.String(), expiresAt: Type.String() },
                  { description: 'For sessions: this session’s public id and absolute expiry.' },
                ),
              ),
              secondFactorRequired: Type.Boolean({
                description:
                  'Whether the account must use a second factor (platform admins, owners and admins of an organisation).',
              }),
            }),
            ...errors(401),
          },
        },
      },
      async (request) => describeCurrentActor(ctx, request.actor),
    );
  };
}
