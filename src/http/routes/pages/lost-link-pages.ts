import { escapeHtml } from '../../../i18n/locale.js';
import { pageHref, renderPage } from './page-layout.js';
import type { PageRequest } from './page-layout.js';
import type { LostLinkPageData } from './page-data.js';

/*
 * The holder's lost-link pages (DESIGN §3, issue 13): `/recipient/lost-link` asks by e-mail
 * address (always the same answer), and `/recipient/requests#<token>` — the e-mailed link — lists
 * the documents issued to that address and exports or erases them. The token stays in the
 * fragment and in request bodies, never in a URL the browser sends.
 */

function pageData(page: PageRequest): LostLinkPageData {
  return { locale: page.locale, strings: page.strings.lostLinkScript };
}

/** `/recipient/lost-link`: one e-mail field and the sentence that the answer is always the same. */
export function renderLostLinkPage(page: PageRequest): string {
  const { lostLink } = page.strings;
  const main = `<h1>${escapeHtml(lostLink.heading)}</h1>
<p class="lead">${escapeHtml(lostLink.intro)}</p>
<noscript><p class="notice notice-error">${escapeHtml(lostLink.noscript)}</p></noscript>
<section class="card">
<form id="lost-link-form" novalidate>
<div class="field">
<label for="lost-link-email">${escapeHtml(lostLink.emailLabel)}</label>
<input type="email" id="lost-link-email" name="email" autocomplete="email" maxlength="320" required aria-describedby="lost-link-email-hint">
<p class="hint" id="lost-link-email-hint">${escapeHtml(lostLink.emailHint)}</p>
</div>
<button type="submit" class="button" id="lost-link-submit">${escapeHtml(lostLink.submitButton)}</button>
</form>
<p id="lost-link-message" class="notice" aria-live="polite" aria-atomic="true"></p>
<p class="privacy">${escapeHtml(lostLink.privacy)}</p>
</section>`;
  return renderPage(page, {
    title: lostLink.title,
    main,
    script: { name: 'lost-link', data: pageData(page) },
  });
}

/** `/recipient/requests`: the documents (filled in by the script), export, erase. */
export function renderRequestsPage(page: PageRequest): string {
  const { lostLink } = page.strings;
  const askAgain = escapeHtml(pageHref(page, '/recipient/lost-link'));
  const main = `<h1>${escapeHtml(lostLink.requestsHeading)}</h1>
<p class="lead">${escapeHtml(lostLink.requestsIntro)}</p>
<noscript><p class="notice notice-error">${escapeHtml(lostLink.noscript)}</p></noscript>
<p id="requests-message" class="notice" aria-live="polite" aria-atomic="true"></p>
<p id="requests-ask-again" hidden><a class="button" href="${askAgain}">${escapeHtml(lostLink.askAgainLink)}</a></p>
<section class="card" id="requests-documents" aria-labelledby="requests-documents-heading" hidden>
<h2 id="requests-documents-heading" tabindex="-1">${escapeHtml(lostLink.documentsHeading)}</h2>
<p id="requests-expiry" class="hint"></p>
<ul id="requests-list" class="request-documents"></ul>
</section>
<section class="card rights" id="requests-actions" hidden>
<h2 id="requests-export-heading">${escapeHtml(lostLink.exportHeading)}</h2>
<p id="requests-export-text">${escapeHtml(lostLink.exportText)}</p>
<p class="actions"><button type="button" class="button" id="requests-export" aria-describedby="requests-export-text">${escapeHtml(lostLink.exportButton)}</button></p>
<form id="requests-erase-form" class="erase" novalidate>
<h2 id="requests-erase-heading">${escapeHtml(lostLink.eraseHeading)}</h2>
<p id="requests-erase-text">${escapeHtml(lostLink.eraseText)}</p>
<div class="accept">
<input type="checkbox" id="requests-erase-confirm" name="confirm" value="true" aria-describedby="requests-erase-text">
<label for="requests-erase-confirm">${escapeHtml(lostLink.eraseConfirmLabel)}</label>
</div>
<button type="submit" class="button button-danger" id="requests-erase">${escapeHtml(lostLink.eraseButton)}</button>
</form>
</section>`;
  return renderPage(page, {
    title: lostLink.requestsTitle,
    main,
    script: { name: 'recipient-requests', data: pageData(page) },
  });
}
