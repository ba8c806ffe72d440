import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activate, issueOne, newApprovedIssuer } from '../../helpers/factories.js';
import { startSmtpSink } from '../../helpers/smtp-sink.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

interface Recipient {
  name: string;
  email: string;
  documentId: string;
  secret: string;
}

const NAMES = [
  'Zoë Ångström-Ñúñez',
  'Βασιλική Παπαδοπούλου',
  'Дмитрий Шостакович',
  'Aurélien Quintessence',
  'Margarethe Vonnegut-Brühl',
  'Ξενοφών Καραμανλής',
  'Светлана Рахманинова',
  'Océane Labrousse-Dufresne',
  'Bartholomew Featherstonehaugh',
  'Ingrid Østergaard-Lindqvist',
];

/** Every readable form of a string we might find in a dump (UTF-8, JSON-escaped, lower case). */
function needles(value: string): Buffer[] {
  const forms = new Set([
    value,
    value.toLowerCase(),
    JSON.stringify(value).slice(1, -1),
    value.normalize('NFD'),
  ]);
  return [...forms].flatMap((form) => [Buffer.from(form, 'utf8'), Buffer.from(form, 'utf16le')]);
}

function filesUnder(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

async function dumpTables(platform: TestPlatform): Promise<Buffer> {
  const { db } = platform.ctx;
  const tables =
    platform.config.database.dialect === 'sqlite'
      ? (
          await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(
            db,
          )
        ).rows.map((row) => row.name)
      : (
          await sql<{
            name: string;
          }>`select tablename as name from pg_tables where schemaname = 'public'`.execute(db)
        ).rows.map((row) => row.name);
  expect(tables).toContain('documents');
  const parts: Buffer[] = [];
  for (const table of tables) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db))
      .rows;
    for (const row of rows) {
      for (const value of Object.values(row)) {
        parts.push(
          Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'utf8'),
          Buffer.from('\n'),
        );
      }
    }
  }
  return Buffer.concat(parts);
}

for (const dialect of DIALECTS) {
  describe(`privacy of pending recipients at rest (${dialect})`, () => {
    let platform: TestPlatform;
    let smtp: SmtpSink;
    const recipients: Recipient[] = [];

    beforeAll(async () => {
      smtp = await startSmtpSink();
      platform = await startTestPlatform(dialect, { SMTP_URL: smtp.url });
      const issuer = await newApprovedIssuer(platform, 'Privacy Test Academy');
      for (let index = 0; index < 20; index += 1) {
        const base = NAMES[index % NAMES.length] ?? 'Someone';
        const name = index < NAMES.length ? base : `${base} Junior`;
        const email = `person.${index}.${dialect}@recipients.example`;
        const documentId = await issueOne(platform, issuer, {
          recipient: { name, email },
          fields: [{ label: 'Grade', value: `Confidential grade ${index}` }],
        });
        const mail = smtp.messages.find((message) => message.text.includes(documentId));
        const secret = /#([A-Za-z0-9_-]{43})/.exec(mail?.text ?? '')?.[1];
        if (secret === undefined) throw new Error('no activation link received');
        recipients.push({ name, email, documentId, secret });
      }
      for (const recipient of recipients.slice(0, 10)) await activate(platform, recipient);
    });

    afterAll(async () => {
      await platform.close();
      await smtp.close();
    });

    it('delivered every activation link through real SMTP, and wrote no outbox file', () => {
      // 20 activation e-mails, and the issuer's approval e-mail.
      expect(smtp.messages.filter((mail) => mail.text.includes('/activate/'))).toHaveLength(20);
      expect(smtp.messages).toHaveLength(21);
      expect(fs.existsSync(path.join(platform.dataDir, 'outbox'))).toBe(false);
    });

    it('no table, file or log line holds a pending recipient’s name, e-mail or field, or any activation secret', async () => {
      const pending = recipients.slice(10);
      const haystacks: Array<[string, Buffer]> = [
        ['database tables', await dumpTables(platform)],
        ...filesUnder(platform.dataDir).map((file): [string, Buffer] => [
          path.relative(platform.dataDir, file),
          fs.readFileSync(file),
        ]),
        ['log lines', Buffer.from(platform.logLines.join('\n'), 'utf8')],
      ];
      expect(haystacks.length).toBeGreaterThan(3);
      expect(platform.logLines.length).toBeGreaterThan(40);
      const secrets = recipients.map(
        (recipient) => ['activation secret', recipient.secret] as const,
      );
      const personal = pending.flatMap((recipient) => [
        ['name', recipient.name] as const,
        ['e-mail', recipient.email] as const,
        ['e-mail local part', recipient.email.split('@')[0] ?? ''] as const,
      ]);
      const fields = pending.map(
        (recipient) => ['field', `Confidential grade ${recipients.indexOf(recipient)}`] as const,
      );
      for (const [where, content] of haystacks) {
        for (const [what, value] of [...secrets, ...personal, ...fields]) {
          for (const needle of needles(value)) {
            expect(content.includes(needle), `${what} "${value}" found in ${where}`).toBe(false);
          }
        }
      }
    });

    it('activated documents are encrypted at rest too: their names appear in no file in the clear', () => {
      const files = filesUnder(platform.dataDir).map((file) => fs.readFileSync(file));
      for (const recipient of recipients.slice(0, 10)) {
        for (const content of files)
          expect(content.includes(Buffer.from(recipient.name, 'utf8'))).toBe(false);
      }
    });
  });
}
