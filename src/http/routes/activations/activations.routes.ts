import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.js';
import { activateDocument, downloadAsRecipient } from '../../../documents/activate-document.js';
import { getActivationInfo } from '../../../documents/activation-info.js';
import { isLocale, negotiateLocale } from '../../../i18n/locale.js';
import { DocumentState, errors, Nullable, PublicId } from '../../schemas.js';
import { refuseWhilePdfWorkIsFull } from '../../plugins/pdf-admission.js';
import { sendPdf } from '../send-pdf.js';

const SECRET_DESCRIPTION =
  'The activation secret from the link’s fragment (after #). Sent only in the body, never in a URL.';
const activationLimit = { rateLimit: { max: 30, timeWindow: '1 minute' } };

export function activationRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const params = Type.Object({ documentId: PublicId });

    app.get(
      '/api/activations/:documentId',
      {
        config: activationLimit,
        schema: {
          tags: ['activation'],
          summary: 'What the recipient sees before activating',
          description:
            'Issuer, document title, state and the current terms (in `lang`, else Accept-Language, else English). Nothing personal.',
          params,
          querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 5 })) }),
          response: {
            200: Type.Object({
              documentId: Type.String(),
              title: Type.String(),
              state: DocumentState,
              issuedAt: Type.String(),
              expiresAt: Nullable(Type.String()),
              issuer: Type.Ref('IssuerProfile'),
              terms: Type.Object({
                version: Type.Integer({
                  description: 'The recipient terms version id: what the activation names.',
                }),
                label: Type.String(),
                language: Type.String(),
                body: Type.String(),
                publishedAt: Type.String(),
              }),
            }),
            ...errors(404, 429),
          },
        },
      },
      async (request) => {
        const language = isLocale(request.query.lang)
          ? request.query.lang
          : negotiateLocale(request.headers['accept-language']);
        return getActivationInfo(ctx, request.params.documentId, language);
      },
    );

    app.post(
      '/api/activations/:documentId',
      {
        config: activationLimit,
        onRequest: refuseWhilePdfWorkIsFull(),
        schema: {
          tags: ['activation'],
          summary: 'Activate a document',
          description:
            'With the secret and the acceptance of the current terms: the PDF is generated, stored, its SHA-256 recorded and queued for anchoring. Activating again returns the same PDF. A wrong secret gets 403 and nothing more; repeated wrong tries lock the link for a while (429).',
          params,
          body: Type.Object({
            secret: Type.String({ maxLength: 100, description: SECRET_DESCRIPTION }),
            acceptTerms: Type.Boolean(),
            termsVersion: Type.Integer({
              minimum: 0,
              maximum: 2_147_483_647,
              description:
                'The id of the recipient terms version shown (GET /api/terms/recipient/current). Another version than the one in force is refused with 409 TERMS_OUTDATED.',
            }),
            termsLanguage: Type.Optional(
              Type.Union([Type.Literal('en'), Type.Literal('fr')], {
                description:
                  'The language the terms were shown in; recorded with the consent. Default: the document’s language.',
              }),
            ),
          }),
          response: {
            200: Type.Object({
              documentId: Type.String(),
              status: Type.Literal('active'),
              activatedAt: Type.String(),
              sha256: Type.String(),
              fileName: Type.String(),
            }),
            ...errors(400, 403, 404, 409, 422, 429),
          },
        },
      },
      async (request) =>
        activateDocument(ctx, { documentId: request.params.documentId, ...request.body }),
    );

    app.post(
      '/api/activations/:documentId/pdf',
      {
        config: activationLimit,
        schema: {
          tags: ['activation'],
          summary: 'Download the activated PDF (recipient)',
          params,
          body: Type.Object({
            secret: Type.String({ maxLength: 100, description: SECRET_DESCRIPTION }),
          }),
          produces: ['application/pdf'],
          response: {
            200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }),
            ...errors(400, 403, 404, 409, 429),
          },
        },
      },
      async (request, reply) =>
        sendPdf(
          reply,
          await downloadAsRecipient(ctx, {
            documentId: request.params.documentId,
            secret: request.body.secret,
          }),
        ),
    );
  };
}
