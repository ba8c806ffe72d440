import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApprovedIssuer } from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { deliveryRow, issue } from './single-issuance.js';

/**
 * A real SMTP server on loopback that holds the first message to `held@…` at RCPT TO until
 * `release()`, then refuses it (550 5.1.1); every other message, the later ones to the same
 * address included, goes through at once.
 */
async function startHoldingRelay() {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let held = false;
  let answeredHeld = false;
  let accepted = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('held@') && !held) {
        held = true;
        void released.then(() => {
          answeredHeld = true;
          callback(Object.assign(new Error('5.1.1 Recipient rejected'), { responseCode: 550 }));
        });
        return;
      }
      callback();
    },
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        accepted += 1;
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    isHolding: () => held && !answeredHeld,
    accepted: () => accepted,
    release: () => release(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

for (const dialect of DIALECTS) {
  describe(`a late hand-over outcome leaves a newer message alone (${dialect})`, () => {
    let relay: Awaited<ReturnType<typeof startHoldingRelay>>;
    let platform: TestPlatform;
    let issuer: TestIssuer;

    beforeAll(async () => {
      relay = await startHoldingRelay();
      platform = await startTestPlatform(dialect, {
        SMTP_URL: relay.url,
        MAIL_DELIVERY_WAIT_SECONDS: '1',
      });
      issuer = await newApprovedIssuer(platform, 'Late Outcome University');
    }, 120_000);
    afterAll(async () => {
      relay.release();
      await platform.close();
      await relay.close();
    });

    it('the first message refused after a re-send was taken: the document stays sent', async () => {
      const issued = await issue(platform, issuer, 'held@example.net');
      expect(issued.status, JSON.stringify(issued.body)).toBe(201);
      expect(issued.body.delivery).toEqual({ state: 'awaiting', error: null });
      expect(relay.isHolding()).toBe(true);
      const first = await deliveryRow(platform, issued.body.id);

      const unlocked = await call(platform.baseUrl, 'POST', '/api/sessions/current/unlock', {
        token: issuer.token,
        json: { organisationId: issuer.organisationId, password: issuer.password },
      });
      expect(unlocked.status, JSON.stringify(unlocked.body)).toBe(200);
      const taken = relay.accepted();
      const resent = await call(
        platform.baseUrl,
        'POST',
        `/api/organisations/${issuer.organisationId}/documents/${issued.body.id}/resend`,
        { token: issuer.token },
      );
      expect(resent.status, JSON.stringify(resent.body)).toBe(200);
      expect(relay.accepted()).toBe(taken + 1);
      const second = await deliveryRow(platform, issued.body.id);
      expect(second).toMatchObject({ deliveryState: 'sent', deliveryError: null });
      expect(second.deliveryToken).not.toBe(first.deliveryToken);

      // The first hand-over now ends with a refusal; its outcome names the superseded message.
      relay.release();
      const deadline = Date.now() + 3_000;
      let row = await deliveryRow(platform, issued.body.id);
      while (Date.now() < deadline && row.deliveryState === 'sent') {
        await new Promise((resolve) => setTimeout(resolve, 100));
        row = await deliveryRow(platform, issued.body.id);
      }
      expect(row).toEqual(second);
      const failures = await platform.ctx.db
        .selectFrom('webhookDeliveries')
        .select('body')
        .where('eventType', '=', 'document.delivery_failed')
        .execute();
      expect(failures.some((event) => event.body.includes(issued.body.id))).toBe(false);
    }, 30_000);
  });
}
