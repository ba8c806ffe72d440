import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../../context.js';

/** HTML pages for recipients and verifiers (activation, verification). */
export function pageRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  void ctx;
  return async () => {};
}
