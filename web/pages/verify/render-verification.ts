import type { BrowserVerification, DocumentFacts } from '../../../verifier/browser.js';
import type { LocalCheckCode, VerifyPageData } from '../../../src/http/routes/pages/page-data.js';
import { element, fill } from '../shared/dom.js';
import { PageDates } from './page-dates.js';

type Strings = VerifyPageData['strings'];

/** One header source's answer for one block: the Merkle root it gave (internal order), or none. */
export interface HeaderSourceAnswer {
  readonly source: string;
  readonly height: number;
  readonly merkleRoot: Uint8Array | null;
}

/** A Merkle root as explorers print it (display order), shortened to its ends. */
function displayRoot(root: Uint8Array): { short: string; full: string } {
  const full = [...root]
    .reverse()
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('');
  return { short: `${full.slice(0, 12)}…${full.slice(-12)}`, full };
}

/** Which header source said what, under the time check (so a disagreement shows who differs). */
function sourceList(strings: Strings, answers: readonly HeaderSourceAnswer[]): HTMLUListElement {
  const list = element('ul', 'header-sources');
  for (const answer of answers) {
    const item = element('li');
    item.dataset['source'] = answer.source;
    item.dataset['answered'] = String(answer.merkleRoot !== null);
    if (answer.merkleRoot === null)
      item.textContent = fill(strings.local.sourceSilent, {
        source: answer.source,
        height: answer.height,
      });
    else {
      const root = displayRoot(answer.merkleRoot);
      const [before, after] = fill(strings.local.sourceAnswered, {
        source: answer.source,
        height: answer.height,
      }).split('{root}');
      const code = element('code', '', root.short);
      code.title = root.full;
      item.append(before ?? '', code, after ?? '');
    }
    list.append(item);
  }
  return list;
}

const MARKS = { passed: '\u2714', failed: '\u2718', pending: '\u2026', unknown: '?' } as const;
type Verdict = BrowserVerification['verdict'];

function isLocalCode(strings: Strings, code: string): code is LocalCheckCode {
  return Object.hasOwn(strings.local.messages, code);
}

/** A check's sentence in the page's language; the verifier's English sentence for a new code. */
function message(
  strings: Strings,
  dates: PageDates,
  check: BrowserVerification['checks'][number],
  result: BrowserVerification,
): string {
  if (!isLocalCode(strings, check.code)) return check.message;
  const template = strings.local.messages[check.code];
  if (check.code === 'anchored_in_bitcoin' && result.time !== null)
    return fill(template, {
      time: dates.dateTime(result.time.blockTime),
      height: result.time.height,
      sources: result.time.sources.join(' + '),
    });
  if (check.code === 'issuer_verified')
    return fill(template, { issuer: result.document?.issuer.name ?? '' });
  return template;
}

function addFact(list: HTMLDListElement, term: string, value: string | Node): void {
  list.append(element('dt', '', term));
  const definition = element('dd');
  definition.append(value);
  list.append(definition);
}

function verdictBlock(strings: Strings, verdict: Verdict, issuer: string): HTMLElement {
  const kind = verdict === 'valid' ? 'valid' : verdict === 'not valid' ? 'invalid' : 'unknown';
  const block = element('div', `verdict verdict-${kind}`);
  block.id = 'verdict';
  block.dataset['valid'] = String(verdict === 'valid');
  block.dataset['verdict'] = kind;
  const heading = element('h3');
  const symbol =
    kind === 'valid' ? MARKS.passed : kind === 'invalid' ? MARKS.failed : MARKS.unknown;
  const mark = element('span', 'mark', `${symbol} `);
  mark.setAttribute('aria-hidden', 'true');
  const words =
    kind === 'valid' ? strings.valid : kind === 'invalid' ? strings.invalid : strings.local.unknown;
  heading.append(mark, element('span', 'verdict-text', words));
  const text =
    kind === 'valid'
      ? fill(strings.validText, { issuer })
      : kind === 'invalid'
        ? strings.invalidText
        : strings.local.unknownText;
  block.append(heading, element('p', '', text));
  return block;
}

