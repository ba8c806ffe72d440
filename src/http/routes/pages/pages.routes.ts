import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.js';
import { getActivationInfo } from '../../../documents/activation-info.js';
import { isAppError } from '../../../errors.js';
import { isLocale, negotiateLocale } from '../../../i18n/locale.js';
import { lookUpDocument } from '../../../verification/look-up-document.js';
import { renderActivatePage } from './activate-page.js';
import { activationPageFacts } from './activation-page-facts.js';
import { assetRoutes } from './assets/assets.routes.js';
import { renderHomePage } from './home-page.js';
import { renderLostLinkPage, renderRequestsPage } from './lost-link-pages.js';
import { renderNotFoundPage } from './not-found-page.js';
import { pageRequest } from './page-layout.js';
import type { PageRequest } from './page-layout.js';
import { renderVerifyPage } from './verify-page.js';
import { contentSecurityPolicy } from '../../plugins/security-headers.js';

const pageLimit = { rateLimit: { max: 60, timeWindow: '1 minute' } };
const documentParams = Type.Object({ documentId: Type.String() });

/** The page's language: a valid `?lang=` wins, else Accept-Language, else English. */
function pageFor(request: FastifyRequest, path: string): PageRequest {
  const { lang } = (request.query ?? {}) as { lang?: unknown };
  return pageRequest(
    path,
    isLocale(lang) ? lang : null,
    negotiateLocale(request.headers['accept-language']),
  );
}

/** Sends an HTML page that no cache keeps (activation pages must never be stored). */
function sendHtml(reply: FastifyReply, html: string, status = 200): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('vary', 'accept-language')
    .send(html);
}

/** Renders the page, or the friendly 404 page when the document does not exist. */
async function documentPage(
  reply: FastifyReply,
  page: PageRequest,
  render: () => Promise<string>,
): Promise<FastifyReply> {
  try {
    return sendHtml(reply, await render());
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND')
      return sendHtml(reply, renderNotFoundPage(page, 'document'), 404);
    throw error;
  }
}

/**
 * The HTML 404 page ("Page not found") for a browser that opened an unknown address (the API
 * answers JSON).
 */
export function sendNotFoundPage(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendHtml(
    reply,
    renderNotFoundPage(pageFor(request, request.url.split('?')[0] ?? '/'), 'page'),
    404,
  );
}

/** HTML pages for recipients and verifiers (home, activation, verification) and their assets. */
export function pageRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const headerSources = (ctx.verifyHeaderSources ?? []).map(({ label, url }) => ({ label, url }));
  // The verify page's browser asks the two header sources itself: its CSP allows exactly them.
  const verifyCsp = contentSecurityPolicy([
    ...new Set(headerSources.map((source) => new URL(source.url).origin)),
  ]);
  return async (app) => {
    await app.register(assetRoutes);

    app.get('/', { schema: { hide: true } }, async (request, reply) =>
      sendHtml(reply, renderHomePage(pageFor(request, '/'))),
    );

    app.get(
      '/activate/:documentId',
      { config: pageLimit, schema: { hide: true, params: documentParams } },
      async (request, reply) => {
        const { documentId } = request.params;
        const path = `/activate/${encodeURIComponent(documentId)}`;
        const negotiated = pageFor(request, path);
        return documentPage(reply, negotiated, async () => {
          // The document's language (its e-mail's and its PDF's) wins over the browser's;
          // `?lang=` (the language switch) wins over both.
          const facts = await activationPageFacts(ctx, documentId);
          const page = negotiated.chosen ? negotiated : pageRequest(path, null, facts.locale);
          const info = await getActivationInfo(ctx, documentId, page.locale);
          return renderActivatePage(page, info, facts);
        });
      },
    );

    // A holder who lost their link (DESIGN §3): ask by e-mail, then the e-mailed link's page.
    app.get('/recipient/lost-link', { schema: { hide: true } }, async (request, reply) =>
      sendHtml(reply, renderLostLinkPage(pageFor(request, '/recipient/lost-link'))),
    );
    app.get('/recipient/requests', { schema: { hide: true } }, async (request, reply) =>
      sendHtml(reply, renderRequestsPage(pageFor(request, '/recipient/requests'))),
    );

    app.get('/verify', { schema: { hide: true } }, async (request, reply) =>
      sendHtml(
        reply.header('content-security-policy', verifyCsp),
        renderVerifyPage(pageFor(request, '/verify'), null, headerSources, ctx.publicUrl),
      ),
    );

    app.get(
      '/verify/:documentId',
      { config: pageLimit, schema: { hide: true, params: documentParams } },
      async (request, reply) => {
        const { documentId } = request.params;
        const page = pageFor(request, `/verify/${encodeURIComponent(documentId)}`);
        return documentPage(reply.header('content-security-policy', verifyCsp), page, async () =>
          renderVerifyPage(
            page,
            await lookUpDocument(ctx, documentId),
            headerSources,
            ctx.publicUrl,
          ),
        );
      },
    );
  };
}
