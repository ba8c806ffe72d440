import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_HANDLERS } from '../../../src/jobs/job-handlers.js';
import type { JobHandler } from '../../../src/jobs/job.js';
import { nextReminderAt, REMINDERS_JOB } from '../../../src/reminders/reminder.js';
import { activate, issueOne, newApprovedIssuer } from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { startSmtpSink } from '../../helpers/smtp-sink.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

const DAY = 24 * 3_600_000;

describe('the reminder schedule', () => {
  const issuedAt = '2026-01-01T00:00:00.000Z';
  const at = (
    settings: { days: number[]; maxReminders: number },
    sentCount: number,
    lastSentAt: string | null = null,
  ) => nextReminderAt(settings, { issuedAt, sentCount, lastSentAt })?.toISOString() ?? null;

  it('goes by the listed days, then repeats the last interval, up to the most', () => {
    const settings = { days: [7, 21], maxReminders: 4 };
    expect(at(settings, 0)).toBe('2026-01-08T00:00:00.000Z');
    expect(at(settings, 1)).toBe('2026-01-22T00:00:00.000Z');
    expect(at(settings, 2)).toBe('2026-02-05T00:00:00.000Z');
    expect(at(settings, 3)).toBe('2026-02-19T00:00:00.000Z');
    expect(at(settings, 4)).toBeNull();
    expect(at({ days: [10], maxReminders: 3 }, 2)).toBe('2026-01-31T00:00:00.000Z');
  });

  it('waits at least the first interval after a reminder sent late', () => {
    expect(at({ days: [7, 21], maxReminders: 2 }, 1, '2026-01-30T00:00:00.000Z')).toBe(
      '2026-02-06T00:00:00.000Z',
    );
  });
});

