import type { DocumentState } from '../../../documents/document.js';
import { escapeHtml } from '../../../i18n/locale.js';
import type { IssuerProfile } from '../../../issuers/issuer.js';
import { issuerProfileLink } from './issuer-page.js';
import { formatDateTime, formatValidUntil, issuerChecks } from './page-layout.js';
import type { PageRequest } from './page-layout.js';

/**
 * The issuer's name, what was verified about it ("Identity reviewed by the platform on <date>",
 * "Domain <domain> verified on <date>" or "Domain not verified") — or "Issuer not verified" while
 * it is not approved — and a link to its profile.
 */
export function issuerWithBadge(page: PageRequest, issuer: IssuerProfile): string {
  const { common } = page.strings;
  const checks = issuerChecks(page, issuer);
  const badges =
    issuer.verified && checks.identity !== null
      ? `${checks.identity} ${checks.domain}`
      : `<span class="badge badge-unverified">${escapeHtml(common.unverifiedIssuer)}</span>`;
  const profile = issuer.profileUrl === null ? '' : ` ${issuerProfileLink(page, issuer.id)}`;
  return `<span class="issuer-name">${escapeHtml(issuer.name)}</span> ${badges}${profile}`;
}

/** A document state in words, coloured by a class. */
export function stateText(page: PageRequest, state: DocumentState): string {
  return `<span class="state state-${state}" data-state="${state}">${escapeHtml(page.strings.states[state])}</span>`;
}

export interface DocumentFacts {
  readonly title: string;
  readonly state: DocumentState;
  readonly issuer: IssuerProfile;
  readonly id?: string;
  readonly issuedAt: string;
  readonly activatedAt?: string | null;
  readonly expiresAt: string | null;
  readonly revokedAt?: string | null;
  readonly revocationReason?: string | null;
  readonly suspendedAt?: string | null;
  readonly suspensionReason?: string | null;
}

/** A definition list of what anyone may know about a document (never the recipient). */
export function documentFacts(page: PageRequest, facts: DocumentFacts): string {
  const { labels, neverExpires } = page.strings.common;
  const rows: Array<[string, string]> = [
    [labels.issuer, issuerWithBadge(page, facts.issuer)],
    [labels.document, `<span class="document-title">${escapeHtml(facts.title)}</span>`],
    [labels.state, stateText(page, facts.state)],
    [labels.issuedAt, formatDateTime(page, facts.issuedAt)],
  ];
  if (facts.activatedAt !== undefined && facts.activatedAt !== null)
    rows.push([labels.activatedAt, formatDateTime(page, facts.activatedAt)]);
  rows.push([
    labels.expiresAt,
    facts.expiresAt === null ? escapeHtml(neverExpires) : formatValidUntil(page, facts.expiresAt),
  ]);
  if (
    facts.state === 'suspended' &&
    facts.suspendedAt !== undefined &&
    facts.suspendedAt !== null
  ) {
    rows.push([labels.suspendedAt, formatDateTime(page, facts.suspendedAt)]);
    if (facts.suspensionReason !== undefined && facts.suspensionReason !== null)
      rows.push([labels.suspensionReason, escapeHtml(facts.suspensionReason)]);
  }
  if (facts.revokedAt !== undefined && facts.revokedAt !== null)
    rows.push([labels.revokedAt, formatDateTime(page, facts.revokedAt)]);
  if (
    facts.revocationReason !== undefined &&
    facts.revocationReason !== null &&
    facts.revocationReason !== ''
  ) {
    rows.push([labels.revocationReason, escapeHtml(facts.revocationReason)]);
  }
  if (facts.id !== undefined)
    rows.push([labels.documentId, `<code>${escapeHtml(facts.id)}</code>`]);
  return `<dl class="facts">${rows.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${value}</dd>`).join('')}</dl>`;
}