/** Whom the file names and the record's fields: read from the file the person holds. */
function recipientSection(strings: Strings, facts: DocumentFacts): HTMLElement {
  const section = element('section', 'recipient-facts');
  section.setAttribute('aria-labelledby', 'recipient-heading');
  const heading = element('h3', '', strings.local.recipientHeading);
  heading.id = 'recipient-heading';
  const list = element('dl', 'facts');
  list.id = 'recipient-facts';
  addFact(list, strings.local.recipientLabel, facts.recipientName);
  for (const field of facts.fields) addFact(list, field.label, field.value);
  section.append(heading, element('p', 'privacy', strings.local.recipientText), list);
  return section;
}

/** Renders the in-browser verification into `target`. */
export function renderVerification(
  data: VerifyPageData,
  target: HTMLElement,
  result: BrowserVerification,
  fileName: string,
  sourceAnswers: readonly HeaderSourceAnswer[] = [],
): void {
  const s = data.strings;
  const dates = new PageDates(s.dateLocale);
  const facts = result.document;
  target.replaceChildren();
  target.append(verdictBlock(s, result.verdict, facts?.issuer.name ?? ''));

  const list = element('dl', 'facts');
  addFact(list, s.fileLabel, fileName);
  if (facts !== null) {
    addFact(list, s.documentLabel, facts.title);
    const issuer = element('span', 'issuer-name', facts.issuer.name);
    const verified = result.checks.some(
      (check) => check.id === 'issuer' && check.status === 'passed',
    );
    if (verified && facts.issuer.id !== '') {
      const profile = element('a', 'issuer-profile-link', data.issuerProfileLink);
      profile.href = `/issuers/${encodeURIComponent(facts.issuer.id)}`;
      const holder = element('span');
      holder.append(issuer, ' ', profile);
      addFact(list, s.issuerLabel, holder);
    } else addFact(list, s.issuerLabel, issuer);
  }
  addFact(list, s.sha256Label, element('code', '', result.sha256));
  target.append(list);
  if (facts !== null) target.append(recipientSection(s, facts));

  if (data.documentId !== null && facts !== null && facts.documentId !== data.documentId)
    target.append(
      element('p', 'notice notice-error', fill(s.differentDocument, { id: facts.documentId })),
    );

  target.append(element('h3', '', s.checksHeading));
  const checks = element('ul', 'checks');
  for (const check of result.checks) {
    const row = element('li', `check check-${check.status}`);
    row.dataset['check'] = check.id;
    row.dataset['status'] = check.status;
    row.dataset['code'] = check.code;
    row.dataset['local'] = String(check.local);
    const mark = element('span', 'mark', MARKS[check.status]);
    mark.setAttribute('aria-hidden', 'true');
    const name = element('span', 'name');
    name.append(
      element('span', 'visually-hidden', `${s.statusWords[check.status]}: `),
      s.checkNames[check.id],
    );
    row.append(
      mark,
      name,
      element('span', 'message', message(s, dates, check, result)),
      element('span', 'where', check.local ? s.local.ranHere : s.local.ranAtPlatform),
    );
    if (check.id === 'time' && sourceAnswers.length > 0) {
      // In the configured order, whichever answered first.
      const order = data.headerSources.map((source) => source.label);
      const sorted = [...sourceAnswers].sort(
        (a, b) => a.height - b.height || order.indexOf(a.source) - order.indexOf(b.source),
      );
      row.append(sourceList(s, sorted));
    }
    checks.append(row);
  }
  target.append(checks);
  if (result.checks.some((check) => check.status === 'unknown')) {
    const explained = element('p', 'notice notice-info', s.local.unknownExplained);
    explained.id = 'unknown-explained';
    target.append(explained);
  }
}
