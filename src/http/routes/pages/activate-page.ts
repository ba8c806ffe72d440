import type { ActivationInfo } from '../../../documents/activation-info.js';
import { expiryAsShown } from '../../../documents/document.js';
import { escapeHtml } from '../../../i18n/locale.js';
import type { ActivationPageFacts } from './activation-page-facts.js';
import { documentFacts } from './document-facts.js';
import { linkedInAddToProfileUrl } from './linkedin-link.js';
import { formatValidUntil, pageHref, renderPage } from './page-layout.js';
import type { PageRequest } from './page-layout.js';
import type { ActivatePageData } from './page-data.js';
import { fill } from './page-strings.js';

/** The terms body as paragraphs, one per line of text. */
function termsParagraphs(body: string): string {
  return body
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('\n');
}

function stateNotice(page: PageRequest, info: ActivationInfo): string {
  const { activate } = page.strings;
  switch (info.state) {
    case 'revoked':
      return `<p class="notice notice-error" id="state-notice">${escapeHtml(activate.revokedNotice)}</p>`;
    case 'suspended':
      return `<p class="notice notice-error" id="state-notice">${escapeHtml(activate.suspendedDocumentNotice)}</p>`;
    case 'expired': {
      const date = info.expiresAt === null ? '' : formatValidUntil(page, info.expiresAt);
      return `<p class="notice notice-error" id="state-notice">${fill(escapeHtml(activate.expiredNotice), { date })}</p>`;
    }
    case 'active':
      return `<p class="notice notice-info" id="state-notice">${escapeHtml(activate.alreadyActive)}</p>`;
    case 'pending':
      return '';
  }
}

/** The terms and the acceptance form (pending or expired documents), or only a button (active ones). */
function activationForm(page: PageRequest, info: ActivationInfo): string {
  const { activate } = page.strings;
  if (info.state === 'revoked') return '';
  if (info.state === 'active') {
    return `<form id="activate-form" class="activation" novalidate>
<button type="submit" class="button" id="activate-button">${escapeHtml(activate.getButton)}</button>
</form>`;
  }
  const version = { version: info.terms.version };
  return `<section class="activation" id="terms-section">
<h2 id="terms-heading">${escapeHtml(fill(activate.termsHeading, version))}</h2>
<div class="terms" id="terms" tabindex="0" role="region" aria-labelledby="terms-heading" lang="${escapeHtml(info.terms.language)}">
${termsParagraphs(info.terms.body)}
</div>
<form id="activate-form" novalidate>
<div class="accept">
<input type="checkbox" id="accept-terms" name="acceptTerms" value="true">
<label for="accept-terms">${escapeHtml(fill(activate.acceptLabel, version))}</label>
</div>
<button type="submit" class="button" id="activate-button">${escapeHtml(activate.activateButton)}</button>
</form>
</section>`;
}

/** The issuer's logo above the document, when it has one. */
function issuerLogo(page: PageRequest, info: ActivationInfo, facts: ActivationPageFacts): string {
  if (facts.logoUrl === null) return '';
  const alt = fill(page.strings.activate.logoAlt, { issuer: info.issuer.name });
  return `<p class="issuer-logo"><img src="${escapeHtml(facts.logoUrl)}" alt="${escapeHtml(alt)}" id="issuer-logo"></p>`;
}

/** Share link, LinkedIn and QR code: what a recipient does with the document next. */
function sharePanel(page: PageRequest, info: ActivationInfo, facts: ActivationPageFacts): string {
  const { activate } = page.strings;
  const linkedIn = linkedInAddToProfileUrl({
    name: info.title,
    organizationName: info.issuer.name,
    issuedAt: info.issuedAt,
    expiresAt: expiryAsShown(info.expiresAt),
    certId: info.documentId,
    certUrl: facts.verifyUrl,
  });
  return `<section class="share" aria-labelledby="share-heading">
<h3 id="share-heading">${escapeHtml(activate.shareHeading)}</h3>
<p>${escapeHtml(activate.shareText)}</p>
<div class="share-link">
<label for="share-link">${escapeHtml(activate.shareLinkLabel)}</label>
<div class="share-link-row">
<input type="url" id="share-link" value="${escapeHtml(facts.verifyUrl)}" readonly>
<button type="button" class="button button-secondary" id="copy-link">${escapeHtml(activate.copyButton)}</button>
</div>
<p id="copy-message" class="notice" aria-live="polite" aria-atomic="true"></p>
</div>
<p><a class="button button-linkedin" id="linkedin-link" href="${escapeHtml(linkedIn)}" target="_blank" rel="noopener noreferrer" aria-describedby="linkedin-text">${escapeHtml(activate.linkedInButton)}</a></p>
<p class="hint" id="linkedin-text">${escapeHtml(activate.linkedInText)}</p>
<h3 id="qr-heading">${escapeHtml(activate.qrHeading)}</h3>
<p>${escapeHtml(activate.qrText)}</p>
<canvas id="qr-code" class="qr-code" width="240" height="240" role="img" aria-label="${escapeHtml(activate.qrAlt)}"></canvas>
</section>`;
}

