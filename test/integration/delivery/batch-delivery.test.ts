import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activate, newApprovedIssuer } from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { addWebhookEndpoint, unlockOrganisation } from '../../helpers/issuer-steps.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { deliveryRow } from './single-issuance.js';
import { startStallingRelay } from './stalling-relay.js';

interface IssuedBatch {
  documents: { id: string; delivery: { state: string; error: string | null } }[];
}

/** `POST …/documents/batch` with one entry per address, as an issuer's system would call it. */
function issueBatch(platform: TestPlatform, issuer: TestIssuer, emails: readonly string[]) {
  return call<IssuedBatch>(
    platform.baseUrl,
    'POST',
    `/api/organisations/${issuer.organisationId}/documents/batch`,
    {
      token: issuer.token,
      json: {
        documents: emails.map((email, index) => ({
          title: 'Certificate of Attendance',
          recipient: { name: `Batch Person ${index}`, email },
          fields: [{ label: 'Course', value: 'Compilers' }],
        })),
      },
    },
  );
}

/** Webhook events queued for these documents, by type. */
async function eventsOf(platform: TestPlatform, documentIds: readonly string[]) {
  const rows = await platform.ctx.db
    .selectFrom('webhookDeliveries')
    .select(['eventType', 'body'])
    .execute();
  const byType = new Map<string, string[]>();
  for (const row of rows) {
    const documentId = documentIds.find((id) => String(row.body).includes(id));
    if (documentId === undefined) continue;
    byType.set(row.eventType, [...(byType.get(row.eventType) ?? []), String(row.body)]);
  }
  return byType;
}

const emails = Array.from({ length: 8 }, (_, index) =>
  index === 3 ? 'refused3@example.net' : `person${index}@example.net`,
);

