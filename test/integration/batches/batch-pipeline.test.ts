import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchSummary } from '../../../src/batches/batch.js';
import { BATCH_CHUNK_ROWS } from '../../../src/batches/run-batch.js';
import { newApprovedIssuer, type TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { confirmBatch, unlockOrganisation, uploadBatch } from '../../helpers/issuer-steps.js';
import { startSmtpSink } from '../../helpers/smtp-sink.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/test-platform.js';

/**
 * A batch run is a pipeline (issue 12): chunks are stored while the next is encrypted and earlier
 * ones are mailed. Each stage waits for room in the next, so when the relay stops answering the
 * run stops issuing after a few chunks instead of holding every row's secret in memory.
 */

const ROWS = BATCH_CHUNK_ROWS * 5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The SMTP sink that, once told to hold, answers nothing after DATA until released. */
async function startHoldingRelay(): Promise<{
  url: string;
  received: () => number;
  hold: () => void;
  release: () => void;
  close: () => Promise<void>;
}> {
  let holding = false;
  const held: (() => void)[] = [];
  const sink = await startSmtpSink({
    // Over a thousand messages, only counted: not decoded.
    parse: false,
    onMessage: () => (holding ? new Promise<void>((resolve) => held.push(resolve)) : undefined),
  });
  return {
    url: sink.url,
    received: () => sink.messages.length,
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      for (const answer of held.splice(0)) answer();
    },
    close: () => sink.close(),
  };
}

for (const dialect of DIALECTS) {
  describe(`a batch run's pipeline (${dialect})`, () => {
    let relay: Awaited<ReturnType<typeof startHoldingRelay>>;
    let platform: TestPlatform;
    let issuer: TestIssuer;

    beforeAll(async () => {
      relay = await startHoldingRelay();
      platform = await startTestPlatform(dialect, { SMTP_URL: relay.url });
      issuer = await newApprovedIssuer(platform);
      await unlockOrganisation(platform.baseUrl, issuer);
    });
    afterAll(async () => {
      relay.release();
      await platform.close();
      await relay.close();
    });

    it('stops issuing a few chunks ahead of a relay that does not answer, then finishes', async () => {
      const lines = ['student_id,name,email'];
      for (let i = 1; i <= ROWS; i += 1) lines.push(`P-${i},Graduate ${i},pipe-${i}@example.org`);
      const { path } = await uploadBatch(platform, issuer, {
        bytes: Buffer.from(lines.join('\r\n')),
        fileName: 'pipe.csv',
      });
      const summary = async () =>
        (await call<BatchSummary>(platform.baseUrl, 'GET', path, { token: issuer.token })).body;
      relay.hold();
      const before = relay.received();
      await confirmBatch(platform.baseUrl, issuer, path);

      // The relay holds every message: issuance goes on only until the pipeline is full (two
      // chunks being mailed, one stored and waiting for them), then stays there.
      let issued = -1;
      let stableSince = Date.now();
      const deadline = Date.now() + 30_000;
      for (;;) {
        const now = (await summary()).counts.issued;
        if (now !== issued) {
          issued = now;
          stableSince = Date.now();
        } else if (issued >= BATCH_CHUNK_ROWS * 2 && Date.now() - stableSince > 1_500) break;
        if (Date.now() > deadline) throw new Error(`issuance never settled (${issued})`);
        await sleep(100);
      }
      expect(issued).toBeLessThanOrEqual(BATCH_CHUNK_ROWS * 3);
      expect((await summary()).state).toBe('running');
      expect(relay.received() - before).toBeLessThan(issued);

      relay.release();
      let done = await summary();
      for (let i = 0; i < 600 && done.state === 'running'; i += 1) {
        await sleep(100);
        done = await summary();
      }
      expect(done.state).toBe('finished');
      expect(done.counts).toMatchObject({ issued: ROWS, sent: ROWS, awaiting: 0 });
    });
  });
}
