/**
 * The verification page's script (plain JS, served as /assets/verify.js). It computes the
 * SHA-256 of the chosen PDF in the browser (crypto.subtle), posts only `{ sha256 }` to
 * /api/verify and renders the report: a verdict and one row per check. The file never leaves
 * the device. Written without template literals so that it can live in this String.raw constant.
 */
export const VERIFY_SCRIPT = String.raw`'use strict';
(() => {
  const dataElement = document.getElementById('page-data');
  const data = JSON.parse((dataElement && dataElement.textContent) || '{}');
  const s = data.strings;
  const MARKS = { passed: '\u2714', failed: '\u2718', pending: '\u2026', unknown: '?' };
  const byId = (id) => document.getElementById(id);
  const input = byId('file');
  const zone = byId('dropzone');
  const status = byId('verify-status');
  const reportSection = byId('report');
  const reportBody = byId('report-body');
  let run = 0;

  const fill = (template, values) => template.replace(/\{(\w+)\}/g, (placeholder, name) => (name in values ? String(values[name]) : placeholder));

  const show = (text, kind) => {
    status.textContent = text;
    status.className = kind === 'announce' ? 'notice visually-hidden' : kind ? 'notice notice-' + kind : 'notice';
  };

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const formatter = new Intl.DateTimeFormat(s.dateLocale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
  const dayFormatter = new Intl.DateTimeFormat(s.dateLocale, { dateStyle: 'long', timeZone: 'UTC' });
  const date = (iso) => {
    const parsed = new Date(iso);
    return iso && !Number.isNaN(parsed.getTime()) ? formatter.format(parsed) + ' UTC' : '?';
  };

  /** The last day valid: the day the issuer typed (validThrough), else the expiry instant. */
  const validUntil = (doc) => (doc.validThrough ? dayFormatter.format(new Date(doc.validThrough + 'T00:00:00Z')) : date(doc.expiresAt));

  /** Same rule as the server: "%PDF-" within the first 1024 bytes. */
  const looksLikePdf = (bytes) => {
    const end = Math.min(bytes.length, 1024);
    for (let i = 0; i + 4 < end; i += 1) {
      if (bytes[i] === 0x25 && bytes[i + 1] === 0x50 && bytes[i + 2] === 0x44 && bytes[i + 3] === 0x46 && bytes[i + 4] === 0x2d) return true;
    }
    return false;
  };

  const hex = (buffer) => Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('');

  /** The check's message in the page's language, by its code; the server's sentence otherwise. */
  const checkMessage = (check, report) => {
    const m = s.checkMessages;
    const doc = report.document;
    const issuer = report.issuer ? report.issuer.name : '';
    switch (check.code) {
      case 'digest_matches':
      case 'not_issued_here':
      case 'no_document':
      case 'not_activated':
        return m[check.code];
      case 'issuer_verified':
        return fill(m.issuer_verified, { issuer: issuer });
      case 'revoked':
        return doc ? fill(m.revoked, { date: date(doc.revokedAt), reason: doc.revocationReason || '' }).replace(/[\s:]+$/, '') : check.message;
      case 'superseded':
        return doc && doc.supersededBy ? fill(m.superseded, { date: date(doc.revokedAt), url: location.origin + '/verify/' + doc.supersededBy }) : check.message;
      case 'suspended':
        return doc ? fill(m.suspended, { date: date(doc.suspendedAt), reason: doc.suspensionReason || '' }).replace(/[\s:]+$/, '') : check.message;
      case 'expired':
        return doc ? fill(m.expired, { date: validUntil(doc) }) : check.message;
      case 'active':
        return doc && doc.expiresAt ? fill(m.active_until, { date: validUntil(doc) }) : m.active;
      case 'not_anchored_yet':
        return doc ? fill(m.not_anchored_yet, { issued: date(doc.issuedAt), activated: doc.activatedAt ? date(doc.activatedAt) : m.not_activated_yet }) : check.message;
      case 'anchored_in_bitcoin':
        return report.anchor && report.anchor.bitcoinTime ? fill(m.anchored_in_bitcoin, { time: date(report.anchor.bitcoinTime), height: report.anchor.bitcoinHeight }) : check.message;
      case 'time_inconsistent':
        return report.anchor && report.anchor.bitcoinTime && doc ? fill(m.time_inconsistent, { time: date(report.anchor.bitcoinTime), issued: date(doc.issuedAt) }) : check.message;
      case 'anchor_pending':
      case 'bitcoin_unavailable':
      case 'proof_invalid':
      case 'no_record':
      case 'record_signed':
      case 'record_invalid':
      case 'record_unknown_signer':
      case 'record_document_unknown':
      case 'record_mismatch':
      case 'record_unreadable':
      case 'signature_unreadable':
      case 'unsigned':
      case 'signature_invalid':
      case 'signature_partial':
      case 'signed_by_platform':
      case 'signed_by_other':
        return m[check.code];
      default:
        if (check.id === 'issuer' && check.status === 'failed' && issuer) return fill(m.issuer_not_verified, { issuer: issuer });
        return String(check.message || '');
    }
  };

  const addFact = (list, term, value) => {
    list.append(element('dt', '', term));
    const definition = element('dd');
    definition.append(value);
    list.append(definition);
  };

  const render = (report, fileName) => {
    const valid = report.valid === true;
    reportBody.replaceChildren();

    const verdict = element('div', 'verdict ' + (valid ? 'verdict-valid' : 'verdict-invalid'));
    verdict.id = 'verdict';
    verdict.dataset.valid = String(valid);
    const heading = element('h3');
    const mark = element('span', 'mark', (valid ? MARKS.passed : MARKS.failed) + ' ');
    mark.setAttribute('aria-hidden', 'true');
    heading.append(mark, element('span', 'verdict-text', valid ? s.valid : s.invalid));
    verdict.append(heading, element('p', '', valid ? fill(s.validText, { issuer: report.issuer ? report.issuer.name : '' }) : s.invalidText));
    reportBody.append(verdict);

    const facts = element('dl', 'facts');
    addFact(facts, s.fileLabel, fileName);
    if (report.document) addFact(facts, s.documentLabel, report.document.title);
    if (report.issuer) {
      const issuer = element('span');
      issuer.append(report.issuer.name);
      if (report.issuer.verified && report.issuer.identityReviewedAt) {
        const verifiedBadge = (className, text) => {
          const badge = element('span', 'badge badge-verified ' + className);
          const tick = element('span', '', MARKS.passed + ' ');
          tick.setAttribute('aria-hidden', 'true');
          badge.append(tick, text);
          return badge;
        };
        const day = (iso) => dayFormatter.format(new Date(iso));
        issuer.append(' ', verifiedBadge('issuer-identity-reviewed', fill(s.identityReviewed, { date: day(report.issuer.identityReviewedAt) })));
        issuer.append(' ', report.issuer.domain && report.issuer.domainVerifiedAt
          ? verifiedBadge('issuer-domain-verified', fill(s.domainVerified, { domain: report.issuer.domain, date: day(report.issuer.domainVerifiedAt) }))
          : element('span', 'badge badge-unverified issuer-domain-not-verified', s.domainNotVerified));
      }
      if (report.issuer.profileUrl && report.issuer.id) {
        const profile = element('a', 'issuer-profile-link', data.issuerProfileLink);
        profile.href = '/issuers/' + encodeURIComponent(report.issuer.id);
        issuer.append(' ', profile);
      }
      addFact(facts, s.issuerLabel, issuer);
    }
    if (report.document && s.states[report.document.state]) {
      addFact(facts, s.stateLabel, element('span', 'state state-' + report.document.state, s.states[report.document.state]));
    }
    addFact(facts, s.sha256Label, element('code', '', report.sha256));
    reportBody.append(facts);

    if (data.documentId && report.document && report.document.id !== data.documentId) {
      reportBody.append(element('p', 'notice notice-error', fill(s.differentDocument, { id: report.document.id })));
    }

    reportBody.append(element('h3', '', s.checksHeading));
    const list = element('ul', 'checks');
    report.checks.forEach((check) => {
      const known = Object.prototype.hasOwnProperty.call(MARKS, check.status) ? check.status : 'unknown';
      const row = element('li', 'check check-' + known);
      row.dataset.check = check.id;
      row.dataset.status = known;
      const checkMark = element('span', 'mark', MARKS[known]);
      checkMark.setAttribute('aria-hidden', 'true');
      const name = element('span', 'name');
      name.append(element('span', 'visually-hidden', s.statusWords[known] + ': '), s.checkNames[check.id] || check.id);
      row.append(checkMark, name, element('span', 'message', checkMessage(check, report)));
      list.append(row);
    });
    reportBody.append(list);
    reportSection.hidden = false;
    // Announced by the live region; shown once only, in the report.
    show(valid ? s.valid : s.invalid, 'announce');
  };

  const check = async (file) => {
    const mine = (run += 1);
    reportSection.hidden = true;
    reportBody.replaceChildren();
    if (!file) {
      show(s.noFile, 'error');
      return;
    }
    if (!(window.crypto && window.crypto.subtle)) {
      show(s.noCrypto, 'error');
      return;
    }
    show(fill(s.reading, { name: file.name }), 'info');
    let digest;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (mine !== run) return;
      if (!looksLikePdf(bytes)) {
        show(s.notPdf, 'error');
        return;
      }
      digest = hex(await window.crypto.subtle.digest('SHA-256', bytes));
    } catch (error) {
      if (mine === run) show(s.readFailed, 'error');
      return;
    }
    if (mine !== run) return;
    show(s.checking, 'info');
    let response;
    let report;
    try {
      response = await fetch('/api/verify', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ sha256: digest }),
        cache: 'no-store',
        credentials: 'same-origin',
      });
      report = await response.json();
    } catch (error) {
      if (mine === run) show(response ? s.generic : s.network, 'error');
      return;
    }
    if (mine !== run) return;
    if (!response.ok || !report || !Array.isArray(report.checks)) {
      show(s.generic, 'error');
      return;
    }
    render(report, file.name);
  };

  input.addEventListener('change', () => {
    check(input.files && input.files[0]);
  });

  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', (event) => {
    if (!zone.contains(event.relatedTarget)) zone.classList.remove('dragging');
  });
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    const file = event.dataTransfer && event.dataTransfer.files[0];
    if (file) check(file);
  });
  // A file dropped next to the zone must not make the browser open it instead of this page.
  window.addEventListener('dragover', (event) => event.preventDefault());
  window.addEventListener('drop', (event) => event.preventDefault());
})();
`;
