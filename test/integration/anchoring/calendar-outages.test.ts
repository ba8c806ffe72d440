import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformAdmin } from '../../../src/accounts/create-platform-admin.js';
import type { AnchoringOverview } from '../../../src/anchoring/anchoring-overview.js';
import type { AnchorWorker } from '../../../src/anchoring/anchor-worker.js';
import { RETRY_BASE_MS } from '../../../src/anchoring/retry-backoff.js';
import { DetachedTimestampFile, EsploraSource, verifyTimestamp } from '../../../verifier/index.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { enrolTwoFactor } from '../../helpers/two-factor.js';
import {
  allSubmissions,
  downloadProof,
  expectNothingLostNothingTwice,
  issueAndActivate,
  startAnchoringStand,
  type AnchoringStand,
} from './anchoring-stand.js';

interface Report {
  valid: boolean;
  checks: Array<{ id: string; status: string; code: string; message: string }>;
  anchor: { status: string; bitcoinHeight: number | null } | null;
  anchors: Array<{ status: string; lastError: string | null; nextAttemptAt: string | null }>;
}

const TEN_MINUTES = 600_000;

async function report(stand: AnchoringStand, sha256: string): Promise<Report> {
  const response = await call<Report>(stand.platform.baseUrl, 'POST', '/api/verify', {
    json: { sha256 },
  });
  expect(response.status).toBe(200);
  return response.body;
}

const timeOf = (body: Report) => body.checks.find((check) => check.id === 'time');

