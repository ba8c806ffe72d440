import { randomFillSync } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import * as mimeFuncs from 'nodemailer/lib/mime-funcs/index.js';
import * as quotedPrintable from 'nodemailer/lib/qp/index.js';
import type { MailMessage } from './mailer.js';

/**
 * An image shown inside the HTML part (`<img src="cid:…">`), attached with its Content-ID:
 * e-mail clients block remote images, and a remote image would tell its server who opened the
 * mail and when. The field names are nodemailer's own attachment fields, so a message that
 * falls back to nodemailer's composer (`{ from, ...message }`) carries the image the same way.
 */
export interface InlineImage {
  /** The Content-ID without angle brackets, e.g. `issuer-logo@certa`. */
  readonly cid: string;
  readonly filename: string;
  readonly contentType: 'image/png' | 'image/jpeg';
  readonly content: Buffer;
  readonly contentDisposition: 'inline';
}

/** A message whose HTML part may show inline images (the issuer's logo). */
export type MailWithImages = MailMessage & { readonly attachments?: readonly InlineImage[] };

/** The images a message carries, if any (a plain MailMessage has none). */
export function inlineImagesOf(message: MailMessage): readonly InlineImage[] {
  return (message as MailWithImages).attachments ?? [];
}

/**
 * Builds the RFC 5322 / MIME bytes of an activation-style message (plain text + HTML
 * alternative, UTF-8) with nodemailer's own encoders. With inline images (the issuer's logo) the
 * HTML alternative becomes `multipart/related` holding the HTML and each image (base64, with its
 * Content-ID) — the structure nodemailer writes for `cid:` attachments. The plain-text part is sent as it is
 * (7bit when it is ASCII, else 8bit) so that a person reading the `.eml` with `cat` sees every
 * link whole on one line — quoted-printable would cut any link longer than 76 characters with
 * `=` soft breaks; only a line over 998 octets (RFC 5322's limit) makes it quoted-printable.
 * The HTML part stays quoted-printable.
 *
 * Why not nodemailer's MailComposer: its stream pipeline takes ~1.2 ms per message on this
 * hardware — more than everything else in issuing a document put together — while the
 * encoders it uses take ~25 µs. The structure written here is the one MailComposer writes
 * for the same input; mail.test.ts parses both with mailparser and compares.
 *
 * Returns null when an address is not plain ASCII (an internationalised address needs
 * punycode or SMTPUTF8 handling): the caller then uses MailComposer, which knows how.
 */
