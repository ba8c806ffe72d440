import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApprovedIssuer } from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { deliveryRow, issue } from './single-issuance.js';
import { startStallingRelay } from './stalling-relay.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

// SQLite's relay-down case is the last test below (the silent relay, once closed).
for (const dialect of DIALECTS.filter((each) => each !== 'sqlite')) {
  describe(`a relay that is down (${dialect})`, () => {
    let platform: TestPlatform;
    let issuer: TestIssuer;

    beforeAll(async () => {
      // Nothing listens on port 1: every SMTP connection is refused.
      platform = await startTestPlatform(dialect, { SMTP_URL: 'smtp://127.0.0.1:1' });
      issuer = await newApprovedIssuer(platform, 'Unlucky Mail Organisation');
    }, 120_000);
    afterAll(async () => platform.close());

    it('issues anyway: 201 deferred after the retries, the document stored awaiting re-send', async () => {
      const response = await issue(platform, issuer, 'grace@example.net');
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body.delivery.state).toBe('deferred');
      expect(response.body.delivery.error).toMatch(/^no answer/);
      const row = await deliveryRow(platform, response.body.id);
      expect(row).toMatchObject({ deliveryState: 'deferred', deliveryAttempts: 1 });
      expect(row.deliveredAt).toBeNull();
    }, 30_000);
  });
}

describe('a relay that stalls does not stall the platform, nor one that is down (sqlite)', () => {
  let silent: Awaited<ReturnType<typeof startStallingRelay>>;
  let platform: TestPlatform;
  let issuer: TestIssuer;

  beforeAll(async () => {
    // It works while the issuer is onboarded (which sends mail), and stalls once told to.
    silent = await startStallingRelay();
    platform = await startTestPlatform('sqlite', {
      SMTP_URL: silent.url,
      MAIL_DELIVERY_WAIT_SECONDS: '2',
    });
    issuer = await newApprovedIssuer(platform, 'Patient University');
  }, 120_000);
  afterAll(async () => {
    await platform.close();
    await silent.close();
  });

  it('answers awaiting after the wait, and health answers at once meanwhile', async () => {
    silent.stall();
    const started = Date.now();
    const issuing = issue(platform, issuer, 'grace@example.net');
    const healthTimes: number[] = [];
    await new Promise((resolve) => setTimeout(resolve, 300));
    while (Date.now() - started < 1_700) {
      const before = performance.now();
      const health = await call(platform.baseUrl, 'GET', '/api/health');
      healthTimes.push(performance.now() - before);
      expect(health.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const response = await issuing;
    const elapsed = Date.now() - started;
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.delivery).toEqual({ state: 'awaiting', error: null });
    expect(elapsed).toBeGreaterThanOrEqual(1_900);
    expect(elapsed).toBeLessThan(6_000);
    expect(healthTimes.length).toBeGreaterThan(3);
    expect(Math.max(...healthTimes)).toBeLessThan(500);
    expect((await deliveryRow(platform, response.body.id)).deliveryState).toBe('awaiting');
  }, 30_000);
  it('a relay that is down: 201 awaiting (its retries outlast the 2 s wait), then recorded deferred', async () => {
    await silent.close();
    const response = await issue(platform, issuer, 'ada@example.net');
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.delivery).toEqual({ state: 'awaiting', error: null });
    // The retries (1 s, 4 s) go on after the answer; their outcome is recorded when they end.
    let row = await deliveryRow(platform, response.body.id);
    for (let tries = 0; tries < 40 && row.deliveryState === 'awaiting'; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      row = await deliveryRow(platform, response.body.id);
    }
    expect(row).toMatchObject({ deliveryState: 'deferred', deliveryAttempts: 1 });
    expect(row.deliveryError).toMatch(/^no answer/);
    expect(row.deliveredAt).toBeNull();
  }, 30_000);
});
