import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireUser } from '../../../accounts/authorize.js';
import type { AppContext } from '../../../context.js';
import { negotiateLocale } from '../../../i18n/locale.js';
import { acceptIssuerTerms } from '../../../terms/accept-issuer-terms.js';
import { createTermsDraft } from '../../../terms/create-terms-draft.js';
import { getCurrentTerms } from '../../../terms/current-terms.js';
import { issuerTermsToAccept } from '../../../terms/issuer-terms-gate.js';
import {
  getTermsVersionForAdmin,
  listTermsVersionsForAdmin,
} from '../../../terms/list-terms-versions.js';
import { listMyConsents } from '../../../terms/list-consents.js';
import { publishTermsVersion } from '../../../terms/publish-terms.js';
import { termsTextOf } from '../../../terms/terms.js';
import {
  deleteTermsDraftVersion,
  updateTermsDraftVersion,
} from '../../../terms/update-terms-draft.js';
import { BearerSecurity, errors, Nullable } from '../../schemas.js';
import {
  ConsentSchema,
  LanguageSchema,
  TermsDraftBody,
  TermsKindSchema,
  TermsTextSchema,
  TermsVersionId,
  TermsVersionSchema,
  TermsVersionSummarySchema,
} from './terms.schemas.js';

/**
 * Versioned terms (DESIGN §3 "Terms and consent"): the public text in force, the logged-in
 * user's pending issuer terms, acceptance and consent export, and the platform admins' drafts
 * and publication.
 */
