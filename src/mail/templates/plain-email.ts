import type { Locale } from '../../i18n/locale.js';
import { escapeHtml } from '../../i18n/locale.js';
import type { InlineImage, MailWithImages } from '../compose-message.js';

/**
 * An issuer's logo ready for an e-mail: the image as it is attached (already limited in size by
 * the caller, `src/issuers/email-logo.ts`) and the box it is shown in, in CSS pixels.
 */
export interface EmailLogo {
  readonly content: Buffer;
  readonly contentType: 'image/png' | 'image/jpeg';
  readonly width: number;
  readonly height: number;
}

/** Who the message comes from, shown at its top: the issuer's name (and logo), or Certa. */
export interface EmailSender {
  readonly name: string;
  readonly logo?: EmailLogo | null;
}

/** The parts of a short e-mail: paragraphs, an optional link with its label, a footer. */
export interface PlainEmailParts {
  to: string;
  locale: Locale;
  subject: string;
  lines: readonly string[];
  link?: { url: string; label: string };
  footer?: string;
  /** The issuer a recipient's message comes from; the platform's own mails leave it out. */
  sender?: EmailSender;
}

/** The Content-ID of the issuer's logo inside a message. */
export const LOGO_CID = 'issuer-logo@certa';

const LAYOUT_TEXTS: Record<
  Locale,
  { logoAlt: (name: string) => string; linkHint: string; platform: string }
> = {
  en: {
    logoAlt: (name) => `Logo of ${name}`,
    linkHint: 'If the button does not work, copy this address into your browser:',
    platform: 'Certa',
  },
  fr: {
    logoAlt: (name) => `Logo de ${name}`,
    linkHint: 'Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :',
    platform: 'Certa',
  },
};

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const INK = '#1f2933';
const MUTED = '#52606d';
const ACCENT = '#1d4ed8';

/**
 * Text and HTML bodies of a short e-mail. The HTML is the layout e-mail clients render: nested
 * presentation tables with inline styles (no `<style>` block, no remote resource), at most 600 px
 * wide and fluid below, `lang` set to the message's language, the sender's name as text with its
 * logo (inline, `cid:`, with alternative text) above, the link as a button AND as text. Every
 * interpolated value is escaped. The plain-text part says the same with the link on a line of
 * its own.
 */
export function plainEmail(parts: PlainEmailParts): MailWithImages {
  const layout = LAYOUT_TEXTS[parts.locale];
  const senderName = parts.sender?.name ?? layout.platform;
  const logo = parts.sender?.logo ?? null;
  const text = [
    senderName,
    '',
    ...parts.lines.flatMap((line, index) => (index === 0 ? [line] : ['', line])),
    ...(parts.link === undefined ? [] : ['', `${parts.link.label}:`, parts.link.url]),
    ...(parts.footer === undefined ? [] : ['', '--', parts.footer]),
    '',
  ].join('\n');
  const html = [
    '<!doctype html>',
    `<html lang="${parts.locale}" dir="ltr">`,
    '<head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    `<title>${escapeHtml(parts.subject)}</title></head>`,
    `<body style="margin:0;padding:0;background-color:#f4f5f7;">`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f4f5f7;">`,
    '<tr><td align="center" style="padding:24px 12px;">',
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background-color:#ffffff;border:1px solid #e4e7eb;border-radius:8px;">`,
    `<tr><td style="padding:24px 32px 8px 32px;${FONT};">`,
    ...(logo === null
      ? []
      : [
          `<img src="cid:${LOGO_CID}" alt="${escapeHtml(layout.logoAlt(senderName))}" width="${logo.width}" height="${logo.height}" style="display:block;border:0;outline:none;max-width:100%;height:auto;margin:0 0 12px 0;">`,
        ]),
    `<p style="margin:0;font-size:18px;line-height:1.4;font-weight:bold;color:${INK};">${escapeHtml(senderName)}</p>`,
    '</td></tr>',
    `<tr><td style="padding:8px 32px 24px 32px;${FONT};font-size:16px;line-height:1.5;color:${INK};">`,
    ...parts.lines.map((line) => `<p style="margin:16px 0 0 0;">${escapeHtml(line)}</p>`),
    ...(parts.link === undefined
      ? []
      : [
          `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:24px 0 0 0;"><tr>`,
          `<td align="center" bgcolor="${ACCENT}" style="border-radius:6px;background-color:${ACCENT};">`,
          `<a href="${escapeHtml(parts.link.url)}" style="display:inline-block;padding:12px 24px;${FONT};font-size:16px;font-weight:bold;line-height:1.2;color:#ffffff;text-decoration:none;border-radius:6px;">${escapeHtml(parts.link.label)}</a>`,
          '</td></tr></table>',
          `<p style="margin:24px 0 0 0;font-size:14px;line-height:1.5;color:${MUTED};">${escapeHtml(layout.linkHint)}<br>`,
          `<a href="${escapeHtml(parts.link.url)}" style="color:${ACCENT};word-break:break-all;">${escapeHtml(parts.link.url)}</a></p>`,
        ]),
    '</td></tr>',
    ...(parts.footer === undefined
      ? []
      : [
          `<tr><td style="padding:16px 32px 24px 32px;border-top:1px solid #e4e7eb;${FONT};font-size:14px;line-height:1.5;color:${MUTED};">`,
          `<p style="margin:0;">${escapeHtml(parts.footer)}</p>`,
          '</td></tr>',
        ]),
    '</table>',
    '</td></tr></table>',
    '</body></html>',
  ].join('\n');
  const attachments: InlineImage[] =
    logo === null
      ? []
      : [
          {
            cid: LOGO_CID,
            filename: logo.contentType === 'image/png' ? 'logo.png' : 'logo.jpg',
            contentType: logo.contentType,
            content: logo.content,
            contentDisposition: 'inline',
          },
        ];
  return {
    to: parts.to,
    subject: parts.subject,
    text,
    html,
    ...(attachments.length === 0 ? {} : { attachments }),
  };
}
