import type { VerifyPageData } from '../../../src/http/routes/pages/page-data.js';
import { element, fill } from '../shared/dom.js';
import type { CheckStatus, Report, ReportCheck, ReportDocument } from './report.js';

type Strings = VerifyPageData['strings'];

const MARKS: Record<CheckStatus, string> = {
  passed: '\u2714',
  failed: '\u2718',
  pending: '\u2026',
  unknown: '?',
};

function isCheckStatus(value: string): value is CheckStatus {
  return Object.hasOwn(MARKS, value);
}

/** Dates in the page's language, in UTC. */
export class PageDates {
  private readonly instant: Intl.DateTimeFormat;
  private readonly day: Intl.DateTimeFormat;

  constructor(locale: string) {
    this.instant = new Intl.DateTimeFormat(locale, {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: 'UTC',
    });
    this.day = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  }

  dateTime(iso: string | null | undefined): string {
    if (iso === null || iso === undefined) return '?';
    const parsed = new Date(iso);
    return Number.isNaN(parsed.getTime()) ? '?' : `${this.instant.format(parsed)} UTC`;
  }

  date(iso: string): string {
    const parsed = new Date(iso);
    return Number.isNaN(parsed.getTime()) ? '?' : this.day.format(parsed);
  }

  /** The last day valid: the day the issuer typed (validThrough), else the expiry instant. */
  validUntil(document: ReportDocument): string {
    return typeof document.validThrough === 'string'
      ? this.day.format(new Date(`${document.validThrough}T00:00:00Z`))
      : this.dateTime(document.expiresAt);
  }
}

/** Whether `code` names one of the catalogue's plain messages. */
function plainMessage(strings: Strings, code: string): string | null {
  const messages = strings.checkMessages as unknown as Record<string, string>;
  return Object.hasOwn(messages, code) ? (messages[code] ?? null) : null;
}

/** A check's message in the page's language, by its code; the report's sentence otherwise. */
export function checkMessage(
  strings: Strings,
  dates: PageDates,
  check: ReportCheck,
  report: Report,
): string {
  const m = strings.checkMessages;
  const doc = report.document ?? null;
  const issuer = report.issuer?.name ?? '';
  const fallback = check.message ?? '';
  const trimmed = (text: string): string => text.replace(/[\s:]+$/, '');
  switch (check.code) {
    case 'issuer_verified':
      return fill(m.issuer_verified, { issuer });
    case 'revoked':
      return doc === null
        ? fallback
        : trimmed(
            fill(m.revoked, {
              date: dates.dateTime(doc.revokedAt),
              reason: doc.revocationReason ?? '',
            }),
          );
    case 'superseded':
      return doc?.supersededBy
        ? fill(m.superseded, {
            date: dates.dateTime(doc.revokedAt),
            url: `${location.origin}/verify/${doc.supersededBy}`,
          })
        : fallback;
    case 'suspended':
      return doc === null
        ? fallback
        : trimmed(
            fill(m.suspended, {
              date: dates.dateTime(doc.suspendedAt),
              reason: doc.suspensionReason ?? '',
            }),
          );
    case 'expired':
      return doc === null ? fallback : fill(m.expired, { date: dates.validUntil(doc) });
    case 'active':
      return doc?.expiresAt ? fill(m.active_until, { date: dates.validUntil(doc) }) : m.active;
    case 'not_anchored_yet':
      return doc === null
        ? fallback
        : fill(m.not_anchored_yet, {
            issued: dates.dateTime(doc.issuedAt),
            activated: doc.activatedAt ? dates.dateTime(doc.activatedAt) : m.not_activated_yet,
          });
    case 'anchored_in_bitcoin':
      return report.anchor?.bitcoinTime
        ? fill(m.anchored_in_bitcoin, {
            time: dates.dateTime(report.anchor.bitcoinTime),
            height: report.anchor.bitcoinHeight ?? '',
          })
        : fallback;
    case 'time_inconsistent':
      return report.anchor?.bitcoinTime && doc !== null
        ? fill(m.time_inconsistent, {
            time: dates.dateTime(report.anchor.bitcoinTime),
            issued: dates.dateTime(doc.issuedAt),
          })
        : fallback;
    case undefined:
      return fallback;
    default: {
      const plain = plainMessage(strings, check.code);
      if (plain !== null) return plain;
      if (check.id === 'issuer' && check.status === 'failed' && issuer !== '')
        return fill(m.issuer_not_verified, { issuer });
      return fallback;
    }
  }
}

function addFact(list: HTMLDListElement, term: string, value: string | Node): void {
  list.append(element('dt', '', term));
  const definition = element('dd');
  definition.append(value);
  list.append(definition);
}

