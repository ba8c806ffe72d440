import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { loadConfig } from '../config.js';
import { DELIVERY_TOKEN_PATTERN } from '../delivery/delivery.js';
import { DELIVERY_HEADER, verpAddress } from '../mail/mailer.js';
import type { Command } from './command.js';
import { parseOptions, UsageError } from './command.js';
import { EXIT } from './exit-codes.js';

/** What the listing shows of one `.eml` file. */
export interface OutboxEntry {
  readonly file: string;
  readonly date: string;
  readonly to: string;
  readonly subject: string;
  /** The links of the plain-text part, each shortened ({@link shortenLink}). */
  readonly links: readonly string[];
}

/** Characters of a secret fragment shown in a listing: enough to tell links apart, never to use one. */
const FRAGMENT_SHOWN = 4;

/**
 * A link as a listing may show it: a fragment — where activation, sign-up and invitation links
 * carry their secret — keeps its first characters and an ellipsis, so that the listing never
 * holds a usable secret (`cat` of the file shows it whole to whoever may read the outbox).
 */
export function shortenLink(link: string): string {
  const at = link.indexOf('#');
  if (at < 0) return link;
  const fragment = link.slice(at + 1);
  if (fragment.length <= FRAGMENT_SHOWN) return link;
  return `${link.slice(0, at + 1)}${fragment.slice(0, FRAGMENT_SHOWN)}…`;
}

/** RFC 2047 encoded words (`=?utf-8?Q?…?=`, `=?utf-8?B?…?=`) as text. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(
      /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g,
      (_whole, _charset: string, kind: string, text: string) => {
        if (kind.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
        return decodeQuotedPrintable(text.replace(/_/g, ' '));
      },
    );
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const source = Buffer.from(text.replace(/=\r?\n/g, ''), 'utf8');
  for (let index = 0; index < source.length; index += 1) {
    const byte = source[index]!;
    const hex = source.subarray(index + 1, index + 3).toString('latin1');
    if (byte === 0x3d && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else bytes.push(byte);
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Header fields of a header block, unfolded, names in lower case (first occurrence wins). */
function headerFields(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!fields.has(name)) fields.set(name, line.slice(colon + 1).trim());
  }
  return fields;
}

function splitHead(text: string): { head: string; body: string } {
  const match = /\r?\n\r?\n/.exec(text);
  if (match === null) return { head: text, body: '' };
  return { head: text.slice(0, match.index), body: text.slice(match.index + match[0].length) };
}

/** The plain-text body of a message the platform wrote (multipart/alternative or single part). */
function plainText(head: Map<string, string>, body: string, depth = 0): string {
  const type = head.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary !== undefined && depth < 4) {
    for (const part of body.split(`--${boundary}`).slice(1)) {
      const { head: partHead, body: partBody } = splitHead(part.replace(/^\r?\n/, ''));
      const text = plainText(headerFields(partHead), partBody, depth + 1);
      if (text !== '') return text;
    }
    return '';
  }
  if (!/^text\/plain/i.test(type)) return '';
  const encoding = (head.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
  return body;
}