/** "Your data and rights": see, export, restrict, erase (behind a confirmation), by the link's secret. */
function rightsPanel(page: PageRequest): string {
  const { rights } = page.strings.activate;
  return `<section class="rights" id="rights" aria-labelledby="rights-heading">
<h3 id="rights-heading">${escapeHtml(rights.heading)}</h3>
<p>${escapeHtml(rights.text)}</p>
<p class="actions"><button type="button" class="button button-secondary" id="rights-see">${escapeHtml(rights.seeButton)}</button>
<button type="button" class="button button-secondary" id="rights-export">${escapeHtml(rights.exportButton)}</button></p>
<div id="rights-held" hidden></div>
<p class="actions"><button type="button" class="button button-secondary" id="rights-restrict" aria-describedby="rights-restrict-text">${escapeHtml(rights.restrictButton)}</button>
<button type="button" class="button button-secondary" id="rights-unrestrict">${escapeHtml(rights.unrestrictButton)}</button></p>
<p class="hint" id="rights-restrict-text">${escapeHtml(rights.restrictText)}</p>
<form id="rights-erase-form" class="erase" novalidate>
<h4 id="rights-erase-heading">${escapeHtml(rights.eraseHeading)}</h4>
<p id="rights-erase-text">${escapeHtml(rights.eraseText)}</p>
<div class="accept">
<input type="checkbox" id="rights-erase-confirm" name="confirm" value="true" aria-describedby="rights-erase-text">
<label for="rights-erase-confirm">${escapeHtml(rights.eraseConfirmLabel)}</label>
</div>
<button type="submit" class="button button-danger" id="rights-erase">${escapeHtml(rights.eraseButton)}</button>
</form>
<p id="rights-message" class="notice" aria-live="polite" aria-atomic="true"></p>
</section>`;
}

/** The "your document is ready" panel, hidden until the script has activated the document. */
function readyPanel(page: PageRequest, info: ActivationInfo, facts: ActivationPageFacts): string {
  const { activate } = page.strings;
  const verifyHref = pageHref(page, `/verify/${encodeURIComponent(info.documentId)}`);
  return `<section id="ready" class="card" aria-labelledby="ready-heading" hidden>
<h2 id="ready-heading" tabindex="-1">${escapeHtml(activate.readyHeading)}</h2>
<p>${escapeHtml(activate.readyText)}</p>
<p class="actions"><button type="button" class="button" id="download-button">${escapeHtml(activate.downloadButton)}</button>
<button type="button" class="button button-secondary" id="proof-button" aria-describedby="proof-text">${escapeHtml(activate.proofButton)}</button></p>
<p class="hint" id="proof-text">${escapeHtml(activate.proofText)}</p>
<p id="download-message" class="notice" aria-live="polite" aria-atomic="true"></p>
<p><strong id="sha256-label">${escapeHtml(activate.sha256Label)}</strong></p>
<p><code class="digest" id="ready-sha256" aria-labelledby="sha256-label"></code></p>
<p><a id="verify-link" href="${escapeHtml(verifyHref)}">${escapeHtml(activate.verifyLink)}</a></p>
${sharePanel(page, info, facts)}
${rightsPanel(page)}
</section>`;
}

/**
 * The page the e-mailed link opens (`/activate/<id>#<secret>`): issuer, document, state and the
 * terms, rendered on the server; the script reads the secret from the fragment and activates.
 */
export function renderActivatePage(
  page: PageRequest,
  info: ActivationInfo,
  facts: ActivationPageFacts,
): string {
  const { activate } = page.strings;
  const data: ActivatePageData = {
    documentId: info.documentId,
    termsVersion: info.terms.version,
    state: info.state,
    fileName: `${info.documentId}.pdf`,
    verifyUrl: facts.verifyUrl,
    strings: page.strings.activateScript,
  };
  const main = `<h1>${escapeHtml(activate.heading)}</h1>
${info.state === 'revoked' ? '' : `<p class="lead" id="intro">${escapeHtml(activate.intro)}</p>`}
<noscript><p class="notice notice-error">${escapeHtml(activate.noscript)}</p></noscript>
<section class="card" aria-labelledby="document-heading">
<h2 id="document-heading">${escapeHtml(activate.documentHeading)}</h2>
${issuerLogo(page, info, facts)}
${documentFacts(page, info)}
</section>
${stateNotice(page, info)}
${activationForm(page, info)}
<p id="activation-message" class="notice" aria-live="polite" aria-atomic="true"></p>
<p id="lost-link" class="hint"><a href="${escapeHtml(pageHref(page, '/recipient/lost-link'))}">${escapeHtml(page.strings.home.lostLinkLink)}</a></p>
<p id="secret-note" class="privacy" hidden>${escapeHtml(activate.secretNote)}</p>
${readyPanel(page, info, facts)}`;
  return renderPage(page, { title: activate.title, main, script: { name: 'activate', data } });
}
