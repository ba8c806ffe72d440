import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_HANDLERS } from '../../../src/jobs/job-handlers.js';
import type { JobHandler } from '../../../src/jobs/job.js';
import { REMINDERS_JOB } from '../../../src/reminders/reminder.js';
import { issueOne, newApprovedIssuer } from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { unlockOrganisation } from '../../helpers/issuer-steps.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

const DAY = 24 * 3_600_000;

for (const dialect of DIALECTS) {
  describe(`sending due reminders stops when the unlock ends (${dialect})`, () => {
    let platform: TestPlatform;
    let relay: SmtpSink;
    let issuer: TestIssuer;
    // Set just before the run: the first reminder the relay takes ends the unlock (by the clock).
    let endUnlockOnNextMessage = false;

    beforeAll(async () => {
      relay = await startSmtpSink({
        onMessage: () => {
          if (!endUnlockOnNextMessage) return;
          endUnlockOnNextMessage = false;
          platform.clock.advance(DAY);
        },
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
      await unlockOrganisation(platform.baseUrl, issuer);
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

      const before = relay.messages.length;
      endUnlockOnNextMessage = true;
      const sent = await request<{ sent: number; remaining: number; failed: number }>(
        'POST',
        `${base}/reminders/send-due`,
      );
      platform.clock.reset();
      expect(sent.status, JSON.stringify(sent.body)).toBe(200);
      expect(sent.body).toMatchObject({
        sent: 1,
        failed: 0,
        remaining: 2,
        stoppedBy: 'unlock_expired',
      });
      expect(relay.messages.length).toBe(before + 1);
    }, 60_000);
  });
}