export function composeMessage(
  from: string,
  message: MailMessage,
  options: { now?: Date; newline?: '\r\n' | '\n' } = {},
): { bytes: Buffer; envelope: { from: string; to: string[] }; messageId: string } | null {
  const sender = senderOf(from);
  if (sender === undefined || !isAscii(sender.address) || !isAscii(message.to)) return null;
  const newline = options.newline ?? '\r\n';
  const boundary = `--_certa_${randomHex(12)}`;
  const images = inlineImagesOf(message);
  const domain = sender.address.slice(sender.address.lastIndexOf('@') + 1) || 'localhost';
  const messageId = `<${randomHex(16)}@${domain}>`;
  const headers = [
    header('From', formatAddress(sender)),
    header('To', message.to),
    header('Subject', encodeUnstructured(message.subject)),
    header('Message-ID', messageId),
    header('Date', rfc5322Date(options.now ?? new Date())),
    header('MIME-Version', '1.0'),
    header('Content-Type', `multipart/alternative; boundary="${boundary}"`),
  ];
  const part = (type: string, body: string, readable: boolean, within = boundary): string => {
    const crlf = toCrlf(body);
    const encoding = readable ? readableEncoding(crlf) : 'quoted-printable';
    return [
      `--${within}`,
      `Content-Type: ${type}; charset=utf-8`,
      `Content-Transfer-Encoding: ${encoding}`,
      '',
      encoding === 'quoted-printable' ? quotedPrintableLines(crlf) : crlf,
    ].join('\r\n');
  };
  const relatedPart = (): string => {
    const related = `--_certa_related_${randomHex(12)}`;
    return [
      `--${boundary}`,
      `Content-Type: multipart/related; type="text/html"; boundary="${related}"`,
      '',
      part('text/html', message.html, false, related),
      ...images.map((image) =>
        [
          `--${related}`,
          `Content-Type: ${image.contentType}; name="${quotedParameter(image.filename)}"`,
          `Content-ID: <${image.cid}>`,
          `Content-Disposition: inline; filename="${quotedParameter(image.filename)}"`,
          'Content-Transfer-Encoding: base64',
          '',
          base64Lines(image.content),
        ].join('\r\n'),
      ),
      `--${related}--`,
    ].join('\r\n');
  };
  const text = [
    ...headers,
    '',
    part('text/plain', message.text, true),
    images.length === 0 ? part('text/html', message.html, false) : relatedPart(),
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return {
    bytes: Buffer.from(newline === '\r\n' ? text : text.replace(/\r\n/g, '\n'), 'utf8'),
    envelope: { from: sender.address, to: [message.to] },
    messageId,
  };
}

/** The sender of every message, parsed once (the configured `MAIL_FROM` does not change). */
let lastSender: { from: string; parsed: { name: string; address: string } | undefined } | null =
  null;

function senderOf(from: string): { name: string; address: string } | undefined {
  if (lastSender?.from !== from)
    lastSender = { from, parsed: addressparser(from, { flatten: true })[0] };
  return lastSender.parsed;
}

/**
 * Random hex for boundaries and Message-IDs, drawn from a 4 KB buffer refilled when spent: a
 * `randomBytes` call costs this hardware ~10 µs whatever its size, three of them per message.
 * These values only need to be unique and unguessable enough not to collide with the content.
 */
const randomPool = Buffer.alloc(4096);
let randomOffset = randomPool.length;

function randomHex(bytes: number): string {
  if (randomOffset + bytes > randomPool.length) {
    randomFillSync(randomPool);
    randomOffset = 0;
  }
  randomOffset += bytes;
  return randomPool.toString('hex', randomOffset - bytes, randomOffset);
}

/** Printable ASCII and spaces: quoted-printable writes them as they are, but `=` (as `=3D`). */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Quoted-printable of a CRLF body, line by line: a line of printable ASCII (most of an HTML
 * e-mail) only has its `=` and a trailing space escaped and is cut into 76 columns here; a line
 * with other characters goes through nodemailer's encoder and soft wrap. The whole body through
 * the encoder took ~35 µs a message, more than the rest of composing.
 */
function quotedPrintableLines(crlf: string): string {
  return crlf
    .split('\r\n')
    .map((line) =>
      PRINTABLE_ASCII.test(line)
        ? softWrap(line.replaceAll('=', '=3D').replace(/ $/, '=20'))
        : quotedPrintable.wrap(quotedPrintable.encode(line), 76),
    )
    .join('\r\n');
}

/** Soft line breaks (`=` at the end) so that no line exceeds 76, never inside an `=XX`. */
function softWrap(encoded: string): string {
  if (encoded.length <= 76) return encoded;
  const lines: string[] = [];
  let rest = encoded;
  while (rest.length > 76) {
    let cut = 75;
    if (rest[cut - 1] === '=') cut -= 1;
    else if (rest[cut - 2] === '=') cut -= 2;
    lines.push(`${rest.slice(0, cut)}=`);
    rest = rest.slice(cut);
  }
  lines.push(rest);
  return lines.join('\r\n');
}

/** Base64 in 76-column lines, computed once per image buffer (a logo goes into every mail). */
const base64Cache = new WeakMap<Buffer, string>();

function base64Lines(content: Buffer): string {
  let lines = base64Cache.get(content);
  if (lines === undefined) {
    lines = (content.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
    base64Cache.set(content, lines);
  }
  return lines;
}

/** A filename as a quoted MIME parameter: ASCII letters, digits and `._-` only. */
function quotedParameter(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]/g, '_');
}

function isAscii(value: string): boolean {
  return /^[\x20-\x7e]*$/.test(value);
}

/** Longest line (octets, without CRLF) that may travel unencoded (RFC 5322 §2.1.1). */
const MAX_LINE_OCTETS = 998;

/**
 * How a CRLF body can travel without encoding: 7bit for ASCII, 8bit otherwise (every relay of
 * today announces 8BITMIME); quoted-printable only for a line too long to send as it is, or a
 * bare CR or NUL that must not reach the wire.
 */
function readableEncoding(crlf: string): '7bit' | '8bit' | 'quoted-printable' {
  if (/\0|\r(?!\n)/.test(crlf)) return 'quoted-printable';
  for (const line of crlf.split('\r\n'))
    if (line.length > MAX_LINE_OCTETS / 4 && Buffer.byteLength(line, 'utf8') > MAX_LINE_OCTETS)
      return 'quoted-printable';
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(crlf) ? '7bit' : '8bit';
}

/** Bodies are normalised to CRLF before encoding, as MIME's canonical form requires. */
function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** An unstructured header value: MIME encoded-words when it is not plain ASCII. */
function encodeUnstructured(value: string): string {
  const single = value.replace(/[\r\n]+/g, ' ');
  return mimeFuncs.isPlainText(single) ? single : mimeFuncs.encodeWords(single, 'Q', 52);
}

function formatAddress(address: { name: string; address: string }): string {
  if (address.name === '') return address.address;
  const name = mimeFuncs.isPlainText(address.name)
    ? `"${address.name.replace(/(["\\])/g, '\\$1')}"`
    : mimeFuncs.encodeWord(address.name, 'Q', 52);
  return `${name} <${address.address}>`;
}

/** `Name: value`, folded at 76 columns (RFC 5322 §2.2.3). */
function header(name: string, value: string): string {
  return mimeFuncs.foldLines(`${name}: ${value}`, 76).replace(/\r?\n/g, '\r\n');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 §3.3 date-time in UTC, e.g. `Fri, 27 Nov 2026 03:05:09 +0000`. */
function rfc5322Date(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    `${DAYS[date.getUTCDay()] ?? 'Sun'}, ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()] ?? 'Jan'} ` +
    `${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:` +
    `${two(date.getUTCSeconds())} +0000`
  );
}