/** The activation links the sink received for one document, oldest first. */
function secretsFor(
  smtp: SmtpSink,
  documentId: string,
): Array<{ secret: string; subject: string }> {
  const found: Array<{ secret: string; subject: string }> = [];
  for (const message of smtp.messages) {
    const match = new RegExp(`/activate/${documentId}#([A-Za-z0-9_-]{43})`).exec(message.text);
    if (match?.[1] !== undefined) found.push({ secret: match[1], subject: message.subject });
  }
  return found;
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

for (const dialect of DIALECTS) {
  describe(`reminders for documents not activated (${dialect})`, () => {
    let platform: TestPlatform;
    let smtp: SmtpSink;
    let issuer: TestIssuer;
    const ids: Record<string, string> = {};
    const base = () => `/api/organisations/${issuer.organisationId}`;
    const request = <T>(method: string, path: string, json?: unknown) =>
      call<T>(platform.baseUrl, method, path, {
        token: issuer.token,
        ...(json === undefined ? {} : { json }),
      });
    const settings = (enabled: boolean, days = [7, 21], maxReminders = 2) =>
      request<{ dueCount: number; enabled: boolean }>('PUT', `${base()}/reminders/settings`, {
        enabled,
        days,
        maxReminders,
      });
    const dueCount = async () => {
      const response = await request<{ dueCount: number }>('GET', `${base()}/reminders/due`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body.dueCount;
    };
    /** The daily job, run as the runner would, `days` after now by the injected clock. */
    const runDailyCheck = async (days: number) => {
      const handler = JOB_HANDLERS[REMINDERS_JOB] as JobHandler;
      platform.clock.advance(days * DAY);
      try {
        await handler(platform.ctx, { id: 0 } as Parameters<JobHandler>[1]);
      } finally {
        platform.clock.reset();
      }
    };
    const reminders = (name: string) =>
      secretsFor(smtp, ids[name] ?? '').filter((mail) => mail.subject.startsWith('Reminder:'));
    /** The `document.reminded` events queued for the endpoint, as sent: {documentId: reminder}. */
    const remindedEvents = async () => {
      const rows = await platform.ctx.db
        .selectFrom('webhookDeliveries')
        .select('body')
        .where('eventType', '=', 'document.reminded')
        .orderBy('id')
        .execute();
      return rows.map((row) => {
        expect(row.body).not.toContain('@reminders.example');
        const body = JSON.parse(row.body) as { type: string; data: Record<string, unknown> };
        expect(body.type).toBe('document.reminded');
        return { documentId: body.data.documentId, reminder: body.data.reminder };
      });
    };
    const timelineOf = async (documentId: string) => {
      const detail = await request<{ timeline: { type: string; actorType: string | null }[] }>(
        'GET',
        `${base()}/documents/${documentId}`,
      );
      expect(detail.status, JSON.stringify(detail.body)).toBe(200);
      return detail.body.timeline;
    };
    const activation = (documentId: string, secret: string) =>
      call(platform.baseUrl, 'POST', `/api/activations/${documentId}`, {
        json: { secret, acceptTerms: true, termsVersion: 1 },
      });

    beforeAll(async () => {
      // The relay refuses fay's address: a reminder would go to the same address.
      smtp = await startSmtpSink({ rejects: (address) => address.startsWith('fay@') });
      platform = await startTestPlatform(dialect, {
        SMTP_URL: smtp.url,
        WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: 'true',
      });
      issuer = await newApprovedIssuer(platform, 'Northwind University');
      // Reminders have their own event type; an endpoint for deliveries does not get them.
      for (const eventTypes of [['document.reminded'], ['document.delivered']]) {
        const endpoint = await request('POST', `${base()}/webhooks`, {
          url: 'http://127.0.0.1:9/hooks',
          eventTypes,
        });
        expect(endpoint.status, JSON.stringify(endpoint.body)).toBe(201);
      }
      for (const name of ['ada', 'blaise', 'carl', 'dora', 'emmy'])
        ids[name] = await issueOne(platform, issuer, {
          recipient: { name, email: `${name}@reminders.example` },
        });
      await waitFor(
        () => Object.values(ids).every((id) => secretsFor(smtp, id).length === 1),
        'the activation e-mails',
      );
      ids.fay = await issueOne(platform, issuer, {
        recipient: { name: 'fay', email: 'fay@reminders.example' },
      });
    }, 60_000);

    afterAll(async () => {
      await platform?.close();
      await smtp?.close();
    });

    it('marks nothing while reminders are off, and refuses settings that make no sense', async () => {
      await runDailyCheck(30);
      expect(await dueCount()).toBe(0);
      const backwards = await settings(true, [21, 7]);
      expect(backwards.status).toBe(400);
      const none = await settings(true, []);
      expect(none.status).toBe(400);
    });

    it('marks by the injected clock the documents not activated after the first day, except activated, stopped and refused ones', async () => {
      const saved = await settings(true);
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      expect(saved.body.dueCount).toBe(0); // issued just now: nothing is due yet
      await activate(platform, {
        documentId: ids.dora ?? '',
        secret: secretsFor(smtp, ids.dora ?? '')[0]?.secret ?? '',
      });
      const stopped = await request<{ stoppedAt: string | null }>(
        'PUT',
        `${base()}/documents/${ids.emmy}/reminders`,
        { stopped: true },
      );
      expect(stopped.status, JSON.stringify(stopped.body)).toBe(200);
      expect(stopped.body.stoppedAt).not.toBeNull();
      await runDailyCheck(6);
      expect(await dueCount()).toBe(0);
      await runDailyCheck(8);
      expect(await dueCount()).toBe(3); // ada, blaise, carl
      const jobs = await platform.ctx.db
        .selectFrom('jobs')
        .select(['payload', 'state'])
        .where('kind', '=', REMINDERS_JOB)
        .execute();
      expect(jobs).toEqual([{ payload: '{}', state: 'queued' }]);
    });

    it('sends nothing without the organisation key, then sends on unlock, re-keying each due document', async () => {
      const locked = await request<{ error: { code: string } }>(
        'POST',
        `${base()}/reminders/send-due`,
      );
      expect(locked.status).toBe(403);
      expect(locked.body.error.code).toBe('UNLOCK_REQUIRED');
      expect(reminders('ada')).toHaveLength(0);

      const unlocked = await request('POST', '/api/sessions/current/unlock', {
        organisationId: issuer.organisationId,
        password: issuer.password,
      });
      expect(unlocked.status).toBe(200);
      await waitFor(
        () => ['ada', 'blaise', 'carl'].every((name) => reminders(name).length === 1),
        'three reminders',
      );
      expect(reminders('dora')).toHaveLength(0);
      expect(reminders('emmy')).toHaveLength(0);
      expect(await dueCount()).toBe(0);

      const ada = secretsFor(smtp, ids.ada ?? '');
      expect(ada).toHaveLength(2);
      expect(ada[1]?.subject).toBe(
        'Reminder: your document from Northwind University is waiting for you',
      );
      // Only the newest link works: the reminder re-keyed the document.
      expect((await activation(ids.ada ?? '', ada[0]?.secret ?? '')).status).toBe(403);
      await activate(platform, { documentId: ids.ada ?? '', secret: ada[1]?.secret ?? '' });

      const state = await request<{
        sentCount: number;
        lastSentAt: string | null;
        dueSince: string | null;
      }>('GET', `${base()}/documents/${ids.blaise}/reminders`);
      expect(state.body).toMatchObject({ sentCount: 1, dueSince: null });
      expect(state.body.lastSentAt).not.toBeNull();
      const audit = await platform.ctx.db
        .selectFrom('auditEvents')
        .select(['targetId', 'detail'])
        .where('action', '=', 'document.reminder_sent')
        .execute();
      expect(audit.map((entry) => entry.targetId).sort()).toEqual(
        [ids.ada, ids.blaise, ids.carl].sort(),
      );
      // Each reminder is a webhook event, and a line of the document's timeline.
      // Sorted by code unit on both sides (localeCompare and sort() disagree on case).
      expect(
        (await remindedEvents()).sort((a, b) =>
          String(a.documentId) < String(b.documentId) ? -1 : 1,
        ),
      ).toEqual(
        [ids.ada, ids.blaise, ids.carl].sort().map((documentId) => ({ documentId, reminder: 1 })),
      );
      const delivered = await platform.ctx.db
        .selectFrom('webhookDeliveries')
        .select('body')
        .where('eventType', '=', 'document.delivered')
        .execute();
      expect(delivered.filter((row) => row.body.includes(ids.carl ?? '-'))).toHaveLength(1);
      const timeline = await timelineOf(ids.carl ?? '');
      // The delivery entry is about the newest message (the reminder), taken by the relay.
      expect(timeline.map((event) => event.type)).toEqual(['issued', 'reminder_sent', 'emailed']);
      expect(timeline[1]?.actorType).toBe('user');
      expect(timeline[2]).toMatchObject({ actorType: null, reason: null });
      expect((await timelineOf(ids.dora ?? '')).map((event) => event.type)).not.toContain(
        'reminder_sent',
      );
    });

    it('sends the second reminder on demand, never after activation, and none past the most', async () => {
      await runDailyCheck(22);
      expect(await dueCount()).toBe(2); // blaise and carl; ada is activated
      const sent = await request<{ sent: number; remaining: number }>(
        'POST',
        `${base()}/reminders/send-due`,
      );
      expect(sent.status, JSON.stringify(sent.body)).toBe(200);
      expect(sent.body).toMatchObject({ sent: 2, remaining: 0, stoppedBy: null });
      expect(reminders('ada')).toHaveLength(1);
      expect(reminders('blaise')).toHaveLength(2);
      expect((await remindedEvents()).slice(3)).toEqual(
        expect.arrayContaining([
          { documentId: ids.blaise, reminder: 2 },
          { documentId: ids.carl, reminder: 2 },
        ]),
      );
      expect(
        (await timelineOf(ids.blaise ?? '')).filter((event) => event.type === 'reminder_sent'),
      ).toHaveLength(2);
      const blaise = secretsFor(smtp, ids.blaise ?? '');
      await activate(platform, {
        documentId: ids.blaise ?? '',
        secret: blaise.at(-1)?.secret ?? '',
      });

      await runDailyCheck(90);
      expect(await dueCount()).toBe(0); // carl had the most (2); emmy is stopped
      const again = await request<{ sent: number }>('POST', `${base()}/reminders/send-due`);
      expect(again.body.sent).toBe(0);
    });

    it('stops per organisation: turned off, nothing is due; a document allowed again becomes due', async () => {
      const resumed = await request('PUT', `${base()}/documents/${ids.emmy}/reminders`, {
        stopped: false,
      });
      expect(resumed.status).toBe(200);
      await runDailyCheck(8);
      expect(await dueCount()).toBe(1); // emmy
      const off = await settings(false);
      expect(off.status).toBe(200);
      expect(off.body).toMatchObject({ enabled: false, dueCount: 0 });
      await runDailyCheck(8);
      expect(await dueCount()).toBe(0);
      const none = await request<{ sent: number }>('POST', `${base()}/reminders/send-due`);
      expect(none.body.sent).toBe(0);
      expect(reminders('emmy')).toHaveLength(0);
    });
  });
}