for (const dialect of DIALECTS) {
  describe(`the JSON batch stores first, then delivers (${dialect})`, () => {
    let refusing = true;
    let relay: Awaited<ReturnType<typeof startStallingRelay>>;
    let platform: TestPlatform;
    let issuer: TestIssuer;

    beforeAll(async () => {
      relay = await startStallingRelay({
        rejects: (address) => refusing && address === 'refused3@example.net',
      });
      platform = await startTestPlatform(dialect, {
        SMTP_URL: relay.url,
        // Long enough for a relay that is down to be retried (1 s, 4 s) whatever the load.
        MAIL_DELIVERY_WAIT_SECONDS: '9',
        WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: 'true',
      });
      issuer = await newApprovedIssuer(platform, 'Batch Delivery University');
      await addWebhookEndpoint(platform, issuer, [
        'document.issued',
        'document.delivered',
        'document.delivery_failed',
      ]);
    }, 120_000);
    afterAll(async () => {
      await platform.close();
      await relay.close();
    });

    it('one refused address among many: the others are issued and sent, the refused one rejected with its reply, and re-sent later', async () => {
      const response = await issueBatch(platform, issuer, emails);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      const issued = response.body.documents;
      expect(issued).toHaveLength(8);
      for (const [index, document] of issued.entries()) {
        const row = await deliveryRow(platform, document.id);
        if (index === 3) {
          // The relay's codes only: its sentence may quote the address.
          expect(document.delivery).toEqual({ state: 'rejected', error: '550 5.1.1' });
          expect(row).toMatchObject({
            deliveryState: 'rejected',
            deliveryError: document.delivery.error,
            deliveryAttempts: 1,
            deliveredAt: null,
          });
        } else {
          expect(document.delivery).toEqual({ state: 'sent', error: null });
          expect(row).toMatchObject({ deliveryState: 'sent', deliveryError: null });
          expect(row.deliveredAt).not.toBeNull();
          const mail = relay.messages.find((each) =>
            each.text.includes(`/activate/${document.id}#`),
          );
          expect(mail?.to).toEqual([emails[index]]);
        }
      }
      const ids = issued.map((document) => document.id);
      const events = await eventsOf(platform, ids);
      expect(events.get('document.issued')).toHaveLength(8);
      expect(events.get('document.delivered')).toHaveLength(7);
      const failed = events.get('document.delivery_failed') ?? [];
      expect(failed).toHaveLength(1);
      expect(failed[0]).toContain(ids[3]);
      expect(failed[0]).toContain('"reason":"550 5.1.1"');
      expect(failed[0]).not.toMatch(/example\.net/);

      // The address is fixed on the relay's side: "re-send the link" gives a new, working link.
      refusing = false;
      const refusedId = ids[3]!;
      await unlockOrganisation(platform.baseUrl, issuer);
      const resent = await call(
        platform.baseUrl,
        'POST',
        `/api/organisations/${issuer.organisationId}/documents/${refusedId}/resend`,
        { token: issuer.token },
      );
      expect(resent.status, JSON.stringify(resent.body)).toBe(200);
      expect(await deliveryRow(platform, refusedId)).toMatchObject({
        deliveryState: 'sent',
        deliveryError: null,
      });
      const mail = relay.messages.find((each) => each.text.includes(`/activate/${refusedId}#`));
      const secret = /\/activate\/[\w-]{22}#([\w-]{43})/.exec(mail?.text ?? '')?.[1];
      expect(secret).toBeDefined();
      await activate(platform, { documentId: refusedId, secret: secret! });
    }, 30_000);

    it('no transaction is open while SMTP talks: health answers at once, and the answer says awaiting after the wait', async () => {
      relay.stall();
      const started = Date.now();
      const issuing = issueBatch(
        platform,
        issuer,
        Array.from({ length: 5 }, (_, index) => `stalled${index}@example.net`),
      );
      const healthTimes: number[] = [];
      const openTransactions: number[] = [];
      await new Promise((resolve) => setTimeout(resolve, 500));
      while (Date.now() - started < 8_500) {
        const before = performance.now();
        const health = await call(platform.baseUrl, 'GET', '/api/health');
        healthTimes.push(performance.now() - before);
        expect(health.status).toBe(200);
        if (dialect === 'postgres') {
          const { rows } = await sql<{ n: number | string }>`
            select count(*) as n from pg_stat_activity
            where datname = current_database() and state like 'idle in transaction%'`.execute(
            platform.ctx.db,
          );
          openTransactions.push(Number(rows[0]?.n));
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const response = await issuing;
      const elapsed = Date.now() - started;
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body.documents.map((document) => document.delivery)).toEqual(
        Array.from({ length: 5 }, () => ({ state: 'awaiting', error: null })),
      );
      expect(elapsed).toBeGreaterThanOrEqual(8_900);
      expect(elapsed).toBeLessThan(14_000);
      expect(healthTimes.length).toBeGreaterThan(10);
      expect(Math.max(...healthTimes)).toBeLessThan(500);
      if (dialect === 'postgres') expect(Math.max(...openTransactions)).toBe(0);
      for (const document of response.body.documents)
        expect((await deliveryRow(platform, document.id)).deliveryState).toBe('awaiting');
    }, 30_000);

    it('a relay that is down: 201 with every entry deferred after the retries, all stored awaiting re-send', async () => {
      await relay.close();
      const response = await issueBatch(
        platform,
        issuer,
        Array.from({ length: 5 }, (_, index) => `unlucky${index}@example.net`),
      );
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body.documents).toHaveLength(5);
      for (const document of response.body.documents) {
        expect(document.delivery.state).toBe('deferred');
        expect(document.delivery.error).toMatch(/^no answer/);
        const row = await deliveryRow(platform, document.id);
        expect(row).toMatchObject({ deliveryState: 'deferred', deliveryAttempts: 1 });
        expect(row.deliveredAt).toBeNull();
        const stored = await call<{ status: string; delivery: { state: string } | null }>(
          platform.baseUrl,
          'GET',
          `/api/organisations/${issuer.organisationId}/documents/${document.id}`,
          { token: issuer.token },
        );
        expect(stored.body).toMatchObject({ status: 'pending', delivery: { state: 'deferred' } });
      }
    }, 30_000);
  });
}
