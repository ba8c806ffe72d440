import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../../test/helpers/smtp-sink.js';
import { createMailer } from './nodemailer-mailer.js';

describe('the SMTP mailer (pool in a worker thread)', () => {
  let relay: SmtpSink;
  beforeAll(async () => {
    // Refuses `refused@…` with 550 and keeps the rest.
    relay = await startSmtpSink({
      refuse: (address) =>
        address.startsWith('refused@')
          ? { code: 550, message: '5.1.1 <refused@example.org> unknown' }
          : undefined,
    });
  });
  afterAll(() => relay.close());

  const mailerFor = () =>
    createMailer({
      transport: 'smtp',
      url: relay.url,
      from: 'Certa <no-reply@example.org>',
      poolConnections: 3,
      ratePerSecond: 2_000,
      bounceAddress: 'bounces@example.org',
      bounceToken: null,
      deliveryWaitMs: 10_000,
    });

  it('settles each of many messages sent at once on its own: delivered, or refused with the reply', async () => {
    const mailer = mailerFor();
    try {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 60 }, (_, index) =>
          mailer.send({
            to: index === 17 ? 'refused@example.org' : `person-${index}@example.org`,
            subject: `Message ${index}`,
            text: `Hello ${index}`,
            html: `<p style="margin:0">Hello ${index}</p>`,
            deliveryToken: index.toString(16).padStart(32, '0'),
          }),
        ),
      );
      const refused = outcomes.flatMap((outcome, index) =>
        outcome.status === 'rejected' ? [[index, outcome.reason] as const] : [],
      );
      expect(refused.map(([index]) => index)).toEqual([17]);
      expect(refused[0]?.[1]).toMatchObject({ responseCode: 550 });
      const mine = relay.messages.filter((mail) => mail.to[0]?.startsWith('person-'));
      expect(mine).toHaveLength(59);
      const third = mine.find((mail) => mail.to[0] === 'person-3@example.org');
      const token = (3).toString(16).padStart(32, '0');
      expect(third?.mailFrom).toBe(`bounces+${token}@example.org`);
      expect(third?.raw.toString('utf8')).toMatch(new RegExp(`^X-Certa-Delivery: ${token}\\r\\n`));
      expect(third?.raw.toString('utf8')).toContain('Subject: Message 3');
    } finally {
      await mailer.close();
    }
  });

  it('checks the relay, sends again after a close (a new thread), and closes twice quietly', async () => {
    const mailer = mailerFor();
    await mailer.check?.();
    const message = { to: 'again@example.org', subject: 's', text: 't', html: '<p>h</p>' };
    await mailer.send(message);
    await mailer.close();
    await mailer.send(message);
    await mailer.close();
    await mailer.close();
    expect(relay.messages.filter((mail) => mail.to[0] === 'again@example.org')).toHaveLength(2);
  });
});
