import { PNG } from 'pngjs';
import { simpleParser, type ParsedMail } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { describe, expect, it } from 'vitest';
import { emailLogoOf } from '../../issuers/email-logo.js';
import { composeMessage } from '../compose-message.js';
import type { MailWithImages } from '../compose-message.js';
import { activationEmail } from './activation-email.js';
import { LOGO_CID } from './plain-email.js';
import { reminderEmail } from './reminder-email.js';

/** A solid PNG of the given size (random pixels would not compress: a big file). */
function png(width: number, height: number, noisy = false): Buffer {
  const image = new PNG({ width, height });
  for (let index = 0; index < image.data.length; index += 4) {
    image.data[index] = noisy ? Math.floor(Math.random() * 256) : 20;
    image.data[index + 1] = noisy ? Math.floor(Math.random() * 256) : 80;
    image.data[index + 2] = 200;
    image.data[index + 3] = 255;
  }
  return PNG.sync.write(image);
}

const LOGO = emailLogoOf(png(120, 40));
const LINK = `https://certa.example/activate/${'D'.repeat(22)}#${'k'.repeat(43)}`;
const HOSTILE = 'Évole <script>alert("x")</script> & Co';

function parse(message: MailWithImages): Promise<ParsedMail> {
  const composed = composeMessage('Certa <no-reply@certa.example>', message);
  if (composed === null) throw new Error('not composed');
  return simpleParser(composed.bytes);
}

function nodemailerBytes(message: MailWithImages): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    new MailComposer({
      from: 'Certa <no-reply@certa.example>',
      ...message,
      attachments: [...(message.attachments ?? [])],
    })
      .compile()
      .build((error, bytes) => (error === null ? resolve(bytes) : reject(error)));
  });
}

describe.each([
  ['en', activationEmail, 'has issued you a document', 'Activate my document', 'Logo of'],
  ['fr', activationEmail, 'vous a délivré un document', 'Activer mon document', 'Logo de'],
  ['en', reminderEmail, 'Reminder: your document from', 'Activate my document', 'Logo of'],
  ['fr', reminderEmail, 'Rappel : votre document de', 'Activer mon document', 'Logo de'],
] as const)('a %s %o e-mail with the issuer’s logo', (locale, template, subject, button, alt) => {
  const message = template({
    to: 'ada@example.org',
    issuerName: HOSTILE,
    title: 'Master <b>of</b> Science',
    activationUrl: LINK,
    locale,
    logo: LOGO,
  });

  it('is multipart/alternative, its HTML related to the logo, attached inline by Content-ID', async () => {
    const mail = await parse(message);
    expect(mail.subject).toContain(subject);
    expect(mail.subject).toContain(HOSTILE);
    const logo = mail.attachments.find((attachment) => attachment.cid === LOGO_CID);
    expect(logo?.contentType).toBe('image/png');
    expect(logo?.contentDisposition).toBe('inline');
    expect(logo?.content.equals(LOGO?.content ?? Buffer.alloc(0))).toBe(true);
    // mailparser replaces a resolved cid: reference by a data: URL; the raw HTML names the cid.
    expect(message.html).toContain(`src="cid:${LOGO_CID}"`);
    expect(mail.html).toMatch(/<img src="data:image\/png;base64,/);
    const raw = composeMessage('Certa <no-reply@certa.example>', message)?.bytes.toString() ?? '';
    expect(raw).toMatch(/Content-Type: multipart\/alternative;/);
    expect(raw).toMatch(/Content-Type: multipart\/related; type="text\/html";/);
    expect(raw).toContain(`Content-ID: <${LOGO_CID}>`);
  });

  it('has the link in both parts (a button and as text), the language, and alt text', async () => {
    const mail = await parse(message);
    expect(mail.text?.split('\n')).toContain(LINK);
    const html = typeof mail.html === 'string' ? mail.html : '';
    expect(html).toContain(`<html lang="${locale}"`);
    expect(html.split(`href="${LINK}"`)).toHaveLength(3);
    expect(html).toContain(`>${button}</a>`);
    expect(html).toContain(`>${LINK}</a>`);
    expect(html).toMatch(new RegExp(`alt="${alt} `));
    expect(html).not.toMatch(/src="https?:/);
  });

  it('escapes every value in the HTML, and names the issuer as text', async () => {
    const html = message.html;
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>of</b>');
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; Co');
    expect(html).toMatch(/font-weight:bold;[^>]*>Évole &#60;script&#62;/);
    const mail = await parse(message);
    expect(mail.text).toContain(HOSTILE);
  });

  it('reads the same through nodemailer’s own composer (the fallback for non-ASCII addresses)', async () => {
    const [ours, theirs] = await Promise.all([
      parse(message),
      simpleParser(await nodemailerBytes(message)),
    ]);
    expect(ours.text).toBe(theirs.text);
    expect(ours.html).toBe(theirs.html);
    expect(ours.attachments.map((attachment) => attachment.cid)).toEqual(
      theirs.attachments.map((attachment) => attachment.cid),
    );
  });
});

describe('the issuer’s logo in e-mails', () => {
  it('keeps a small logo as it is, shown within 200 × 64', () => {
    const bytes = png(120, 40);
    expect(emailLogoOf(bytes)).toMatchObject({ content: bytes, width: 120, height: 40 });
  });

  it('scales a large PNG down to twice the box, shown at the box', () => {
    // 1600 × 400 fits 400 × 128 (twice 200 × 64) at a quarter: 400 × 100, shown at 200 × 50.
    const logo = emailLogoOf(png(1600, 400, true));
    expect(logo).not.toBeNull();
    const decoded = PNG.sync.read(logo?.content ?? Buffer.alloc(0));
    expect([decoded.width, decoded.height]).toEqual([400, 100]);
    expect([logo?.width, logo?.height]).toEqual([200, 50]);
    expect(logo?.content.length).toBeLessThanOrEqual(96 * 1024);
  });

  it('leaves out what it cannot read, and a message without a logo has no attachment', async () => {
    expect(emailLogoOf(Buffer.from('not an image'))).toBeNull();
    const mail = await parse(
      activationEmail({
        to: 'a@example.org',
        issuerName: 'Plain',
        title: 'T',
        activationUrl: LINK,
        locale: 'en',
      }),
    );
    expect(mail.attachments).toHaveLength(0);
    expect(mail.html).not.toContain('<img');
  });
});
