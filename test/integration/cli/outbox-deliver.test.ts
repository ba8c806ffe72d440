import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { newDeliveryToken } from '../../../src/delivery/delivery.js';
import { createMailer } from '../../../src/mail/nodemailer-mailer.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';
import { createTempDir } from '../../helpers/test-database.js';
import { cli } from './cli-harness.js';

/** Spools messages as `certa serve` does without SMTP_URL (the real outbox mailer). */
async function spool(dataDir: string, messages: { to: string; deliveryToken?: string }[]) {
  const mailer = createMailer(
    loadConfig({ DATA_DIR: dataDir, MAIL_FROM: 'Certa <certa@example.org>' }).mail,
  );
  for (const message of messages)
    await mailer.send({
      subject: 'Your certificate',
      text: 'Open https://certa.example.org/activate/AAAAAAAAAAAAAAAAAAAAAA#secret',
      html: '<p>Open your certificate</p>',
      ...message,
    });
  await mailer.close();
}

describe('certa outbox --deliver', () => {
  let relay: SmtpSink;
  let dataDir: ReturnType<typeof createTempDir>;

  beforeAll(async () => {
    relay = await startSmtpSink();
  });
  afterAll(async () => relay.close());
  afterEach(() => {
    relay.messages.length = 0;
    dataDir.remove();
  });

  it('with MAIL_BOUNCE_ADDRESS, sends each message from the VERP address of its delivery token', async () => {
    dataDir = createTempDir();
    const token = newDeliveryToken();
    await spool(dataDir.path, [
      { to: 'grace@example.net', deliveryToken: token },
      // An e-mail that is no document's (an invitation): no token, the From address.
      { to: 'ada@example.net' },
    ]);
    const result = await cli(['outbox', '--deliver', relay.url], {
      DATA_DIR: dataDir.path,
      MAIL_BOUNCE_ADDRESS: 'bounces@example.org',
    });
    expect(result.code, result.err).toBe(0);
    expect(result.out).toMatch(/^2 e-mails handed to 127\.0\.0\.1:\d+ and deleted\.$/m);
    const document = relay.messages.find((mail) => mail.to.includes('grace@example.net'));
    expect(document?.mailFrom).toBe(`bounces+${token}@example.org`);
    expect(document?.raw.toString('utf8')).toContain(`X-Certa-Delivery: ${token}`);
    const other = relay.messages.find((mail) => mail.to.includes('ada@example.net'));
    expect(other?.mailFrom).toBe('certa@example.org');
    expect(
      fs.readdirSync(path.join(dataDir.path, 'outbox')).filter((name) => name.endsWith('.eml')),
    ).toEqual([]);
  });

  it('without a bounce address, or with a header that is no token, the envelope sender is the From address', async () => {
    dataDir = createTempDir();
    await spool(dataDir.path, [{ to: 'grace@example.net', deliveryToken: newDeliveryToken() }]);
    const outbox = path.join(dataDir.path, 'outbox');
    fs.writeFileSync(
      path.join(outbox, 'zz-forged.eml'),
      'X-Certa-Delivery: evil@attacker.example\nFrom: Certa <certa@example.org>\nTo: ada@example.net\nSubject: Hello\n\nHello\n',
      { mode: 0o600 },
    );
    const plain = await cli(['outbox', '--deliver', relay.url], { DATA_DIR: dataDir.path });
    expect(plain.code, plain.err).toBe(0);
    expect(relay.messages.map((mail) => mail.mailFrom)).toEqual([
      'certa@example.org',
      'certa@example.org',
    ]);

    relay.messages.length = 0;
    fs.writeFileSync(
      path.join(outbox, 'zz-forged.eml'),
      'X-Certa-Delivery: evil@attacker.example\nFrom: Certa <certa@example.org>\nTo: ada@example.net\nSubject: Hello\n\nHello\n',
      { mode: 0o600 },
    );
    const forged = await cli(['outbox', '--deliver', relay.url], {
      DATA_DIR: dataDir.path,
      MAIL_BOUNCE_ADDRESS: 'bounces@example.org',
    });
    expect(forged.code, forged.err).toBe(0);
    expect(relay.messages.map((mail) => mail.mailFrom)).toEqual(['certa@example.org']);
  });
});
