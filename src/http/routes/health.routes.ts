import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { errors } from '../schemas.js';

export function healthRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/health',
      {
        schema: {
          tags: ['health'],
          summary: 'Liveness and database reachability',
          response: {
            200: Type.Object({ status: Type.Literal('ok'), time: Type.String() }),
            ...errors(500),
          },
        },
      },
      async () => {
        await sql`select 1`.execute(ctx.db);
        return { status: 'ok' as const, time: ctx.now().toISOString() };
      },
    );
  };
}
