import { simpleParser, type ParsedMail } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { describe, expect, it } from 'vitest';
import { composeMessage } from './compose-message.js';
import type { MailMessage } from './mailer.js';
import { activationEmail } from './templates/activation-email.js';

function nodemailerBytes(from: string, message: MailMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    new MailComposer({ from, ...message })
      .compile()
      .build((error, bytes) => (error === null ? resolve(bytes) : reject(error)));
  });
}

/** What a mail client shows: the parts that matter, not the transfer encoding. */
function visible(mail: ParsedMail) {
  const address = (value: ParsedMail['from']) => ({
    text: value?.text,
    addresses: value?.value.map((entry) => [entry.name, entry.address]),
  });
  const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
  return {
    from: address(mail.from),
    to: address(to),
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
  };
}

const LONG_SUBJECT =
  'Votre diplôme « Master en sciences physiques, mention très bien, promotion 2026 » de l’Université Libre est prêt';

const CASES: Array<[string, string, MailMessage]> = [
  [
    'an English activation e-mail',
    'Certa <no-reply@localhost>',
    activationEmail({
      to: 'zoe@example.org',
      issuerName: 'Université Libre de Démonstration',
      title: 'Master of Science in Physics',
      activationUrl: `http://localhost:8080/activate/${'A'.repeat(22)}#${'s'.repeat(43)}`,
      locale: 'en',
    }),
  ],
  [
    'a French activation e-mail with accents everywhere',
    '"Université Libre" <diplomes@univ.example>',
    activationEmail({
      to: 'dmitri@example.org',
      issuerName: 'École « Ångström » & Cie <test>',
      title: 'Дмитрий — Βασιλική — 山田',
      activationUrl: `https://certa.example/activate/${'B'.repeat(22)}#${'t'.repeat(43)}`,
      locale: 'fr',
    }),
  ],
  [
    'a long subject, long lines, and a name that needs quoting',
    'Bureau "des" diplômes <no-reply@example.org>',
    {
      to: 'x@example.org',
      subject: LONG_SUBJECT,
      text: `${'word '.repeat(60)}\n\nline two = with equals\r\ntrailing space \n`,
      html: `<p>${'é'.repeat(200)}</p>`,
    },
  ],
];

describe('composing an e-mail', () => {
  it.each(CASES)('%s reads the same as nodemailer’s own output', async (_name, from, message) => {
    const ours = composeMessage(from, message);
    if (ours === null) throw new Error('not composed');
    const [mine, theirs] = await Promise.all([
      simpleParser(ours.bytes),
      simpleParser(await nodemailerBytes(from, message)),
    ]);
    expect(visible(mine)).toEqual(visible(theirs));
    expect(mine.messageId).toMatch(/^<[0-9a-f]{32}@[\w.-]+>$/);
    expect(mine.date?.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('folds headers within 78 characters, keeps the HTML part within 76, and uses CRLF (or LF for the outbox)', () => {
    const [, from, message] = CASES[2] ?? CASES[0]!;
    const crlf = composeMessage(from, message)?.bytes.toString('utf8') ?? '';
    const [head = '', ...parts] = crlf.split('\r\n\r\n');
    expect(head.split('\r\n').every((line) => line.length <= 78)).toBe(true);
    const html = crlf.slice(crlf.indexOf('Content-Type: text/html'));
    expect(html.split('\r\n').every((line) => line.length <= 76)).toBe(true);
    expect(parts.length).toBeGreaterThan(0);
    expect(crlf.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lf = composeMessage(from, message, { newline: '\n' })?.bytes.toString('utf8') ?? '';
    expect(lf).not.toContain('\r');
  });

  it('writes the plain text as it is, so `cat` shows the activation link whole on one line', () => {
    const [, from, message] = CASES[0]!;
    const raw = composeMessage(from, message, { newline: '\n' })?.bytes.toString('utf8') ?? '';
    const link = `http://localhost:8080/activate/${'A'.repeat(22)}#${'s'.repeat(43)}`;
    expect(raw.split('\n')).toContain(link);
    const ascii = composeMessage(from, { ...message, text: `Open ${link}\n` }, { newline: '\n' });
    expect(ascii?.bytes.toString('utf8')).toMatch(
      /Content-Type: text\/plain; charset=utf-8\nContent-Transfer-Encoding: 7bit\n\nOpen http:/,
    );
  });

  it('sends accented text as 8bit, and only a line over 998 octets as quoted-printable', () => {
    const [, from, french] = CASES[1]!;
    const raw = composeMessage(from, french, { newline: '\n' })?.bytes.toString('utf8') ?? '';
    expect(raw).toMatch(
      /Content-Type: text\/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n/,
    );
    expect(raw.split('\n')).toContain(
      `https://certa.example/activate/${'B'.repeat(22)}#${'t'.repeat(43)}`,
    );
    const long = composeMessage(from, { ...french, text: 'x'.repeat(999) })?.bytes.toString('utf8');
    expect(long).toMatch(
      /Content-Type: text\/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n/,
    );
  });

  it('encodes ASCII HTML lines itself: `=` escaped, long lines cut within 76 never inside =XX', async () => {
    const long = `<a href="https://certa.example/activate/${'C'.repeat(22)}#${'u'.repeat(43)}" style="color:#123">`;
    const html = [
      `<p style="margin:0">${'=x'.repeat(60)}</p>`,
      `${'a'.repeat(73)}=b=c`,
      `${'a'.repeat(74)}=b`,
      long + long,
      'trailing space ',
      '',
      '<p>été</p>',
    ].join('\n');
    const message = { to: 'x@example.org', subject: 's', text: 't', html };
    const ours = composeMessage('no-reply@example.org', message);
    if (ours === null) throw new Error('not composed');
    const raw = ours.bytes.toString('utf8');
    const part = raw.slice(raw.indexOf('Content-Type: text/html'));
    expect(part).toContain('Content-Transfer-Encoding: quoted-printable');
    expect(part.split('\r\n').every((line) => line.length <= 76)).toBe(true);
    const body = part.slice(part.indexOf('\r\n\r\n') + 4, part.indexOf('\r\n--'));
    // Every escape whole on its line; only a soft break's `=` ends one.
    for (const line of body.split('\r\n')) expect(line).toMatch(/^(?:[^=]|=[0-9A-F]{2})*=?$/);
    expect((await simpleParser(ours.bytes)).html).toBe(
      (await simpleParser(await nodemailerBytes('no-reply@example.org', message))).html,
    );
  });

  it('gives the SMTP envelope: sender and one recipient', () => {
    const [, from, message] = CASES[1]!;
    expect(composeMessage(from, message)?.envelope).toEqual({
      from: 'diplomes@univ.example',
      to: ['dmitri@example.org'],
    });
  });

  it('leaves internationalised addresses to nodemailer (returns null)', () => {
    const message = { to: 'zoë@exämple.org', subject: 's', text: 't', html: '<p>h</p>' };
    expect(composeMessage('Certa <no-reply@localhost>', message)).toBeNull();
    expect(composeMessage('Certa <nö-reply@localhost>', { ...message, to: 'a@b.org' })).toBeNull();
  });
});
