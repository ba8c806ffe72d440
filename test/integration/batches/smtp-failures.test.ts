import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchSummary } from '../../../src/batches/batch.js';
import { activate, newApprovedIssuer, postFile, type TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/test-platform.js';

const LINK = /\/activate\/([A-Za-z0-9_-]{22})#([A-Za-z0-9_-]{43})/;

/** A real SMTP server on loopback that defers each `later-*` address once with 451. */
async function startRelay(port = 0): Promise<{
  port: number;
  received: { to: string; text: string }[];
  rcptTries: Map<string, number>;
  close(): Promise<void>;
}> {
  const received: { to: string; text: string }[] = [];
  const rcptTries = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const tries = (rcptTries.get(address.address) ?? 0) + 1;
      rcptTries.set(address.address, tries);
      if (address.address.startsWith('later-') && tries === 1) {
        callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address).join(),
          text: Buffer.concat(chunks)
            .toString('utf8')
            .replace(/=\r?\n/g, ''),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    rcptTries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function waitForState(platform: TestPlatform, path: string, token: string) {
  for (let i = 0; i < 600; i += 1) {
    const response = await call<BatchSummary>(platform.baseUrl, 'GET', path, { token });
    if (response.body.state === 'finished' || response.body.state === 'interrupted')
      return response.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('batch never stopped');
}

const dialect = DIALECTS.at(-1) ?? 'sqlite';

describe(`batch delivery when the relay fails (${dialect})`, () => {
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let platform: TestPlatform;
  let issuer: TestIssuer;
  let base: string;

  beforeAll(async () => {
    relay = await startRelay();
    platform = await startTestPlatform(dialect, { SMTP_URL: `smtp://127.0.0.1:${relay.port}` });
    issuer = await newApprovedIssuer(platform);
    base = `/api/organisations/${issuer.organisationId}/batches`;
    await call(platform.baseUrl, 'POST', '/api/sessions/current/unlock', {
      token: issuer.token,
      json: { organisationId: issuer.organisationId, password: issuer.password },
    });
  });
  afterAll(async () => {
    await platform.close();
    await relay.close();
  });

  async function runBatch(csv: string): Promise<{ path: string; done: BatchSummary }> {
    const upload = await postFile<BatchSummary>(
      platform,
      'POST',
      `${base}?title=Diploma`,
      issuer.token,
      {
        bytes: Buffer.from(csv),
        fileName: 'batch.csv',
        type: 'text/csv',
      },
    );
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const path = `${base}/${upload.body.id}`;
    const confirmed = await call(platform.baseUrl, 'POST', `${path}/confirm`, {
      token: issuer.token,
      json: { mode: 'all' },
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(202);
    return { path, done: await waitForState(platform, path, issuer.token) };
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
    await relay.close();
    const { path, done } = await runBatch(
      'name,email\nDown A,down-a@example.org\nDown B,down-b@example.org\n',
    );
    expect(done.state).toBe('interrupted');
    expect(done.counts).toMatchObject({ issued: 2, deferred: 2, sent: 0 });
    relay = await startRelay(port);
    const resumed = await call(platform.baseUrl, 'POST', `${path}/resume`, { token: issuer.token });
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(202);
    const after = await waitForState(platform, path, issuer.token);
    expect(after.state).toBe('finished');
    expect(after.counts).toMatchObject({ issued: 2, sent: 2, deferred: 0 });
    expect(relay.received.map((mail) => mail.to).sort()).toEqual([
      'down-a@example.org',
      'down-b@example.org',
    ]);
    const match = LINK.exec(relay.received[0]?.text ?? '');
    expect(match).not.toBeNull();
    await activate(platform, { documentId: match?.[1] ?? '', secret: match?.[2] ?? '' });
  });
});
