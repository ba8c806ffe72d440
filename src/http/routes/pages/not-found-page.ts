import { escapeHtml } from '../../../i18n/locale.js';
import { pageHref, renderPage } from './page-layout.js';
import type { PageRequest } from './page-layout.js';

/** What was not found: a document id (/verify, /activate), an issuer id, or any other address. */
export type NotFoundKind = 'document' | 'issuer' | 'page';

/**
 * The friendly page sent with status 404: "Document not found" for an unknown document id,
 * "Issuer not found" for an unknown issuer profile, "Page not found" for any other address.
 */
export function renderNotFoundPage(page: PageRequest, kind: NotFoundKind): string {
  const { notFound } = page.strings;
  const texts = notFound[kind];
  const main = `<h1>${escapeHtml(texts.heading)}</h1>
<p class="lead">${escapeHtml(texts.text)}</p>
<ul>
<li><a href="${escapeHtml(pageHref(page, '/verify'))}">${escapeHtml(notFound.verifyLink)}</a></li>
<li><a href="${escapeHtml(pageHref(page, '/'))}">${escapeHtml(notFound.homeLink)}</a></li>
</ul>`;
  return renderPage(page, { title: texts.title, main });
}
