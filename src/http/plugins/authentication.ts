import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../accounts/actor.js';
import { authenticate } from '../../accounts/authenticate.js';
import type { AppContext } from '../../context.js';
import { AppError, isAppError } from '../../errors.js';
import { readSessionCookie } from '../session-cookie.js';
import { checkCsrf } from './csrf.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller, or null for anonymous requests. */
    actor: Actor | null;
    /** How `actor` was established: the Authorization header, the session cookie, or not at all. */
    authenticatedBy: 'bearer' | 'cookie' | null;
  }
}

/** The bearer token of the Authorization header, or null when there is no header. */
export function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (match?.[1] === undefined)
    throw new AppError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>".');
  return match[1];
}

/**
 * Resolves the caller into `request.actor`: `Authorization: Bearer <session token | API key>`
 * first, else the `certa_session` cookie (sessions only). Routes decide what they require.
 *
 * A present but invalid bearer token is always a 401. A cookie that is no longer valid (logged
 * out, expired) makes the request anonymous instead, so a browser with a stale cookie can still
 * read public pages. A cookie-authenticated POST/PUT/PATCH/DELETE must pass the CSRF check
 * (plugins/csrf.ts).
 */
export function registerAuthentication(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('authenticatedBy', null);
  app.addHook('onRequest', async (request) => {
    request.actor = null;
    request.authenticatedBy = null;
    // A route with its own bearer token (the bounce intake, MAIL_BOUNCE_TOKEN) checks it itself.
    if ((request.routeOptions.config as { ownBearer?: boolean }).ownBearer === true) return;
    const bearer = bearerOf(request);
    if (bearer !== null) {
      request.actor = await authenticate(ctx, bearer);
      request.authenticatedBy = 'bearer';
      return;
    }
    const cookie = readSessionCookie(request);
    if (cookie === null || !cookie.startsWith('cs_')) return;
    let actor: Actor;
    try {
      actor = await authenticate(ctx, cookie);
    } catch (error) {
      if (isAppError(error) && error.code === 'UNAUTHENTICATED') return;
      throw error;
    }
    if (actor.kind !== 'user') return;
    if (!checkCsrf(ctx, request, actor.session.token)) return;
    request.actor = actor;
    request.authenticatedBy = 'cookie';
  });
}
