import { escapeHtml } from '../../../i18n/locale.js';
import type { PublicIssuerProfile } from '../../../issuers/issuer-profile.js';
import { fill } from './page-strings.js';
import { formatDateTime, issuerChecks, pageHref, renderPage } from './page-layout.js';
import type { PageRequest } from './page-layout.js';

/** The country's name in the page's language, from its ISO 3166-1 alpha-2 code. */
function countryName(page: PageRequest, code: string): string {
  try {
    return (
      new Intl.DisplayNames([page.strings.common.dateLocale], { type: 'region' }).of(code) ?? code
    );
  } catch {
    return code;
  }
}

function factsList(rows: ReadonlyArray<readonly [string, string]>): string {
  return `<dl class="facts">${rows.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${value}</dd>`).join('')}</dl>`;
}

/** A website as a link only when it is an http(s) URL; as plain text otherwise. */
function websiteLink(website: string): string {
  let url: URL | null = null;
  try {
    url = new URL(website);
  } catch {
    url = null;
  }
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    return escapeHtml(website);
  return `<a href="${escapeHtml(url.href)}" rel="nofollow noopener noreferrer">${escapeHtml(website)}</a>`;
}

function identitySection(page: PageRequest, profile: PublicIssuerProfile): string {
  const strings = page.strings.issuerProfile;
  const { labels } = strings;
  const optional = (value: string | null, render: (text: string) => string = escapeHtml) =>
    value === null
      ? `<span class="muted">${escapeHtml(strings.notProvided)}</span>`
      : render(value);
  const checks = issuerChecks(page, profile);
  const status =
    profile.status === 'approved'
      ? `<span class="issuer-status issuer-status-approved">${escapeHtml(strings.statuses.approved)}</span>`
      : `<span class="badge badge-unverified issuer-status issuer-status-suspended">${escapeHtml(strings.statuses.suspended)}</span>`;
  const rows: Array<readonly [string, string]> = [
    [labels.legalName, `<span class="issuer-legal-name">${optional(profile.legalName)}</span>`],
    [labels.name, `<span class="issuer-name">${escapeHtml(profile.name)}</span>`],
    [
      labels.country,
      optional(
        profile.country,
        (code) =>
          `<span class="issuer-country" data-code="${escapeHtml(code)}">${escapeHtml(countryName(page, code))}</span>`,
      ),
    ],
    [labels.website, optional(profile.website, websiteLink)],
  ];
  if (checks.identity !== null) rows.push([labels.identity, checks.identity]);
  rows.push([labels.domain, checks.domain]);
  rows.push([labels.status, status]);
  rows.push([labels.issuerId, `<code>${escapeHtml(profile.id)}</code>`]);
  return `<section class="card" aria-labelledby="identity-heading">
<h2 id="identity-heading">${escapeHtml(strings.identityHeading)}</h2>
${factsList(rows)}
</section>`;
}

function keysSection(page: PageRequest, profile: PublicIssuerProfile): string {
  const strings = page.strings.issuerProfile;
  const columns = strings.keyColumns;
  const date = (iso: string | null) =>
    iso === null ? escapeHtml(strings.none) : formatDateTime(page, iso);
  const rows = profile.keys
    .map(
      (key) => `<tr data-fingerprint="${escapeHtml(key.fingerprint)}" data-status="${key.status}">
<th scope="row"><code>${escapeHtml(key.fingerprint)}</code></th>
<td><span class="key-status key-status-${key.status}">${escapeHtml(strings.keyStatuses[key.status])}</span></td>
<td>${date(key.createdAt)}</td>
<td>${date(key.retiredAt)}</td>
<td>${date(key.revokedAt)}</td>
</tr>`,
    )
    .join('\n');
  return `<section aria-labelledby="keys-heading">
<h2 id="keys-heading">${escapeHtml(strings.keysHeading)}</h2>
<p>${escapeHtml(strings.keysIntro)}</p>
<div class="table-scroll" role="region" aria-labelledby="keys-caption" tabindex="0">
<table class="key-history">
<caption id="keys-caption">${escapeHtml(strings.keysCaption)}</caption>
<thead><tr><th scope="col">${escapeHtml(columns.fingerprint)}</th><th scope="col">${escapeHtml(columns.status)}</th><th scope="col">${escapeHtml(columns.createdAt)}</th><th scope="col">${escapeHtml(columns.retiredAt)}</th><th scope="col">${escapeHtml(columns.revokedAt)}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</div>
</section>`;
}

function signingSection(page: PageRequest, profile: PublicIssuerProfile): string {
  const strings = page.strings.issuerProfile;
  const labels = strings.signingLabels;
  const signer = profile.documentSigning.certificates[0];
  if (signer === undefined) return '';
  // The template is escaped first; the dates are HTML already.
  const range = fill(escapeHtml(strings.validityRange), {
    from: formatDateTime(page, signer.notBefore),
    to: formatDateTime(page, signer.notAfter),
  });
  return `<section aria-labelledby="signing-heading">
<h2 id="signing-heading">${escapeHtml(strings.signingHeading)}</h2>
<p>${escapeHtml(strings.signingIntro)}</p>
${factsList([
  [labels.subject, escapeHtml(signer.subject)],
  [labels.issuer, escapeHtml(signer.issuer)],
  [labels.fingerprint, `<code>${escapeHtml(signer.fingerprint)}</code>`],
  [labels.validity, range],
])}
</section>`;
}

/**
 * The public profile page of an approved (or suspended) issuer, `/issuers/<id>`: what a
 * platform admin checked (legal name, country, website), said apart from what was proved ("Identity
 * reviewed by the platform on <date>", "Domain <domain> verified on <date>" or "Domain not
 * verified"), its logo, its encryption keys with their history, and the certificate that signs
 * its documents.
 */
export function renderIssuerPage(page: PageRequest, profile: PublicIssuerProfile): string {
  const strings = page.strings.issuerProfile;
  const displayName = profile.legalName ?? profile.name;
  const logo =
    profile.logoUrl === null
      ? ''
      : `<img class="issuer-logo" src="${escapeHtml(`/api/issuers/${profile.id}/logo`)}" alt="${escapeHtml(fill(strings.logoAlt, { name: displayName }))}">`;
  const suspended =
    profile.status === 'suspended'
      ? `<p class="notice notice-error" id="suspended-notice">${escapeHtml(strings.suspendedNotice)}</p>`
      : '';
  const main = `<div class="issuer-heading">${logo}<h1>${escapeHtml(displayName)}</h1></div>
<p class="lead">${escapeHtml(strings.intro)}</p>
${suspended}
${identitySection(page, profile)}
${keysSection(page, profile)}
${signingSection(page, profile)}
<p><a href="${escapeHtml(`/api/issuers/${profile.id}`)}" type="application/json">${escapeHtml(strings.jsonLink)}</a></p>`;
  return renderPage(page, { title: fill(strings.title, { name: displayName }), main });
}

/** The link to an issuer's profile page (documents, verification), keeping a chosen language. */
export function issuerProfileLink(page: PageRequest, issuerId: string): string {
  return `<a class="issuer-profile-link" href="${escapeHtml(pageHref(page, `/issuers/${issuerId}`))}">${escapeHtml(page.strings.issuerProfile.profileLink)}</a>`;
}
