import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApprovedIssuer } from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { unlockOrganisation } from '../../helpers/issuer-steps.js';
import { startSmtpSink } from '../../helpers/smtp-sink.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { deliveryRow, issue } from './single-issuance.js';

/**
 * The SMTP sink holding the first message to `held@…` at RCPT TO until `release()`, then refusing
 * it (550 5.1.1); every other message, the later ones to the same address included, goes through
 * at once.
 */
async function startHoldingRelay() {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let held = false;
  let answeredHeld = false;
  const sink = await startSmtpSink({
    refuse: (address) => {
      if (!address.startsWith('held@') || held) return undefined;
      held = true;
      return released.then(() => {
        answeredHeld = true;
        return { code: 550, message: '5.1.1 Recipient rejected' };
      });
    },
  });
  return {
    url: sink.url,
    isHolding: () => held && !answeredHeld,
    accepted: () => sink.messages.length,
    release: () => release(),
    close: () => sink.close(),
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

      await unlockOrganisation(platform.baseUrl, issuer);
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
