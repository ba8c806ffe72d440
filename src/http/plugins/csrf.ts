import type { FastifyRequest } from 'fastify';
import { csrfTokenMatches } from '../../accounts/csrf.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';

/** The header a page sends its session's CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether the route declares that it needs authentication (`security` in its schema). */
function routeIsAuthenticated(request: FastifyRequest): boolean {
  const security = (request.routeOptions.schema as { security?: unknown[] } | undefined)?.security;
  return Array.isArray(security) && security.length > 0;
}

/**
 * CSRF protection for sessions carried by the cookie (called by the authentication hook once the
 * actor is known). A POST, PUT, PATCH or DELETE authenticated by the cookie must carry
 * `x-csrf-token` equal to the session's CSRF token (HMAC of the session token, see
 * accounts/csrf.ts; compared in constant time):
 * - on a route that needs authentication, a missing or wrong token is 403 CSRF_FAILED;
 * - on a public route (activation, verification, log-in …) the cookie is simply not used: the
 *   request goes on as anonymous, so a logged-in browser can still use the public pages.
 * Requests authenticated by `Authorization: Bearer` are exempt: a browser never adds that header
 * on its own, so another site cannot make one. Returns whether the cookie actor may be kept.
 */
export function checkCsrf(
  ctx: AppContext,
  request: FastifyRequest,
  sessionSecret: Buffer,
): boolean {
  if (SAFE_METHODS.has(request.method)) return true;
  const header = request.headers[CSRF_HEADER];
  const presented = typeof header === 'string' ? header : undefined;
  if (csrfTokenMatches(ctx.masterKey, sessionSecret, presented)) return true;
  if (routeIsAuthenticated(request)) {
    throw new AppError(
      'CSRF_FAILED',
      'This request is authenticated by the session cookie and needs the x-csrf-token header (from the log-in answer or GET /api/me).',
    );
  }
  return false;
}
