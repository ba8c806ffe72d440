import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.js';
import { exportSupervisoryBundle, getDpoReport } from '../../../reports/dpo-report.js';
import { BearerSecurity, errors, Nullable } from '../../schemas.js';
import { TermsKindSchema } from '../terms/terms.schemas.js';

const CountsSchema = Type.Object({
  requests: Type.Integer({ description: 'Holders’ requests by e-mail (lost link).' }),
  requestsConfirmed: Type.Integer(),
  dataViews: Type.Integer({ description: 'Holders who looked at what is held about them.' }),
  exports: Type.Integer(),
  restrictions: Type.Integer(),
  restrictionsLifted: Type.Integer(),
  erasures: Type.Integer({ description: 'By holders, issuers and retention rules.' }),
  retentionRuns: Type.Integer(),
  recipientConsents: Type.Integer(),
  issuerConsents: Type.Integer(),
});

const RecipientSchema = Type.Object({
  name: Type.String(),
  role: Type.Union([Type.Literal('processor'), Type.Literal('public')]),
  where: Type.String(),
  receives: Type.String(),
});

const RegisterSchema = Type.Object({
  generatedAt: Type.String(),
  controller: Type.String(),
  installation: Type.Object({
    publicUrl: Type.String(),
    database: Type.String(),
    fileStore: Type.String(),
    mail: Type.String(),
    anchoring: Type.String(),
  }),
  activities: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      purposes: Type.Array(Type.String()),
      legalBasis: Type.String(),
      dataSubjects: Type.Array(Type.String()),
      dataCategories: Type.Array(Type.String()),
      storage: Type.Array(Type.String()),
      retention: Type.String(),
      recipients: Type.Array(RecipientSchema),
      transfers: Type.String(),
      security: Type.Array(Type.String()),
    }),
  ),
});

const DpoReportProperties = {
  generatedAt: Type.String(),
  register: RegisterSchema,
  counts: Type.Object({
    months: Type.Array(Type.Intersect([Type.Object({ month: Type.String() }), CountsSchema])),
    totals: CountsSchema,
  }),
};

/** Reports for the data protection officer (platform admins): DESIGN §3 "Reports for the DPO". */
export function reportRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/admin/reports/dpo',
      {
        schema: {
          tags: ['reports', 'admin'],
          summary: 'The DPO’s report: register of processing and counts',
          description:
            'The register of processing (categories of data, purposes, legal basis, retention, where stored, processors, transfers) generated from this installation’s configuration, and the counts of holders’ requests, data views, exports, restrictions, erasures and consents by month. Platform admins.',
          security: BearerSecurity,
          response: { 200: Type.Object(DpoReportProperties), ...errors(401, 403) },
        },
      },
      async (request) => getDpoReport(ctx, request.actor),
    );

    app.get(
      '/api/admin/reports/dpo/export',
      {
        schema: {
          tags: ['reports', 'admin'],
          summary: 'Export for a supervisory authority (JSON bundle)',
          description:
            'The report, every published terms version in English and French with its acceptances by language, as one JSON download. Counts and ids only: nobody’s personal data. Recorded in the audit trail. Platform admins.',
          security: BearerSecurity,
          response: {
            200: Type.Object({
              format: Type.Literal('certa-dpo-bundle/1'),
              ...DpoReportProperties,
              terms: Type.Array(
                Type.Object({
                  id: Type.Integer(),
                  kind: TermsKindSchema,
                  label: Type.String(),
                  publishedAt: Nullable(Type.String()),
                  effectiveAt: Nullable(Type.String()),
                  bodyEn: Type.String(),
                  bodyFr: Type.String(),
                  acceptances: Type.Object({
                    en: Type.Integer(),
                    fr: Type.Integer(),
                    notRecorded: Type.Integer(),
                    total: Type.Integer(),
                  }),
                }),
              ),
            }),
            ...errors(401, 403),
          },
        },
      },
      async (request, reply) => {
        const bundle = await exportSupervisoryBundle(ctx, request.actor);
        void reply.header(
          'content-disposition',
          `attachment; filename="certa-dpo-${bundle.generatedAt.slice(0, 10)}.json"`,
        );
        return bundle;
      },
    );
  };
}