function verifiedBadge(className: string, text: string): HTMLElement {
  const badge = element('span', `badge badge-verified ${className}`);
  const tick = element('span', '', `${MARKS.passed} `);
  tick.setAttribute('aria-hidden', 'true');
  badge.append(tick, text);
  return badge;
}

function issuerFact(data: VerifyPageData, dates: PageDates, report: Report): HTMLElement | null {
  const reported = report.issuer;
  if (reported === null || reported === undefined) return null;
  const s = data.strings;
  const issuer = element('span');
  issuer.append(reported.name);
  if (reported.verified === true && reported.identityReviewedAt) {
    issuer.append(
      ' ',
      verifiedBadge(
        'issuer-identity-reviewed',
        fill(s.identityReviewed, { date: dates.date(reported.identityReviewedAt) }),
      ),
      ' ',
      reported.domain && reported.domainVerifiedAt
        ? verifiedBadge(
            'issuer-domain-verified',
            fill(s.domainVerified, {
              domain: reported.domain,
              date: dates.date(reported.domainVerifiedAt),
            }),
          )
        : element('span', 'badge badge-unverified issuer-domain-not-verified', s.domainNotVerified),
    );
  }
  if (reported.profileUrl && reported.id) {
    const profile = element('a', 'issuer-profile-link', data.issuerProfileLink);
    profile.href = `/issuers/${encodeURIComponent(reported.id)}`;
    issuer.append(' ', profile);
  }
  return issuer;
}

/** The verdict heading and sentence. */
function verdictBlock(s: Strings, report: Report): HTMLElement {
  const valid = report.valid;
  const verdict = element('div', `verdict ${valid ? 'verdict-valid' : 'verdict-invalid'}`);
  verdict.id = 'verdict';
  verdict.dataset['valid'] = String(valid);
  const heading = element('h3');
  const mark = element('span', 'mark', `${valid ? MARKS.passed : MARKS.failed} `);
  mark.setAttribute('aria-hidden', 'true');
  heading.append(mark, element('span', 'verdict-text', valid ? s.valid : s.invalid));
  verdict.append(
    heading,
    element(
      'p',
      '',
      valid ? fill(s.validText, { issuer: report.issuer?.name ?? '' }) : s.invalidText,
    ),
  );
  return verdict;
}

/** One row per check: mark, name (with its status for screen readers) and message. */
export function checkList(
  s: Strings,
  dates: PageDates,
  report: Report,
  extra?: (check: ReportCheck, row: HTMLLIElement) => void,
): HTMLUListElement {
  const list = element('ul', 'checks');
  for (const check of report.checks) {
    const known: CheckStatus = isCheckStatus(check.status) ? check.status : 'unknown';
    const row = element('li', `check check-${known}`);
    row.dataset['check'] = check.id;
    row.dataset['status'] = known;
    const mark = element('span', 'mark', MARKS[known]);
    mark.setAttribute('aria-hidden', 'true');
    const name = element('span', 'name');
    const names = s.checkNames as Record<string, string>;
    name.append(
      element('span', 'visually-hidden', `${s.statusWords[known]}: `),
      names[check.id] ?? check.id,
    );
    row.append(mark, name, element('span', 'message', checkMessage(s, dates, check, report)));
    extra?.(check, row);
    list.append(row);
  }
  return list;
}

/** Renders the whole report into `target`. */
export function renderReport(
  data: VerifyPageData,
  target: HTMLElement,
  report: Report,
  fileName: string,
  extraFacts: (facts: HTMLDListElement) => void = () => {},
  extraCheck?: (check: ReportCheck, row: HTMLLIElement) => void,
): void {
  const s = data.strings;
  const dates = new PageDates(s.dateLocale);
  target.replaceChildren();
  target.append(verdictBlock(s, report));

  const facts = element('dl', 'facts');
  addFact(facts, s.fileLabel, fileName);
  if (report.document) addFact(facts, s.documentLabel, report.document.title);
  const issuer = issuerFact(data, dates, report);
  if (issuer !== null) addFact(facts, s.issuerLabel, issuer);
  const states = s.states as Record<string, string>;
  const state = report.document ? states[report.document.state] : undefined;
  if (report.document && state !== undefined)
    addFact(facts, s.stateLabel, element('span', `state state-${report.document.state}`, state));
  addFact(facts, s.sha256Label, element('code', '', report.sha256));
  extraFacts(facts);
  target.append(facts);

  if (data.documentId !== null && report.document && report.document.id !== data.documentId) {
    target.append(
      element('p', 'notice notice-error', fill(s.differentDocument, { id: report.document.id })),
    );
  }
  target.append(element('h3', '', s.checksHeading));
  target.append(checkList(s, dates, report, extraCheck));
}

export { addFact };
