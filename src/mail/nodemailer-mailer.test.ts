import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from './nodemailer-mailer.js';

interface Received {
  readonly mailFrom: string;
  readonly to: string;
  readonly raw: string;
}

/** A real SMTP server on loopback that refuses `refused@…` with 550 and keeps the rest. */
async function startRelay(): Promise<{
  url: string;
  received: Received[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('refused@'))
        callback(
          Object.assign(new Error('5.1.1 <refused@example.org> unknown'), { responseCode: 550 }),
        );
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          mailFrom: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo[0]?.address ?? '',
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the SMTP mailer (pool in a worker thread)', () => {
  let relay: Awaited<ReturnType<typeof startRelay>>;
  beforeAll(async () => {
    relay = await startRelay();
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
      const mine = relay.received.filter((mail) => mail.to.startsWith('person-'));
      expect(mine).toHaveLength(59);
      const third = mine.find((mail) => mail.to === 'person-3@example.org');
      const token = (3).toString(16).padStart(32, '0');
      expect(third?.mailFrom).toBe(`bounces+${token}@example.org`);
      expect(third?.raw).toMatch(new RegExp(`^X-Certa-Delivery: ${token}\\r\\n`));
      expect(third?.raw).toContain('Subject: Message 3');
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
    expect(relay.received.filter((mail) => mail.to === 'again@example.org')).toHaveLength(2);
  });
});
