import type { Locale } from '../../i18n/locale.js';
import { escapeHtml } from '../../i18n/locale.js';
import type { MailMessage } from '../mailer.js';

/** The parts of a short e-mail: paragraphs, an optional link with its label, a footer. */
export interface PlainEmailParts {
  to: string;
  locale: Locale;
  subject: string;
  lines: readonly string[];
  link?: { url: string; label: string };
  footer?: string;
}

/** Text and HTML bodies of a short e-mail, every interpolated value escaped in the HTML. */
export function plainEmail(parts: PlainEmailParts): MailMessage {
  const text = [
    ...parts.lines,
    ...(parts.link === undefined ? [] : ['', parts.link.url]),
    ...(parts.footer === undefined ? [] : ['', parts.footer]),
    '',
  ].join('\n');
  const html = [
    `<!doctype html><html lang="${parts.locale}"><body style="font-family:sans-serif;line-height:1.5">`,
    ...parts.lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    ...(parts.link === undefined
      ? []
      : [`<p><a href="${escapeHtml(parts.link.url)}">${escapeHtml(parts.link.label)}</a></p>`]),
    ...(parts.footer === undefined
      ? []
      : [`<p style="color:#555;font-size:90%">${escapeHtml(parts.footer)}</p>`]),
    '</body></html>',
  ].join('\n');
  return { to: parts.to, subject: parts.subject, text, html };
}
