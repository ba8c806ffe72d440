import { escapeHtml } from '../../../i18n/locale.js';
import type { DocumentStatusView } from '../../../verification/look-up-document.js';
import { documentFacts } from './document-facts.js';
import { renderPage } from './page-layout.js';
import type { PageRequest } from './page-layout.js';
import type { VerifyPageData } from './page-data.js';

function statusSection(page: PageRequest, status: DocumentStatusView): string {
  const { verify } = page.strings;
  return `<section class="card" aria-labelledby="status-heading">
<h2 id="status-heading">${escapeHtml(verify.statusHeading)}</h2>
${documentFacts(page, status)}
<p class="privacy" id="status-explain">${escapeHtml(verify.statusExplain)}</p>
</section>`;
}

/**
 * The verifier's page, `/verify` or `/verify/<id>` (the QR code's target). With an id it shows the
 * public status (never the recipient); both check a chosen file in the browser with the verifier
 * package (signature, record, issuer, status lists, timestamp proof against two header sources),
 * asking the platform only for the lookup by SHA-256, the issuer's profile, the lists and the proof.
 */
export function renderVerifyPage(
  page: PageRequest,
  status: DocumentStatusView | null,
  headerSources: VerifyPageData['headerSources'],
  publicUrl: string,
): string {
  const { verify } = page.strings;
  const data: VerifyPageData = {
    documentId: status?.id ?? null,
    strings: page.strings.verifyScript,
    issuerProfileLink: page.strings.issuerProfile.profileLink,
    publicUrl,
    headerSources,
  };
  const main = `<h1>${escapeHtml(verify.heading)}</h1>
<p class="lead">${escapeHtml(verify.intro)}</p>
${status === null ? '' : statusSection(page, status)}
<section aria-labelledby="file-heading">
<h2 id="file-heading">${escapeHtml(verify.fileHeading)}</h2>
<noscript><p class="notice notice-error">${escapeHtml(verify.noscript)}</p></noscript>
<div class="dropzone" id="dropzone">
<label for="file">${escapeHtml(verify.fileLabel)}</label>
<input type="file" id="file" name="file" accept="application/pdf,.pdf" aria-describedby="privacy-note">
<p class="hint">${escapeHtml(verify.dropHint)}</p>
</div>
<p class="privacy" id="privacy-note">${escapeHtml(verify.privacy)}</p>
<p id="verify-status" class="notice" aria-live="polite" aria-atomic="true"></p>
</section>
<section id="report" aria-labelledby="report-heading" hidden>
<h2 id="report-heading">${escapeHtml(verify.reportHeading)}</h2>
<div id="report-body"></div>
</section>`;
  return renderPage(page, { title: verify.title, main, script: { name: 'verify', data } });
}
