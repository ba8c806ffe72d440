import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.js';
import {
  getRetention,
  MAX_ACTIVATED_YEARS,
  MAX_PENDING_MONTHS,
  setRetention,
} from '../../../privacy/retention.js';
import { BearerSecurity, errors, Nullable, PublicId } from '../../schemas.js';

const Retention = Type.Object({
  pendingMonths: Nullable(
    Type.Integer({
      description:
        'Never-activated documents are erased this many months after issuance; null = kept.',
    }),
  ),
  activatedYears: Nullable(
    Type.Integer({
      description:
        'Activated documents’ data are erased this many years after activation; null = kept.',
    }),
  ),
  updatedAt: Nullable(Type.String()),
  runs: Type.Array(
    Type.Object({
      ranAt: Type.String(),
      erasedPending: Type.Integer(),
      erasedActivated: Type.Integer(),
    }),
    { description: 'The last 10 daily runs, newest first, with what each erased.' },
  ),
});

/** An issuer's retention rules (off by default) and the reports of their daily runs. */
export function retentionRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const params = Type.Object({ organisationId: PublicId });

    app.get(
      '/api/organisations/:organisationId/retention',
      {
        schema: {
          tags: ['organisations'],
          summary: 'Retention rules and their last runs',
          description:
            'Owners and admins. Both periods null (the default) means nothing is erased automatically.',
          security: BearerSecurity,
          params,
          response: { 200: Retention, ...errors(401, 403, 404) },
        },
      },
      async (request) => getRetention(ctx, request.actor, request.params.organisationId),
    );

    app.put(
      '/api/organisations/:organisationId/retention',
      {
        schema: {
          tags: ['organisations'],
          summary: 'Set the retention rules',
          description:
            'Owners and admins. A daily job (03:00 UTC) erases, by crypto-shredding, the documents the rules match: verification then says "erased under the issuer’s retention rules". Audited.',
          security: BearerSecurity,
          params,
          body: Type.Object({
            pendingMonths: Nullable(Type.Integer({ minimum: 1, maximum: MAX_PENDING_MONTHS })),
            activatedYears: Nullable(Type.Integer({ minimum: 1, maximum: MAX_ACTIVATED_YEARS })),
          }),
          response: { 200: Retention, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) =>
        setRetention(ctx, request.actor, request.params.organisationId, request.body),
    );
  };
}
