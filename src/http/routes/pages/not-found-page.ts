import { escapeHtml } from '../../../i18n/locale.js';
import { pageHref, renderPage } from './page-layout.js';
import type { PageRequest } from './page-layout.js';

/** The friendly page for an unknown document id (sent with status 404). */
export function renderNotFoundPage(page: PageRequest): string {
  const { notFound } = page.strings;
  const main = `<h1>${escapeHtml(notFound.heading)}</h1>
<p class="lead">${escapeHtml(notFound.text)}</p>
<ul>
<li><a href="${escapeHtml(pageHref(page, '/verify'))}">${escapeHtml(notFound.verifyLink)}</a></li>
<li><a href="${escapeHtml(pageHref(page, '/'))}">${escapeHtml(notFound.homeLink)}</a></li>
</ul>`;
  return renderPage(page, { title: notFound.title, main });
}
