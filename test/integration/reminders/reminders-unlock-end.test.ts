import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_HANDLERS } from '../../../src/jobs/job-handlers.js';
import type { JobHandler } from '../../../src/jobs/job.js';
import { REMINDERS_JOB } from '../../../src/reminders/reminder.js';
import { issueOne, newApprovedIssuer } from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

const DAY = 24 * 3_600_000;

/** A real SMTP server on loopback that calls `onMessage` as each message arrives. */
async function startRelay(onMessage: () => void) {
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        count += 1;
        onMessage();
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    count: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

for (const dialect of DIALECTS) {
  describe(`sending due reminders stops when the unlock ends (${dialect})`, () => {
    let platform: TestPlatform;
    let relay: Awaited<ReturnType<typeof startRelay>>;
    let issuer: TestIssuer;
    // Set just before the run: the first reminder the relay takes ends the unlock (by the clock).
    let endUnlockOnNextMessage = false;

    beforeAll(async () => {
      relay = await startRelay(() => {
        if (!endUnlockOnNextMessage) return;
        endUnlockOnNextMessage = false;
        platform.clock.advance(DAY);
      });
      platform = await startTestPlatform(dialect, { SMTP_URL: relay.url });
      issuer = await newApprovedIssuer(platform, 'Short Unlock University');
      for (const name of ['ada', 'blaise', 'carl'])
        await issueOne(platform, issuer, {
          recipient: { name, email: `${name}@unlock-end.example` },
        });
    }, 120_000);
    afterAll(async () => {
      platform.clock.reset();
      await platform.close();
      await relay.close();
    });

    it('sends one reminder, then leaves the rest due once the unlock has expired', async () => {
      const base = `/api/organisations/${issuer.organisationId}`;
      const request = <T>(method: string, path: string, json?: unknown) =>
        call<T>(platform.baseUrl, method, path, {
          token: issuer.token,
          ...(json === undefined ? {} : { json }),
        });
      // Unlocked first, while nothing is due: the unlock's own reminder run finds nothing.
      const unlocked = await request('POST', '/api/sessions/current/unlock', {
        organisationId: issuer.organisationId,
        password: issuer.password,
      });
      expect(unlocked.status, JSON.stringify(unlocked.body)).toBe(200);
      const saved = await request('PUT', `${base}/reminders/settings`, {
        enabled: true,
        days: [7],
        maxReminders: 1,
      });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      platform.clock.advance(8 * DAY);
      try {
        await (JOB_HANDLERS[REMINDERS_JOB] as JobHandler)(platform.ctx, {
          id: 0,
        } as Parameters<JobHandler>[1]);
      } finally {
        platform.clock.reset();
      }

      const before = relay.count();
      endUnlockOnNextMessage = true;
      const sent = await request<{ sent: number; remaining: number; failed: number }>(
        'POST',
        `${base}/reminders/send-due`,
      );
      platform.clock.reset();
      expect(sent.status, JSON.stringify(sent.body)).toBe(200);
      expect(sent.body).toMatchObject({ sent: 1, failed: 0, remaining: 2 });
      expect(relay.count()).toBe(before + 1);
    }, 60_000);
  });
}
