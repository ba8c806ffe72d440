import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_HANDLERS } from '../../../src/jobs/job-handlers.js';
import { monthsBefore, nextRetentionRun, runRetention } from '../../../src/privacy/retention.js';
import {
  activate,
  activationLinkFor,
  issueOne,
  newApprovedIssuer,
} from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

const DAY = 24 * 3_600_000;

describe('retention periods in calendar months', () => {
  it('counts back calendar months, clamping the day to the month’s last', () => {
    expect(monthsBefore(new Date('2026-08-31T10:00:00Z'), 6).toISOString()).toBe(
      '2026-02-28T10:00:00.000Z',
    );
    expect(monthsBefore(new Date('2026-01-15T00:00:00Z'), 12).toISOString()).toBe(
      '2025-01-15T00:00:00.000Z',
    );
    expect(nextRetentionRun(new Date('2026-12-06T02:59:00Z')).toISOString()).toBe(
      '2026-12-06T03:00:00.000Z',
    );
    expect(nextRetentionRun(new Date('2026-12-06T03:00:00Z')).toISOString()).toBe(
      '2026-12-07T03:00:00.000Z',
    );
  });
});

for (const dialect of DIALECTS) {
  describe(`retention rules erase exactly what they say, by the injected clock (${dialect})`, () => {
    let platform: TestPlatform;
    let issuer: TestIssuer;
    let apiKey: string;
    const ids: Record<string, string> = {};

    const erasedIds = async () =>
      (
        await platform.ctx.db
          .selectFrom('documents')
          .select(['publicId', 'erasedAt', 'erasureCause'])
          .where('erasedAt', 'is not', null)
          .execute()
      )
        .map((row) => Object.entries(ids).find(([, id]) => id === row.publicId)?.[0] ?? '?')
        .sort();

    const issueWithKey = (name: string) =>
      issueOne(
        platform,
        issuer,
        { recipient: { name, email: `${name}@retention.example` } },
        apiKey,
      );

    beforeAll(async () => {
      platform = await startTestPlatform(dialect);
      issuer = await newApprovedIssuer(platform, 'Retention College');
      const other = await newApprovedIssuer(platform, 'No Rules College');
      const key = await call<{ key: string }>(
        platform.baseUrl,
        'POST',
        `/api/organisations/${issuer.organisationId}/api-keys`,
        { token: issuer.token, json: { name: 'retention test', scopes: ['issue'] } },
      );
      expect(key.status, JSON.stringify(key.body)).toBe(201);
      apiKey = key.body.key;
      // Month 0: one pending and one activated document here, one pending at the other issuer.
      ids.oldPending = await issueWithKey('old-pending');
      ids.oldActive = await issueWithKey('old-active');
      await activate(platform, await activationLinkFor(platform, ids.oldActive));
      ids.otherIssuer = await issueOne(platform, other);
      const rules = await call(
        platform.baseUrl,
        'PUT',
        `/api/organisations/${issuer.organisationId}/retention`,
        { token: issuer.token, json: { pendingMonths: 6, activatedYears: 1 } },
      );
      expect(rules.status, JSON.stringify(rules.body)).toBe(200);
    });

    afterAll(async () => {
      platform.clock.reset();
      await platform.close();
    });

    it('refuses a period out of range with the field named; off by default elsewhere', async () => {
      const wrong = await call(
        platform.baseUrl,
        'PUT',
        `/api/organisations/${issuer.organisationId}/retention`,
        { token: issuer.token, json: { pendingMonths: 0, activatedYears: null } },
      );
      expect(wrong.status).toBe(400);
      const current = await call(
        platform.baseUrl,
        'GET',
        `/api/organisations/${issuer.organisationId}/retention`,
        { token: issuer.token },
      );
      expect(current.body).toMatchObject({ pendingMonths: 6, activatedYears: 1, runs: [] });
      // Setting rules queued the daily job for the next 03:00 UTC.
      const jobs = await platform.ctx.db
        .selectFrom('jobs')
        .select(['kind', 'runAfter'])
        .where('kind', '=', 'retention.run')
        .execute();
      expect(jobs).toHaveLength(1);
      expect(new Date(jobs[0]?.runAfter ?? '').getUTCHours()).toBe(3);
    });

    it('five months on, nothing is old enough: a run erases nothing and says so', async () => {
      platform.clock.advance(5 * 30 * DAY);
      ids.recentPending = await issueWithKey('recent-pending');
      const runs = await runRetention(platform.ctx);
      expect(runs).toEqual([expect.objectContaining({ erasedPending: 0, erasedActivated: 0 })]);
      expect(await erasedIds()).toEqual([]);
    });

    it('seven months on, the job erases the never-activated document older than six months only', async () => {
      platform.clock.advance(2 * 30 * DAY);
      const handler = JOB_HANDLERS['retention.run'];
      if (handler === undefined) throw new Error('no retention.run handler');
      await handler(platform.ctx, {
        id: 0,
        kind: 'retention.run',
        payload: {},
        organisationId: null,
        attempt: 1,
        maxAttempts: 3,
        signal: new AbortController().signal,
      });
      expect(await erasedIds()).toEqual(['oldPending']);
      const status = await call<{ erasureCause: string }>(
        platform.baseUrl,
        'GET',
        `/api/documents/${ids.oldPending}/status`,
      );
      expect(status.body.erasureCause).toBe('retention');
    });

    it('thirteen months on, the activated data older than a year go too; the other issuer keeps everything', async () => {
      platform.clock.advance(6 * 30 * DAY);
      await runRetention(platform.ctx);
      // The activated one (activated 13 months ago) and the recent pending one (issued 8 months
      // ago, at the 5th month) go; the other issuer has no rules.
      expect(await erasedIds()).toEqual(['oldActive', 'oldPending', 'recentPending']);
      // The issuer's session ended long ago (the clock moved a year): the report as stored.
      const runs = await platform.ctx.db
        .selectFrom('retentionRuns')
        .select(['erasedPending', 'erasedActivated'])
        .orderBy('id', 'desc')
        .execute();
      // Newest first: each run's counts.
      expect(runs.map((run) => [run.erasedPending, run.erasedActivated])).toEqual([
        [1, 1],
        [1, 0],
        [0, 0],
      ]);
      const events = await platform.ctx.db
        .selectFrom('auditEvents')
        .select(['actorType', 'detail'])
        .where('action', '=', 'document.erased')
        .execute();
      expect(events).toHaveLength(3);
      for (const event of events) expect(event.actorType).toBe('system');
    });
  });
}