/** Reads one `.eml` of the outbox: date, recipient, subject and shortened links. */
export function readOutboxEntry(file: string, bytes: Buffer): OutboxEntry {
  const { head, body } = splitHead(bytes.toString('utf8'));
  const fields = headerFields(head);
  const date = new Date(fields.get('date') ?? '');
  const links = [...plainText(fields, body).matchAll(/https?:\/\/[^\s<>"')]+/g)].map((match) =>
    shortenLink(match[0]),
  );
  return {
    file,
    date: Number.isNaN(date.getTime())
      ? '?'
      : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    to: fields.get('to') ?? '?',
    subject: decodeWords(fields.get('subject') ?? ''),
    links: [...new Set(links)],
  };
}

/**
 * The envelope of a spooled message: its To address, and as sender its From address — or, with
 * a bounce address (MAIL_BOUNCE_ADDRESS), the VERP address of the delivery token the message
 * carries in `X-Certa-Delivery`, as `certa serve` sends with SMTP_URL, so that a delivery report
 * finds its document (DESIGN §5 "Delivery and bounces").
 */
export function envelopeOf(
  bytes: Buffer,
  bounceAddress: string | null,
): { from: string; to: string } {
  const fields = headerFields(splitHead(bytes.toString('utf8')).head);
  const address = (value: string | undefined) =>
    /<([^<>\s]+)>/.exec(value ?? '')?.[1] ?? (value ?? '').trim();
  const token = fields.get(DELIVERY_HEADER.toLowerCase());
  const from =
    bounceAddress !== null && token !== undefined && DELIVERY_TOKEN_PATTERN.test(token)
      ? verpAddress(bounceAddress, token)
      : address(fields.get('from'));
  return { from, to: address(fields.get('to')) };
}

/** The spooled `.eml` files, oldest first (names start with the time they were written). */
function spooled(directory: string): string[] {
  try {
    return fs
      .readdirSync(directory)
      .filter((name) => name.endsWith('.eml'))
      .sort();
  } catch {
    return [];
  }
}

/**
 * Hands every spooled message to an SMTP relay, deleting each once the relay took it; stops at
 * the first refusal (what is left stays for the next try). Returns how many went.
 */
async function deliverAll(
  directory: string,
  url: string,
  bounceAddress: string | null,
): Promise<number> {
  const transport = nodemailer.createTransport(url);
  let delivered = 0;
  try {
    for (const name of spooled(directory)) {
      const file = path.join(directory, name);
      const bytes = fs.readFileSync(file);
      await transport.sendMail({ envelope: envelopeOf(bytes, bounceAddress), raw: bytes });
      fs.rmSync(file, { force: true });
      delivered += 1;
    }
  } finally {
    transport.close();
  }
  return delivered;
}

export const outboxCommand: Command = {
  name: 'outbox',
  summary: 'List, deliver or drain the e-mails waiting in the outbox (without SMTP_URL)',
  usage: `certa outbox [--limit <n>]
certa outbox --deliver <smtp-url>
certa outbox --drain

Without SMTP_URL the platform writes every e-mail as a file into $DATA_DIR/outbox (./data/outbox
by default): a spool, not an archive. Each file holds a link's secret, so it is readable only by
the platform's user (0600), never taken by \`certa backup\`, and deleted once handed over or after
OUTBOX_RETENTION_HOURS (24 by default) — see DESIGN §3.

Without option, lists them, oldest first: file, date, recipient, subject, and each link with its
secret part shortened. --limit shows only the newest <n>.
--deliver <smtp-url> hands each one to that relay (smtp:// or smtps://, e.g.
smtp://user:pass@relay:587) and deletes it once the relay took it; with MAIL_BOUNCE_ADDRESS the
envelope sender is bounces+<token>@… (the message's X-Certa-Delivery), as certa serve sends.
--drain prints each one whole on standard output (separated by a line "From certa", the mbox
convention) and deletes it: pipe it to where the mail should go.
A host command: it reads the same environment as certa serve (DATA_DIR).`,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      { limit: { type: 'string' }, deliver: { type: 'string' }, drain: { type: 'boolean' } },
      true,
    );
    if (values.help === true) {
      io.out(this.usage);
      return EXIT.OK;
    }
    if (positionals.length > 0)
      throw new UsageError(`outbox takes no argument ("${positionals[0]?.slice(0, 40)}").`);
    const modes = [values.limit, values.deliver, values.drain].filter((v) => v !== undefined);
    if (modes.length > 1)
      throw new UsageError('Use one of --limit, --deliver and --drain at a time.');
    const limit = values.limit === undefined ? Infinity : Number(values.limit);
    if (!Number.isSafeInteger(limit) && limit !== Infinity)
      throw new UsageError('--limit must be a whole number of e-mails.');
    if (limit < 1) throw new UsageError('--limit must be a whole number of e-mails.');
    const { mail } = loadConfig(io.env);
    if (mail.transport !== 'outbox') {
      io.out('E-mails go out through SMTP_URL: there is no outbox.');
      return EXIT.OK;
    }
    if (typeof values.deliver === 'string') {
      let url: URL;
      try {
        url = new URL(values.deliver);
      } catch {
        throw new UsageError('--deliver needs an SMTP URL such as smtp://relay.example.org:587.');
      }
      if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
        throw new UsageError('--deliver needs an SMTP URL such as smtp://relay.example.org:587.');
      const total = spooled(mail.directory).length;
      let delivered: number;
      try {
        delivered = await deliverAll(mail.directory, url.toString(), mail.bounceAddress);
      } catch (error) {
        const left = spooled(mail.directory).length;
        io.err(
          `The relay ${url.host} refused or could not be reached (${(error as { code?: string }).code ?? 'error'}); ${total - left} e-mail(s) delivered, ${left} left in the outbox.`,
        );
        return EXIT.UNREACHABLE;
      }
      io.out(`${delivered} e-mail${delivered === 1 ? '' : 's'} handed to ${url.host} and deleted.`);
      return EXIT.OK;
    }
    if (values.drain === true) {
      let drained = 0;
      for (const name of spooled(mail.directory)) {
        const file = path.join(mail.directory, name);
        const text = fs.readFileSync(file, 'utf8');
        io.out(`From certa ${new Date().toUTCString()}\n${text.replace(/\n$/, '')}\n`);
        fs.rmSync(file, { force: true });
        drained += 1;
      }
      io.err(`${drained} e-mail${drained === 1 ? '' : 's'} printed and deleted.`);
      return EXIT.OK;
    }
    const names = spooled(mail.directory);
    if (names.length === 0) {
      io.out(`The outbox (${mail.directory}) is empty.`);
      return EXIT.OK;
    }
    const shown = names.slice(-Math.min(limit, names.length));
    const entries = shown.map((name) =>
      readOutboxEntry(name, fs.readFileSync(path.join(mail.directory, name))),
    );
    io.out(
      `${names.length} e-mail${names.length === 1 ? '' : 's'} in ${mail.directory}${shown.length < names.length ? `, the newest ${shown.length} shown` : ''} (oldest first):`,
    );
    const width = Math.max(...entries.map((entry) => entry.file.length));
    const toWidth = Math.max(2, ...entries.map((entry) => entry.to.length));
    io.out(`${'FILE'.padEnd(width)}  ${'DATE'.padEnd(20)}  ${'TO'.padEnd(toWidth)}  SUBJECT`);
    for (const entry of entries) {
      io.out(
        `${entry.file.padEnd(width)}  ${entry.date.padEnd(20)}  ${entry.to.padEnd(toWidth)}  ${entry.subject}`,
      );
      for (const link of entry.links) io.out(`  ${link}`);
    }
    return EXIT.OK;
  },
};
