import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { errors } from '../schemas.js';

const CHECK_TIMEOUT_MS = 5_000;

type CheckResult = 'ok' | 'failed';

/** Runs one dependency check with a deadline; a failure is logged by its error code only. */
async function runCheck(
  log: { warn: (object: object, message: string) => void },
  name: string,
  check: () => Promise<unknown>,
): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
      }),
    ]);
    return 'ok';
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    log.warn(
      { check: name, code: typeof code === 'string' ? code : null },
      'readiness check failed',
    );
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}

const CheckStatus = Type.Union([Type.Literal('ok'), Type.Literal('failed')]);
const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not ready')]),
  checks: Type.Object({ database: CheckStatus, files: CheckStatus, mail: CheckStatus }),
});

export function healthRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/health/ready',
      {
        schema: {
          tags: ['health'],
          summary: 'Readiness: the database, the file store and the mailer can work now',
          description:
            'For load balancers and orchestrators: 200 when the database answers a query, the file store takes a write and the mailer can hand mail over (the outbox takes a write, or the SMTP relay answers); 503 naming what failed otherwise. `/api/health` is the liveness check.',
          response: { 200: Readiness, 503: Readiness },
        },
      },
      async (request, reply) => {
        const [database, files, mail] = await Promise.all([
          runCheck(request.log, 'database', () => sql`select 1`.execute(ctx.db)),
          runCheck(request.log, 'files', () => ctx.blobs.check?.() ?? Promise.resolve()),
          runCheck(request.log, 'mail', () => ctx.mailer.check?.() ?? Promise.resolve()),
        ]);
        const ready = database === 'ok' && files === 'ok' && mail === 'ok';
        return reply
          .status(ready ? 200 : 503)
          .send({ status: ready ? 'ready' : 'not ready', checks: { database, files, mail } });
      },
    );
    app.get(
      '/api/health',
      {
        schema: {
          tags: ['health'],
          summary: 'Liveness (and database reachability); see /api/health/ready for readiness',
          response: {
            200: Type.Object({ status: Type.Literal('ok'), time: Type.String() }),
            ...errors(500, 503),
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
