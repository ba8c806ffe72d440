import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchSummary } from '../../../src/batches/batch.js';
import { activate, newApprovedIssuer, type TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import {
  confirmBatch,
  stoppedBatch,
  unlockOrganisation,
  uploadBatch,
} from '../../helpers/issuer-steps.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/test-platform.js';

const LINK = /\/activate\/([A-Za-z0-9_-]{22})#([A-Za-z0-9_-]{43})/;

/** The SMTP sink deferring each `later-*` address once with 451, counting each address's tries. */
async function startRelay(port = 0): Promise<SmtpSink & { rcptTries: Map<string, number> }> {
  const rcptTries = new Map<string, number>();
  const sink = await startSmtpSink({
    port,
    refuse: (address) => {
      const tries = (rcptTries.get(address) ?? 0) + 1;
      rcptTries.set(address, tries);
      return address.startsWith('later-') && tries === 1
        ? { code: 451, message: 'Try again later' }
        : undefined;
    },
  });
  return Object.assign(sink, { rcptTries });
}

const dialect = DIALECTS.at(-1) ?? 'sqlite';

describe(`batch delivery when the relay fails (${dialect})`, () => {
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let platform: TestPlatform;
  let issuer: TestIssuer;

  beforeAll(async () => {
    relay = await startRelay();
    platform = await startTestPlatform(dialect, { SMTP_URL: relay.url });
    issuer = await newApprovedIssuer(platform);
    await unlockOrganisation(platform.baseUrl, issuer);
  });
  afterAll(async () => {
    await platform.close();
    await relay.close();
  });

  async function runBatch(csv: string): Promise<{ path: string; done: BatchSummary }> {
    const { path } = await uploadBatch(platform, issuer, {
      bytes: Buffer.from(csv),
      fileName: 'batch.csv',
    });
    await confirmBatch(platform.baseUrl, issuer, path);
    return { path, done: await stoppedBatch(platform.baseUrl, issuer, path) };
  }

  it('retries a 4xx deferral and delivers', async () => {
    const { done } = await runBatch(
      'name,email\nLater One,later-1@example.org\nNow,now-1@example.org\n',
    );
    expect(done.state).toBe('finished');
    expect(done.counts).toMatchObject({ sent: 2, deferred: 0 });
    expect(relay.rcptTries.get('later-1@example.org')).toBe(2);
  });

  it('keeps every document when the relay is down, and delivers new links on resume', async () => {
    const port = relay.port;
    // Gone at once: a graceful close would wait 30 s for the platform's idle pooled connection.
    await relay.cut();
    const { path, done } = await runBatch(
      'name,email\nDown A,down-a@example.org\nDown B,down-b@example.org\n',
    );
    expect(done.state).toBe('interrupted');
    expect(done.counts).toMatchObject({ issued: 2, deferred: 2, sent: 0 });
    relay = await startRelay(port);
    const resumed = await call(platform.baseUrl, 'POST', `${path}/resume`, { token: issuer.token });
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(202);
    const after = await stoppedBatch(platform.baseUrl, issuer, path);
    expect(after.state).toBe('finished');
    expect(after.counts).toMatchObject({ issued: 2, sent: 2, deferred: 0 });
    expect(relay.messages.map((mail) => mail.to.join()).sort()).toEqual([
      'down-a@example.org',
      'down-b@example.org',
    ]);
    const match = LINK.exec(relay.messages[0]?.text ?? '');
    expect(match).not.toBeNull();
    await activate(platform, { documentId: match?.[1] ?? '', secret: match?.[2] ?? '' });
  });
});
