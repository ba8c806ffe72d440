import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../accounts/actor.js';
import { authenticate } from '../../accounts/authenticate.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller, or null for anonymous requests. */
    actor: Actor | null;
  }
}

function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (match?.[1] === undefined)
    throw new AppError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>".');
  return match[1];
}

/**
 * Resolves `Authorization: Bearer <session token | API key>` into `request.actor`. Routes decide
 * what they require; a present but invalid token is always a 401.
 */
export function registerAuthentication(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    request.actor = null;
    const bearer = bearerOf(request);
    if (bearer !== null) request.actor = await authenticate(ctx, bearer);
  });
}
