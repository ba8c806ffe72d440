import { escapeHtml, LOCALES } from '../../../i18n/locale.js';
import { lastValidDay } from '../../../documents/document.js';
import type { Locale } from '../../../i18n/locale.js';
import { assetUrl } from './assets/assets.routes.js';
import { pageScriptFiles } from './assets/page-scripts.js';
import type { PageScript } from './assets/page-scripts.js';
import { fill, PAGE_STRINGS } from './page-strings.js';
import type { PageStrings } from './page-strings.js';

/** The language of one page request and where it was asked for. */
export interface PageRequest {
  readonly locale: Locale;
  readonly strings: PageStrings;
  /** True when the language was chosen with `?lang=`: internal links then keep it. */
  readonly chosen: boolean;
  /** This page's path (no query), for the language switch. */
  readonly path: string;
}

/** Builds the PageRequest for a path, a `?lang=` value (wins when valid) and the negotiated locale. */
export function pageRequest(
  path: string,
  chosenLocale: Locale | null,
  negotiated: Locale,
): PageRequest {
  const locale = chosenLocale ?? negotiated;
  return { locale, strings: PAGE_STRINGS[locale], chosen: chosenLocale !== null, path };
}

/** An internal link that keeps an explicitly chosen language. */
export function pageHref(page: PageRequest, path: string): string {
  return page.chosen ? `${path}?lang=${page.locale}` : path;
}

const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', fr: 'Français' };

/** JSON for a `<script type="application/json">` block: nothing in it can close the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A date-time as "2 December 2026, 14:05 UTC", in a `<time>` element. */
export function formatDateTime(page: PageRequest, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return escapeHtml(iso);
  const text = new Intl.DateTimeFormat(page.strings.common.dateLocale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(date);
  return `<time datetime="${escapeHtml(date.toISOString())}">${escapeHtml(`${text} ${page.strings.common.utc}`)}</time>`;
}

/** A day in the page's language (UTC), as HTML: `<time datetime="…">6 December 2026</time>`. */
export function formatDate(page: PageRequest, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return escapeHtml(iso);
  const text = new Intl.DateTimeFormat(page.strings.common.dateLocale, {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(date);
  return `<time datetime="${escapeHtml(date.toISOString())}">${escapeHtml(text)}</time>`;
}

/**
 * The last day a document is valid, as HTML: a whole-day expiry (stored as the next midnight
 * UTC) shows as the day the issuer typed; any other instant with its time.
 */
export function formatValidUntil(page: PageRequest, expiresAt: string): string {
  const day = lastValidDay(expiresAt);
  return day === null ? formatDateTime(page, expiresAt) : formatDate(page, `${day}T00:00:00Z`);
}

/**
 * What was verified about an issuer, said apart (DESIGN §2): "Identity reviewed by the platform
 * on <date>" and "Domain <domain> verified on <date>" or "Domain not verified", as HTML.
 */
export function issuerChecks(
  page: PageRequest,
  issuer: {
    identityReviewedAt: string | null;
    domain: string | null;
    domainVerifiedAt: string | null;
  },
): { identity: string | null; domain: string } {
  const { common } = page.strings;
  // Templates are escaped first; the values filled in are HTML already.
  const identity =
    issuer.identityReviewedAt === null
      ? null
      : `<span class="badge badge-verified issuer-identity-reviewed"><span aria-hidden="true">✔ </span>${fill(
          escapeHtml(common.identityReviewed),
          { date: formatDate(page, issuer.identityReviewedAt) },
        )}</span>`;
  const domain =
    issuer.domain !== null && issuer.domainVerifiedAt !== null
      ? `<span class="badge badge-verified issuer-domain-verified"><span aria-hidden="true">✔ </span>${fill(
          escapeHtml(common.domainVerified),
          {
            domain: `<span class="issuer-domain">${escapeHtml(issuer.domain)}</span>`,
            date: formatDate(page, issuer.domainVerifiedAt),
          },
        )}</span>`
      : `<span class="badge badge-unverified issuer-domain-not-verified">${escapeHtml(common.domainNotVerified)}</span>`;
  return { identity, domain };
}

export interface PageContent {
  /** The document title (plain text); " — Certa" is appended. */
  readonly title: string;
  /** The HTML inside `<main>`, already escaped. */
  readonly main: string;
  /** The page's script, if any, and the data it reads from `#page-data`. */
  readonly script?: { readonly name: PageScript; readonly data: unknown };
}

function languageSwitch(page: PageRequest): string {
  const links = LOCALES.map((locale) =>
    locale === page.locale
      ? `<a href="${escapeHtml(`${page.path}?lang=${locale}`)}" lang="${locale}" hreflang="${locale}" aria-current="true">${LANGUAGE_NAMES[locale]}</a>`
      : `<a href="${escapeHtml(`${page.path}?lang=${locale}`)}" lang="${locale}" hreflang="${locale}">${LANGUAGE_NAMES[locale]}</a>`,
  );
  return `<nav class="lang-switch" aria-label="${escapeHtml(page.strings.common.languageNav)}"><ul><li>${links.join('</li><li>')}</li></ul></nav>`;
}

/** The page's data block and its module script (with the chunks it imports, preloaded). */
function scriptTags(script: NonNullable<PageContent['script']>): string {
  const data = `<script type="application/json" id="page-data">${jsonForScript(script.data)}</script>`;
  const files = pageScriptFiles(script.name);
  if (files === null) return data;
  const preload = files.preload.map(
    (file) => `<link rel="modulepreload" href="${escapeHtml(file)}">`,
  );
  return [
    data,
    ...preload,
    `<script type="module" src="${escapeHtml(files.entry)}"></script>`,
  ].join('\n');
}

/** The whole HTML document: head, header with the language switch, main, footer, scripts. */
export function renderPage(page: PageRequest, content: PageContent): string {
  const { common } = page.strings;
  const script = content.script === undefined ? '' : scriptTags(content.script);
  return `<!doctype html>
<html lang="${page.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(`${content.title} — ${common.siteName}`)}</title>
<link rel="icon" href="${assetUrl('icon.svg')}" type="image/svg+xml">
<link rel="stylesheet" href="${assetUrl('style.css')}">
${script}
</head>
<body>
<a class="skip-link" href="#main">${escapeHtml(common.skipToContent)}</a>
<header class="site-header">
<div class="site-header-inner">
<a class="brand" href="${escapeHtml(pageHref(page, '/'))}"><img src="${assetUrl('icon.svg')}" alt="" width="28" height="28"><span>${escapeHtml(common.siteName)}</span></a>
${languageSwitch(page)}
</div>
</header>
<main id="main" tabindex="-1">
${content.main}
</main>
<footer class="site-footer">
<p>${escapeHtml(`${common.siteName} — ${common.tagline}`)} · <a href="${escapeHtml(pageHref(page, '/verify'))}">${escapeHtml(common.footerVerify)}</a> · <a href="/docs">${escapeHtml(common.footerApi)}</a></p>
</footer>
</body>
</html>
`;
}
