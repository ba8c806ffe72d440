import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isLocale, negotiateLocale } from '../../../i18n/locale.js';
import {
  renderInvitationPage,
  renderPasswordResetPage,
  renderSignUpConfirmPage,
  renderSignUpPage,
} from './account-pages.js';
import type { PageRequest } from './page-layout.js';
import { pageRequest } from './page-layout.js';

const pageLimit = { rateLimit: { max: 60, timeWindow: '1 minute' } };

/** The page's language: a valid `?lang=` wins, else Accept-Language, else English. */
function pageFor(request: FastifyRequest, path: string): PageRequest {
  const { lang } = (request.query ?? {}) as { lang?: unknown };
  return pageRequest(
    path,
    isLocale(lang) ? lang : null,
    negotiateLocale(request.headers['accept-language']),
  );
}

/** An HTML page no cache keeps (the links that open them carry secrets in their fragment). */
function sendHtml(reply: FastifyReply, html: string): FastifyReply {
  return reply
    .status(200)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('vary', 'accept-language')
    .send(html);
}

const PAGES: ReadonlyArray<readonly [string, (page: PageRequest) => string]> = [
  ['/signup', renderSignUpPage],
  ['/signup/confirm', renderSignUpConfirmPage],
  ['/password-reset', renderPasswordResetPage],
  ['/invitations/accept', renderInvitationPage],
];

/**
 * The account pages (anyone may open them; what they do goes through the JSON API): sign-up,
 * its confirmation, password reset, invitation acceptance. Their script (account.js) is served
 * by the assets plugin of pageRoutes.
 */
export const accountPageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const [path, render] of PAGES) {
    app.get(path, { config: pageLimit, schema: { hide: true } }, async (request, reply) =>
      sendHtml(reply, render(pageFor(request, path))),
    );
  }
};