for (const dialect of DIALECTS) {
  describe(`one of three calendars down, m = 2 (${dialect})`, () => {
    let stand: AnchoringStand;
    let worker: AnchorWorker;

    beforeAll(async () => {
      stand = await startAnchoringStand(dialect, { calendars: 3, minCalendars: 2 });
      worker = stand.worker();
    });
    afterAll(async () => stand.close());

    it('two calendars are enough: the batch is pending, the third is retried with backoff', async () => {
      const down = stand.calendars[2];
      if (down === undefined) throw new Error('no calendar');
      down.behaviour = 'drop';
      const [document] = await issueAndActivate(stand, 1);
      if (document === undefined) throw new Error('no document');
      stand.platform.clock.advance(TEN_MINUTES);
      const before = stand.platform.clock.now().getTime();
      const summary = await worker.tick();
      expect(summary).toMatchObject({ batchesCreated: 1, failures: 1 });
      const submissions = await allSubmissions(stand.platform);
      expect(submissions.map((row) => row.status)).toEqual(['pending', 'pending', 'prepared']);
      expect(submissions.every((row) => row.batchStatus === 'pending')).toBe(true);
      const failing = submissions[2];
      expect(failing).toMatchObject({ attempts: 1, lastError: 'backend_unavailable' });
      const wait = Date.parse(failing?.nextAttemptAt ?? '') - before;
      expect(wait).toBeGreaterThanOrEqual(RETRY_BASE_MS / 2);
      expect(wait).toBeLessThanOrEqual(RETRY_BASE_MS + 1000);
      expect((await report(stand, document.sha256)).anchor?.status).toBe('pending');

      await worker.tick();
      expect(down.posted).toHaveLength(1);

      stand.platform.clock.advance(RETRY_BASE_MS + 1000);
      await worker.tick();
      expect(down.posted).toHaveLength(2);
      expect((await allSubmissions(stand.platform))[2]).toMatchObject({ attempts: 2 });

      down.behaviour = 'ok';
      stand.platform.clock.advance(2 * RETRY_BASE_MS + 1000);
      await worker.tick();
      expect((await allSubmissions(stand.platform)).map((row) => row.status)).toEqual([
        'pending',
        'pending',
        'pending',
      ]);
      await expectNothingLostNothingTwice(stand.platform);
    });
  });

  describe(`two of three calendars down: the batch waits, visibly, and nothing is lost (${dialect})`, () => {
    let stand: AnchoringStand;
    let worker: AnchorWorker;
    let documents: { documentId: string; sha256: string }[];
    let adminToken: string;

    beforeAll(async () => {
      stand = await startAnchoringStand(dialect, { calendars: 3, minCalendars: 2 });
      worker = stand.worker();
      const email = `anchoring-admin-${dialect}@platform.example`;
      const password = 'the anchoring admin passphrase';
      await createPlatformAdmin(stand.platform.ctx, { email, password });
      const session = await call<{ token: string }>(
        stand.platform.baseUrl,
        'POST',
        '/api/sessions',
        { json: { email, password } },
      );
      // Platform admins act only from a session that passed the second factor.
      adminToken = (await enrolTwoFactor(stand.platform, session.body.token, password)).token;
    });
    afterAll(async () => stand.close());

    it('with one calendar answering, the digests stay queued with the failure, attempts and next try visible', async () => {
      const [, second, third] = stand.calendars;
      if (second === undefined || third === undefined) throw new Error('no calendars');
      second.behaviour = 'error-500';
      third.behaviour = 'hang';
      documents = await issueAndActivate(stand, 2);
      stand.platform.clock.advance(TEN_MINUTES);
      const summary = await worker.tick();
      expect(summary).toMatchObject({ batchesCreated: 1, failures: 2 });

      const body = await report(stand, documents[0]?.sha256 ?? '');
      expect(body.valid).toBe(true);
      expect(timeOf(body)).toMatchObject({ status: 'pending', code: 'not_anchored_yet' });
      expect(body.anchor?.status).toBe('queued');
      for (const anchor of body.anchors) {
        expect(anchor.status).toBe('queued');
        expect(anchor.lastError).toBe('backend_unavailable');
        expect(Date.parse(anchor.nextAttemptAt ?? '')).toBeGreaterThan(
          stand.platform.clock.now().getTime(),
        );
      }
      expect((await downloadProof(stand.platform, documents[0]?.documentId ?? '')).status).toBe(
        409,
      );

      const overview = await call<AnchoringOverview>(
        stand.platform.baseUrl,
        'GET',
        '/api/admin/anchoring',
        { token: adminToken },
      );
      expect(overview.status).toBe(200);
      const batch = overview.body.recentBatches[0];
      expect(batch?.status).toBe('queued');
      expect(batch?.submissions.map((row) => [row.status, row.lastError, row.attempts])).toEqual([
        ['pending', null, 0],
        ['prepared', 'backend_unavailable', 1],
        ['prepared', 'backend_unavailable', 1],
      ]);
      expect(batch?.submissions[1]?.lastErrorMessage).toMatch(/HTTP 500/);
      expect(batch?.submissions[2]?.lastErrorMessage).toMatch(/did not answer within/);
    });

    it('retries back off exponentially with jitter, and each retry posts the same root again', async () => {
      const [, second, third] = stand.calendars;
      if (second === undefined || third === undefined) throw new Error('no calendars');
      third.behaviour = 'error-500';
      for (let attempt = 2; attempt <= 4; attempt += 1) {
        const rows = await allSubmissions(stand.platform);
        const next = Math.max(...rows.slice(1).map((row) => Date.parse(row.nextAttemptAt ?? '')));
        const before = stand.platform.clock.now().getTime();
        // Not yet due: nothing is sent.
        await worker.tick();
        expect(second.posted).toHaveLength(attempt - 1);
        stand.platform.clock.advance(next - before + 1);
        const now = stand.platform.clock.now().getTime();
        await worker.tick();
        expect(second.posted).toHaveLength(attempt);
        const after = await allSubmissions(stand.platform);
        for (const row of after.slice(1)) {
          expect(row).toMatchObject({ attempts: attempt, lastError: 'backend_unavailable' });
          const wait = Date.parse(row.nextAttemptAt ?? '') - now;
          const nominal = RETRY_BASE_MS * 2 ** (attempt - 1);
          expect(wait).toBeGreaterThanOrEqual(nominal / 2 - 5);
          expect(wait).toBeLessThanOrEqual(nominal + 5);
        }
      }
      const roots = new Set([...second.posted, ...third.posted]);
      expect(roots.size).toBe(1);
      await expectNothingLostNothingTwice(stand.platform);
    });

    it('when the calendars come back, the same batch goes pending, then anchored; every proof verifies', async () => {
      for (const calendar of stand.calendars) calendar.behaviour = 'ok';
      stand.platform.clock.advance(2 * 60 * 60_000);
      await worker.tick();
      const rows = await allSubmissions(stand.platform);
      expect(rows.map((row) => [row.status, row.batchStatus])).toEqual([
        ['pending', 'pending'],
        ['pending', 'pending'],
        ['pending', 'pending'],
      ]);
      const batches = await stand.platform.ctx.db.selectFrom('anchorBatches').selectAll().execute();
      expect(batches).toHaveLength(1);
      for (const calendar of stand.calendars) calendar.confirm();
      stand.platform.clock.advance(TEN_MINUTES);
      await worker.tick();
      for (const document of documents) {
        const body = await report(stand, document.sha256);
        expect(timeOf(body)?.status).toBe('passed');
        const download = await downloadProof(stand.platform, document.documentId);
        const check = await verifyTimestamp(
          DetachedTimestampFile.deserialize(download.raw),
          Buffer.from(document.sha256, 'hex'),
          new EsploraSource(stand.esplora.url),
        );
        expect(check.status).toBe('verified');
      }
      await expectNothingLostNothingTwice(stand.platform);
    });

    it('with the block header source down the time check is "unknown", never failed', async () => {
      const document = documents[1];
      if (document === undefined) throw new Error('no document');
      stand.esplora.behaviour = 'error-500';
      // Past the header cache's lifetime.
      stand.platform.clock.advance(TEN_MINUTES + 60_000);
      const body = await report(stand, document.sha256);
      expect(body.valid).toBe(true);
      expect(timeOf(body)).toMatchObject({ status: 'unknown', code: 'bitcoin_unavailable' });
      expect(body.anchor?.status).toBe('anchored');
      expect((await downloadProof(stand.platform, document.documentId)).status).toBe(200);
      stand.esplora.behaviour = 'ok';
      expect(timeOf(await report(stand, document.sha256))?.status).toBe('passed');
    });
  });
}
