import { escapeHtml } from '../../../i18n/locale.js';
import { pageHref, renderPage } from './page-layout.js';
import type { PageRequest } from './page-layout.js';

/** The home page: what Certa is, and where verifiers, recipients and developers go. */
export function renderHomePage(page: PageRequest): string {
  const { home } = page.strings;
  const main = `<h1>${escapeHtml(home.heading)}</h1>
<p class="lead">${escapeHtml(home.intro)}</p>
<div class="home-sections">
<section class="card" aria-labelledby="verify-heading">
<h2 id="verify-heading">${escapeHtml(home.verifyHeading)}</h2>
<p>${escapeHtml(home.verifyText)}</p>
<p><a class="button" href="${escapeHtml(pageHref(page, '/verify'))}">${escapeHtml(home.verifyLink)}</a></p>
</section>
<section class="card" aria-labelledby="recipient-heading">
<h2 id="recipient-heading">${escapeHtml(home.recipientHeading)}</h2>
<p>${escapeHtml(home.recipientText)}</p>
<p><a href="${escapeHtml(pageHref(page, '/recipient/lost-link'))}" id="lost-link-link">${escapeHtml(home.lostLinkLink)}</a></p>
</section>
<section class="card" aria-labelledby="developers-heading">
<h2 id="developers-heading">${escapeHtml(home.developersHeading)}</h2>
<p>${escapeHtml(home.developersText)}</p>
<p><a href="/docs">${escapeHtml(home.developersLink)}</a></p>
</section>
</div>`;
  return renderPage(page, { title: home.title, main });
}
