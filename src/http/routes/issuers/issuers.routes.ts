import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.js';
import { isAppError } from '../../../errors.js';
import { isLocale, negotiateLocale } from '../../../i18n/locale.js';
import {
  publishedStatusList,
  STATUS_LIST_MEDIA_TYPE,
  STATUS_PURPOSES,
} from '../../../documents/status-list.js';
import { getIssuerLogo, getPublicIssuerProfile } from '../../../issuers/issuer-profile.js';
import { renderIssuerPage } from '../pages/issuer-page.js';
import { renderNotFoundPage } from '../pages/not-found-page.js';
import { pageRequest } from '../pages/page-layout.js';
import { errors, PublicId, PublicIssuerProfile } from '../../schemas.js';

const pageLimit = { rateLimit: { max: 60, timeWindow: '1 minute' } };

/** The profile page in the `?lang=` language, else Accept-Language's, else English. */
async function sendIssuerPage(
  ctx: AppContext,
  request: FastifyRequest,
  issuerId: string,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const { lang } = (request.query ?? {}) as { lang?: unknown };
  const page = pageRequest(
    `/issuers/${encodeURIComponent(issuerId)}`,
    isLocale(lang) ? lang : null,
    negotiateLocale(request.headers['accept-language']),
  );
  const send = (html: string, status: number) =>
    reply
      .status(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('vary', 'accept-language')
      .send(html);
  try {
    return send(renderIssuerPage(page, await getPublicIssuerProfile(ctx, issuerId)), 200);
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND')
      return send(renderNotFoundPage(page, 'issuer'), 404);
    throw error;
  }
}

export function issuerRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/issuers/:issuerId',
      {
        config: pageLimit,
        schema: {
          tags: ['issuers'],
          summary: 'Public profile of an issuer',
          description:
            'Anyone. Only approved (or suspended) issuers have one; any other id is 404. What a platform admin checked (legal name, country, website, the domain the issuer proved it controls, the approval date), the logo, the encryption keys with their history (active, retired after a rotation, revoked when compromised — older documents still open with retired keys) and the platform certificate that signs the issuer’s documents. Also a page: /issuers/{issuerId}.',
          params: Type.Object({ issuerId: PublicId }),
          response: { 200: PublicIssuerProfile, ...errors(400, 404, 429) },
        },
      },
      async (request) => getPublicIssuerProfile(ctx, request.params.issuerId),
    );

    app.get(
      '/api/issuers/:issuerId/logo',
      {
        config: pageLimit,
        schema: {
          tags: ['issuers'],
          summary: 'Logo of an issuer',
          description: 'Anyone, for approved (or suspended) issuers with a logo: PNG or JPEG.',
          params: Type.Object({ issuerId: PublicId }),
          response: {
            200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }),
            304: Type.Null({ description: 'Not modified (If-None-Match).' }),
            ...errors(400, 404, 429),
          },
        },
      },
      async (request, reply) => {
        const logo = await getIssuerLogo(ctx, request.params.issuerId);
        void reply
          .header('cache-control', 'public, max-age=3600')
          .header('etag', logo.etag)
          .header('content-security-policy', "default-src 'none'")
          .header('cross-origin-resource-policy', 'same-site');
        // No payload at all: a serialised `null` would announce 4 body bytes a 304 never has,
        // and keep-alive clients would wait for them.
        if (request.headers['if-none-match'] === logo.etag)
          return reply.status(304).send(undefined as unknown as null);
        return reply.type(logo.mediaType).send(logo.bytes);
      },
    );

    app.get(
      '/api/issuers/:issuerId/status-lists/:purpose',
      {
        schema: {
          tags: ['issuers'],
          summary: 'An issuer’s W3C Bitstring Status List',
          description:
            'Anyone, for approved (or suspended) issuers: the BitstringStatusListCredential (VC 2.0) for revocation or for suspension, secured as application/vc+jwt (ES256 or PS256, the document-signing chain in x5c). A document’s record names its position (BitstringStatusListEntry); a set bit means revoked, or suspended. Regenerated at the first request after a change; cached for 60 seconds, revalidate with If-None-Match. Fetching the list reveals nothing about which document is being checked.',
          params: Type.Object({
            issuerId: PublicId,
            purpose: Type.Union(STATUS_PURPOSES.map((purpose) => Type.Literal(purpose))),
          }),
          produces: [STATUS_LIST_MEDIA_TYPE],
          response: {
            200: Type.String({ description: 'The compact JWS (application/vc+jwt).' }),
            304: Type.Null({ description: 'Not modified (If-None-Match).' }),
            ...errors(400, 404, 429),
          },
        },
      },
      async (request, reply) => {
        const list = await publishedStatusList(
          ctx,
          request.params.issuerId,
          request.params.purpose,
        );
        void reply
          .header('cache-control', 'public, max-age=60')
          .header('etag', list.etag)
          .header('access-control-allow-origin', '*')
          .header('cross-origin-resource-policy', 'cross-origin');
        // No payload at all: a serialised `null` would announce 4 body bytes a 304 never has,
        // and keep-alive clients would wait for them.
        if (request.headers['if-none-match'] === list.etag)
          return reply.status(304).send(undefined as unknown as null);
        return reply.type(STATUS_LIST_MEDIA_TYPE).send(list.credential);
      },
    );

    app.get(
      '/issuers/:issuerId',
      {
        config: pageLimit,
        schema: { hide: true, params: Type.Object({ issuerId: Type.String() }) },
      },
      async (request, reply) => sendIssuerPage(ctx, request, request.params.issuerId, reply),
    );
  };
}