export function termsRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const versionParams = Type.Object({ versionId: TermsVersionId });

    app.get(
      '/api/terms/:kind/current',
      {
        config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
        schema: {
          tags: ['terms'],
          summary: 'The terms in force, in one language (public)',
          description:
            'The recipient terms (shown on the activation page; the activation names `version`) or the issuer terms, in `language` (en or fr; else Accept-Language, else English). 404 when none is published yet.',
          params: Type.Object({ kind: TermsKindSchema }),
          querystring: Type.Object({ language: Type.Optional(LanguageSchema) }),
          response: { 200: TermsTextSchema, ...errors(400, 404, 429) },
        },
      },
      async (request) =>
        getCurrentTerms(
          ctx,
          request.params.kind,
          request.query.language ?? negotiateLocale(request.headers['accept-language']),
        ),
    );

    app.get(
      '/api/me/terms',
      {
        schema: {
          tags: ['terms'],
          summary: 'Issuer terms this user must still accept',
          description:
            'The issuer terms version in force in both languages when this user, a member of an organisation, has not accepted it yet; else null. The console shows it after log-in; every organisation route answers 403 TERMS_ACCEPTANCE_REQUIRED until it is accepted. Users only.',
          security: BearerSecurity,
          response: {
            200: Type.Object({
              pending: Nullable(Type.Object({ en: TermsTextSchema, fr: TermsTextSchema })),
            }),
            ...errors(401, 403),
          },
        },
      },
      async (request) => {
        const user = requireUser(request.actor);
        const pending = await issuerTermsToAccept(ctx.db, user.userId, ctx.now().toISOString());
        return {
          pending:
            pending === undefined
              ? null
              : { en: termsTextOf(pending, 'en'), fr: termsTextOf(pending, 'fr') },
        };
      },
    );

    app.post(
      '/api/me/terms/accept',
      {
        schema: {
          tags: ['terms'],
          summary: 'Accept the issuer terms in force',
          description:
            'Records the acceptance: this user, the version, the language it was read in, when, and how (console for a browser session, api for a bearer token). Another version than the one in force is 409 TERMS_OUTDATED; no issuer terms published at all is 409 CONFLICT. Users only.',
          security: BearerSecurity,
          body: Type.Object({ version: TermsVersionId, language: LanguageSchema }),
          response: {
            200: Type.Object({ version: Type.Integer(), acceptedAt: Type.String() }),
            ...errors(400, 401, 403, 409),
          },
        },
      },
      async (request) =>
        acceptIssuerTerms(ctx, requireUser(request.actor), {
          ...request.body,
          method: request.authenticatedBy === 'cookie' ? 'console' : 'api',
        }),
    );

    app.get(
      '/api/me/consents',
      {
        schema: {
          tags: ['terms'],
          summary: 'Export my consents (JSON)',
          description:
            'Every terms acceptance of this user: kind, version, language, how and when. Sent as a JSON download. Users only.',
          security: BearerSecurity,
          response: {
            200: Type.Object({
              userId: Type.String(),
              exportedAt: Type.String(),
              consents: Type.Array(ConsentSchema),
            }),
            ...errors(401, 403),
          },
        },
      },
      async (request, reply) => {
        const user = requireUser(request.actor);
        void reply.header(
          'content-disposition',
          `attachment; filename="certa-consents-${user.userPublicId}.json"`,
        );
        return listMyConsents(ctx, user);
      },
    );

    app.get(
      '/api/admin/terms',
      {
        schema: {
          tags: ['terms', 'admin'],
          summary: 'Every terms version (drafts included)',
          description:
            'Newest first, with whether each is in force or scheduled and how many acceptances it has. Platform admins.',
          security: BearerSecurity,
          querystring: Type.Object({ kind: Type.Optional(TermsKindSchema) }),
          response: { 200: Type.Array(TermsVersionSummarySchema), ...errors(400, 401, 403) },
        },
      },
      async (request) => listTermsVersionsForAdmin(ctx, request.actor, request.query.kind),
    );

    app.post(
      '/api/admin/terms',
      {
        schema: {
          tags: ['terms', 'admin'],
          summary: 'Create a terms draft',
          description:
            'A new version of the recipient or issuer terms, in English and French, as a draft: nobody sees it until it is published. Platform admins.',
          security: BearerSecurity,
          body: Type.Intersect([Type.Object({ kind: TermsKindSchema }), TermsDraftBody]),
          response: { 201: TermsVersionSchema, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createTermsDraft(ctx, request.actor, request.body)),
    );

    app.get(
      '/api/admin/terms/:versionId',
      {
        schema: {
          tags: ['terms', 'admin'],
          summary: 'One terms version, both languages',
          security: BearerSecurity,
          params: versionParams,
          response: { 200: TermsVersionSchema, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => getTermsVersionForAdmin(ctx, request.actor, request.params.versionId),
    );

    app.put(
      '/api/admin/terms/:versionId',
      {
        schema: {
          tags: ['terms', 'admin'],
          summary: 'Edit a terms draft',
          description: 'Drafts only: a published version never changes (409). Platform admins.',
          security: BearerSecurity,
          params: versionParams,
          body: TermsDraftBody,
          response: { 200: TermsVersionSchema, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        updateTermsDraftVersion(ctx, request.actor, request.params.versionId, request.body),
    );

    app.delete(
      '/api/admin/terms/:versionId',
      {
        schema: {
          tags: ['terms', 'admin'],
          summary: 'Delete a terms draft',
          description: 'Drafts only: a published version stays for ever (409). Platform admins.',
          security: BearerSecurity,
          params: versionParams,
          response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await deleteTermsDraftVersion(ctx, request.actor, request.params.versionId);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/admin/terms/:versionId/publish',
      {
        schema: {
          tags: ['terms', 'admin'],
          summary: 'Publish a terms draft',
          description:
            'From then on the version never changes. It applies from its effectiveFrom date when that is later, else at once: a new issuer version makes every issuer user accept it before acting in an organisation again; a new recipient version is the one activation asks for. Platform admins.',
          security: BearerSecurity,
          params: versionParams,
          response: { 200: TermsVersionSchema, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => publishTermsVersion(ctx, request.actor, request.params.versionId),
    );
  };
}
