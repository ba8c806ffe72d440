import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApprovedIssuer, type TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import {
  confirmBatch,
  stoppedBatch,
  unlockOrganisation,
  uploadBatch,
} from '../../helpers/issuer-steps.js';
import { startSmtpSink } from '../../helpers/smtp-sink.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/test-platform.js';

const ROWS = 1_500;
/** Rows of the second batch: enough for the run to be mid-delivery when the member locks. */
const LOCK_ROWS = 600;

/**
 * The SMTP sink holding the batch's messages until `open()`: a batch run is caught mid-delivery,
 * holding the organisation's keys, while the test moves the clock.
 */
async function startHeldRelay() {
  let release: () => void = () => undefined;
  let gate: Promise<void> = Promise.resolve();
  const hold = () => {
    gate = new Promise<void>((resolve) => {
      release = resolve;
    });
  };
  hold();
  const accepted: string[] = [];
  let started = 0;
  const sink = await startSmtpSink({
    // Thousands of messages, only counted: not decoded.
    parse: false,
    async onMessage(mail) {
      const to = mail.to.join();
      // Only the batches' messages wait (the issuer's own account mails go through).
      if (!to.startsWith('row')) return;
      started += 1;
      await gate;
      accepted.push(to);
    },
  });
  return {
    url: sink.url,
    accepted,
    started: () => started,
    open: () => release(),
    /** Holds the next messages again (after `open()`). */
    hold,
    close: () => sink.close(),
  };
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

for (const dialect of DIALECTS) {
  describe(`a batch run stops handing out links when its unlock ends (${dialect})`, () => {
    let relay: Awaited<ReturnType<typeof startHeldRelay>>;
    let platform: TestPlatform;
    let issuer: TestIssuer;

    beforeAll(async () => {
      relay = await startHeldRelay();
      platform = await startTestPlatform(dialect, {
        SMTP_URL: relay.url,
        UNLOCK_TTL_MINUTES: '1',
        // A heartbeat (and unlock check) every second.
        BATCH_RUN_LEASE_SECONDS: '3',
      });
      issuer = await newApprovedIssuer(platform, 'Unlock University');
    }, 120_000);
    afterAll(async () => {
      relay.open();
      await platform.close();
      await relay.close();
    });

    const unlock = () => unlockOrganisation(platform.baseUrl, issuer);
    const stopped = (path: string) => stoppedBatch(platform.baseUrl, issuer, path, 60_000);

    /** Uploads `count` rows named `prefix` and confirms them; returns the batch's id and path. */
    const confirmRows = async (prefix: string, count: number) => {
      const rows = Array.from(
        { length: count },
        (_, index) => `${prefix} ${index},row-${prefix}${index}@example.net`,
      );
      const { upload, path } = await uploadBatch(platform, issuer, {
        bytes: Buffer.from(`name,email\n${rows.join('\n')}\n`),
        fileName: `${prefix}.csv`,
      });
      await confirmBatch(platform.baseUrl, issuer, path);
      return { id: upload.id, path };
    };
    const stopAudit = (batchId: string) =>
      platform.ctx.db
        .selectFrom('auditEvents')
        .select(['action', 'actorType', 'detail'])
        .where('targetId', '=', batchId)
        .execute();

    it('past UNLOCK_TTL the run is interrupted with its reason, the rest left for the next unlock', async () => {
      await unlock();
      const { id, path } = await confirmRows('expiry', ROWS);

      // The run hands its first messages over; the relay holds them. Then the unlock runs out.
      await until(() => relay.started() > 0, 'the first message');
      platform.clock.advance(2 * 60_000);
      try {
        // Two heartbeats: the run sees that the unlock ended and stops.
        await new Promise((resolve) => setTimeout(resolve, 2_500));
        relay.open();
        const interrupted = await stopped(path);
        expect(interrupted.state).toBe('interrupted');
        const { counts } = interrupted;
        // Only the messages already with the relay went out; no link was handed out after.
        expect(counts.sent).toBe(relay.accepted.length);
        expect(counts.sent).toBeGreaterThan(0);
        expect(counts.sent).toBeLessThanOrEqual(32);
        expect(counts.issued).toBeLessThan(ROWS);
        expect(counts.awaiting + counts.deferred).toBe(counts.issued - counts.sent);
        expect(await stopAudit(id)).toEqual([
          {
            action: 'batch.run_stopped',
            actorType: 'system',
            detail: JSON.stringify({ reason: 'unlock_expired' }),
          },
        ]);
        // Without an unlock, nobody resumes it.
        const refused = await call<{ error: { code: string } }>(
          platform.baseUrl,
          'POST',
          `${path}/resume`,
          { token: issuer.token, json: {} },
        );
        expect(refused.status).toBe(403);
        expect(refused.body.error.code).toBe('UNLOCK_REQUIRED');
      } finally {
        platform.clock.reset();
      }

      // The next unlock resumes it: every row issued once, every document delivered.
      await unlock();
      const resumed = await call(platform.baseUrl, 'POST', `${path}/resume`, {
        token: issuer.token,
        json: {},
      });
      expect(resumed.status, JSON.stringify(resumed.body)).toBe(202);
      const finished = await stopped(path);
      expect(finished.state).toBe('finished');
      expect(finished.counts).toMatchObject({ issued: ROWS, sent: ROWS, awaiting: 0, deferred: 0 });
    }, 120_000);

    it('a member who locks the organisation stops the run they started, within a heartbeat', async () => {
      await unlock();
      relay.hold();
      const before = relay.started();
      const accepted = relay.accepted.length;
      const { id, path } = await confirmRows('lock', LOCK_ROWS);
      await until(() => relay.started() > before, 'the first message');
      const locked = await call(platform.baseUrl, 'POST', '/api/sessions/current/lock', {
        token: issuer.token,
      });
      expect(locked.status, JSON.stringify(locked.body)).toBeLessThan(300);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      relay.open();
      const interrupted = await stopped(path);
      expect(interrupted.state).toBe('interrupted');
      expect(interrupted.counts.sent).toBe(relay.accepted.length - accepted);
      expect(interrupted.counts.sent).toBeLessThanOrEqual(32);
      expect(interrupted.counts.awaiting + interrupted.counts.deferred).toBeGreaterThan(0);
      expect(await stopAudit(id)).toEqual([
        {
          action: 'batch.run_stopped',
          actorType: 'system',
          detail: JSON.stringify({ reason: 'locked' }),
        },
      ]);
      // The dashboard's recent activity says so (the console words it, EN/FR).
      const dashboard = await call<{
        recentActivity: { type: string; documentId: string | null }[];
      }>(platform.baseUrl, 'GET', `/api/organisations/${issuer.organisationId}/dashboard`, {
        token: issuer.token,
      });
      expect(dashboard.status).toBe(200);
      expect(dashboard.body.recentActivity).toContainEqual(
        expect.objectContaining({ type: 'batch.run_stopped', documentId: null }),
      );
    }, 120_000);
  });
}
