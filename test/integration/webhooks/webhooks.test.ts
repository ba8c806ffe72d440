import { execFileSync } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_HANDLERS } from '../../../src/jobs/job-handlers.js';
import { createJobRunner, type JobRunner } from '../../../src/jobs/job-runner.js';
import { findOrganisationByPublicId } from '../../../src/db/repositories/organisation.repository.js';
import { emitWebhookEvent } from '../../../src/webhooks/emit-webhook-event.js';
import { sendWebhook } from '../../../src/webhooks/send-webhook.js';
import { checkWebhookUrl } from '../../../src/webhooks/webhook-url.js';
import {
  activate,
  activationLinkFor,
  issueOne,
  newApprovedIssuer,
} from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { startDnsStandIn, type DnsStandIn } from '../../helpers/dns-stand-in.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

/*
 * Webhooks (issue 12 #5, issue 14): endpoints managed over the API, events emitted in the
 * transaction of each transition and sent by the durable jobs runner, signed as the README says
 * (checked with its Node recipe and its openssl recipe), retried while the receiver is down,
 * never sent to a disabled endpoint nor to a non-public address.
 */

interface EndpointView {
  id: string;
  url: string;
  eventTypes: string[];
  enabled: boolean;
  previousSecretUntil: string | null;
  secret?: string;
}
interface DeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  body: string;
  attemptLog: Array<{
    statusCode: number | null;
    error: string | null;
    responseBody: string | null;
  }>;
}
interface ErrorBody {
  error: { code: string; message: string; details?: { field?: string } };
}

/** The README's Node recipe, word for word. */
function verifyCertaSignature(
  rawBody: string,
  header: string,
  secret: string,
  toleranceSeconds = 300,
): boolean {
  const items = header.split(',').map((item) => item.split('='));
  const t = items.find(([key]) => key === 't')?.[1];
  if (t === undefined || Math.abs(Date.now() / 1000 - Number(t)) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
  return items.some(
    ([key, value]) =>
      key === 'v1' &&
      value?.length === expected.length &&
      timingSafeEqual(Buffer.from(value), Buffer.from(expected)),
  );
}

/** The README's shell recipe (openssl), run by sh with the body in a file. */
function verifyWithOpenssl(rawBody: string, header: string, secret: string, dir: string): boolean {
  const file = path.join(dir, 'body.json');
  fs.writeFileSync(file, rawBody);
  const script = [
    "t=$(printf '%s' \"$CERTA_SIGNATURE\" | sed -E 's/^t=([0-9]+),.*/\\1/')",
    'expected=$({ printf \'%s.\' "$t"; cat body.json; } | openssl dgst -sha256 -hmac "$CERTA_WEBHOOK_SECRET" -r | cut -d\' \' -f1)',
    "printf '%s' \"$CERTA_SIGNATURE\" | tr ',' '\\n' | grep -qx \"v1=$expected\"",
  ].join('\n');
  try {
    execFileSync('sh', ['-c', script], {
      cwd: dir,
      env: { PATH: process.env.PATH, CERTA_SIGNATURE: header, CERTA_WEBHOOK_SECRET: secret },
    });
    return true;
  } catch {
    return false;
  }
}

for (const dialect of DIALECTS) {
  describe(`webhooks (${dialect})`, () => {
    let platform: TestPlatform;
    let issuer: TestIssuer;
    let receiver: WebhookReceiver;
    let runner: JobRunner;
    let endpoint: EndpointView;

    const hooks = (tail = '') => `/api/organisations/${issuer.organisationId}/webhooks${tail}`;
    const api = <T>(method: string, route: string, json?: unknown) =>
      call<T>(platform.baseUrl, method, route, {
        token: issuer.token,
        ...(json === undefined ? {} : { json }),
      });
    /** Runs every due job, then moves the clock past the longest backoff so retries come due. */
    const drainJobs = () => runner.drain();
    const bodies = () =>
      receiver.received.map(
        (request) =>
          JSON.parse(request.rawBody) as {
            id: string;
            type: string;
            organisationId: string;
            data: Record<string, unknown>;
          },
      );

    beforeAll(async () => {
      platform = await startTestPlatform(dialect, {
        WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: 'true',
        SESSION_IDLE_MINUTES: String(7 * 24 * 60),
        SESSION_TTL_MINUTES: String(7 * 24 * 60),
      });
      issuer = await newApprovedIssuer(platform, 'Université des Crochets');
      receiver = await startWebhookReceiver();
      runner = createJobRunner(platform.ctx, { handlers: JOB_HANDLERS, random: () => 0 });
    });
    afterAll(async () => {
      await runner.stop();
      await receiver.stop();
      await platform.close();
    });

    it('adds an endpoint, shows its secret once and refuses bad URLs and event types', async () => {
      const created = await api<EndpointView>('POST', hooks(), {
        url: receiver.url,
        description: 'Student information system',
        eventTypes: [
          'document.activated',
          'document.revoked',
          'document.suspended',
          'document.reinstated',
          'document.superseded',
        ],
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
      expect(created.body.enabled).toBe(true);
      endpoint = created.body;

      const listed = await api<EndpointView[]>('GET', hooks());
      expect(listed.status).toBe(200);
      expect(listed.body.map((item) => item.id)).toEqual([endpoint.id]);
      expect(JSON.stringify(listed.body)).not.toContain(endpoint.secret!);

      for (const [body, field] of [
        [{ url: 'ftp://example.org/x', eventTypes: ['document.issued'] }, 'url'],
        [{ url: 'https://user:pw@example.org/x', eventTypes: ['document.issued'] }, 'url'],
        [{ url: 'http://example.org/x', eventTypes: ['document.issued'] }, 'url'],
        [{ url: 'https://example.org/x', eventTypes: [] }, 'eventTypes'],
        [{ url: 'https://example.org/x', eventTypes: ['document.exploded'] }, 'eventTypes'],
      ] as const) {
        const refused = await api<ErrorBody>('POST', hooks(), body);
        expect(refused.status, JSON.stringify(body)).toBe(400);
        expect(refused.body.error.code).toBe('INVALID_INPUT');
        if (refused.body.error.details?.field !== undefined)
          expect(refused.body.error.details.field).toMatch(new RegExp(`^${field}`));
      }
    });

    it('sends signed events for each transition, with ids and codes but no personal data', async () => {
      const documentId = await issueOne(platform, issuer, {
        recipient: { name: 'Zoé Confidentielle', email: 'zoe.confidentielle@example.org' },
      });
      await activate(platform, await activationLinkFor(platform, documentId));
      const doc = (action: string) =>
        `/api/organisations/${issuer.organisationId}/documents/${documentId}/${action}`;
      expect((await api('POST', doc('suspend'), { reason: 'Inquiry' })).status).toBe(200);
      expect((await api('POST', doc('reinstate'))).status).toBe(200);
      expect(
        (await api('POST', doc('revoke'), { reason: 'Withdrawn', code: 'withdrawn' })).status,
      ).toBe(200);
      await drainJobs();

      const received = bodies();
      expect(received.map((body) => body.type)).toEqual([
        'document.activated',
        'document.suspended',
        'document.reinstated',
        'document.revoked',
      ]);
      for (const body of received) {
        expect(body.data.documentId).toBe(documentId);
        expect(body.organisationId).toBe(issuer.organisationId);
      }
      expect(received[3]!.data).toMatchObject({
        status: 'revoked',
        reasonCode: 'withdrawn',
        previousStatus: 'active',
      });
      const everything = receiver.received.map((request) => request.rawBody).join('\n');
      expect(everything).not.toMatch(/Zoé|Confidentielle|zoe\.confidentielle|Inquiry|Withdrawn/);

      for (const request of receiver.received) {
        const header = String(request.headers['certa-signature']);
        expect(request.headers['certa-event-id']).toBe(
          (JSON.parse(request.rawBody) as { id: string }).id,
        );
        expect(request.headers['content-type']).toBe('application/json');
        expect(verifyCertaSignature(request.rawBody, header, endpoint.secret!)).toBe(true);
      }
      const first = receiver.received[0]!;
      const header = String(first.headers['certa-signature']);
      expect(verifyWithOpenssl(first.rawBody, header, endpoint.secret!, platform.dataDir)).toBe(
        true,
      );
      // Tampering: another body, another secret, a replayed old timestamp.
      const tampered = first.rawBody.replace('document.activated', 'document.revoked');
      expect(verifyCertaSignature(tampered, header, endpoint.secret!)).toBe(false);
      expect(verifyWithOpenssl(tampered, header, endpoint.secret!, platform.dataDir)).toBe(false);
      expect(verifyCertaSignature(first.rawBody, header, `${endpoint.secret!}x`)).toBe(false);
      const old = header.replace(/^t=\d+/, `t=${Math.floor(Date.now() / 1000) - 3600}`);
      expect(verifyCertaSignature(first.rawBody, old, endpoint.secret!)).toBe(false);

      const log = await api<{ items: DeliveryView[] }>('GET', hooks(`/${endpoint.id}/deliveries`));
      expect(log.body.items).toHaveLength(4);
      expect(log.body.items.every((item) => item.status === 'succeeded')).toBe(true);
      expect(log.body.items[0]!.attemptLog[0]).toMatchObject({
        statusCode: 200,
        responseBody: 'thanks',
      });
    });

    it('retries while the receiver is down and delivers when it comes back', async () => {
      receiver.received.length = 0;
      await receiver.stop();
      const documentId = await issueOne(platform, issuer);
      await activate(platform, await activationLinkFor(platform, documentId));
      await drainJobs();
      platform.clock.advance(60_000);
      await drainJobs();
      receiver.status = 503;
      await receiver.start();
      platform.clock.advance(120_000);
      await drainJobs();
      receiver.status = 200;
      platform.clock.advance(300_000);
      await drainJobs();
      platform.clock.reset();

      expect(bodies().map((body) => body.type)).toEqual([
        'document.activated',
        'document.activated',
      ]);
      const log = await api<{ items: DeliveryView[] }>(
        'GET',
        hooks(`/${endpoint.id}/deliveries?eventType=document.activated&limit=1`),
      );
      const delivery = log.body.items[0]!;
      expect(delivery.status).toBe('succeeded');
      expect(delivery.attempts).toBe(4);
      expect(delivery.attemptLog.map((attempt) => attempt.statusCode)).toEqual([
        null,
        null,
        503,
        200,
      ]);
      expect(delivery.attemptLog[0]!.error).toBe('Connection refused.');
      expect(delivery.attemptLog[2]!.responseBody).toBe('not now');
      // The same event both times: receivers de-duplicate on Certa-Event-Id.
      expect(
        new Set(receiver.received.map((request) => request.headers['certa-event-id'])).size,
      ).toBe(1);
    });

    it('sends a test event, redelivers it with the same event id, and filters the log', async () => {
      receiver.received.length = 0;
      const test = await api<DeliveryView>('POST', hooks(`/${endpoint.id}/test`));
      expect(test.status).toBe(202);
      expect(test.body.status).toBe('pending');
      const early = await api<ErrorBody>(
        'POST',
        hooks(`/${endpoint.id}/deliveries/${test.body.id}/redeliver`),
      );
      expect(early.status).toBe(409);
      await drainJobs();
      const again = await api<DeliveryView>(
        'POST',
        hooks(`/${endpoint.id}/deliveries/${test.body.id}/redeliver`),
      );
      expect(again.status).toBe(202);
      await drainJobs();
      expect(receiver.received).toHaveLength(2);
      expect(receiver.received[0]!.headers['certa-event-id']).toBe(test.body.eventId);
      expect(receiver.received[1]!.headers['certa-event-id']).toBe(test.body.eventId);
      expect(bodies()[0]!.type).toBe('webhook.test');

      const tests = await api<{ items: DeliveryView[] }>(
        'GET',
        hooks(`/${endpoint.id}/deliveries?eventType=webhook.test`),
      );
      expect(tests.body.items.map((item) => [item.id, item.status, item.attempts])).toEqual([
        [test.body.id, 'succeeded', 2],
      ]);
      const failed = await api<{ items: DeliveryView[] }>(
        'GET',
        hooks(`/${endpoint.id}/deliveries?status=failed`),
      );
      expect(failed.body.items).toEqual([]);
      const badFilter = await api<ErrorBody>(
        'GET',
        hooks(`/${endpoint.id}/deliveries?status=lost`),
      );
      expect(badFilter.status).toBe(400);
    });

    it('signs with both secrets for a day after a rotation, then with the new one only', async () => {
      receiver.received.length = 0;
      const rotated = await api<EndpointView>('POST', hooks(`/${endpoint.id}/rotate-secret`), {});
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).not.toBe(endpoint.secret);
      expect(rotated.body.previousSecretUntil).not.toBeNull();
      await api('POST', hooks(`/${endpoint.id}/test`));
      await drainJobs();
      const request = receiver.received[0]!;
      const header = String(request.headers['certa-signature']);
      expect(header.match(/v1=/g)).toHaveLength(2);
      expect(verifyCertaSignature(request.rawBody, header, rotated.body.secret!)).toBe(true);
      expect(verifyCertaSignature(request.rawBody, header, endpoint.secret!)).toBe(true);

      const now = await api<EndpointView>('POST', hooks(`/${endpoint.id}/rotate-secret`), {
        expireNow: true,
      });
      await api('POST', hooks(`/${endpoint.id}/test`));
      await drainJobs();
      const latest = receiver.received[1]!;
      const latestHeader = String(latest.headers['certa-signature']);
      expect(latestHeader.match(/v1=/g)).toHaveLength(1);
      expect(verifyCertaSignature(latest.rawBody, latestHeader, now.body.secret!)).toBe(true);
      expect(verifyCertaSignature(latest.rawBody, latestHeader, rotated.body.secret!)).toBe(false);
      endpoint = now.body;
    });

    it('emits issued and delivered for a single issuance, and never an e-mail address', async () => {
      const other = await api<EndpointView>('POST', hooks(), {
        url: receiver.url,
        eventTypes: ['document.issued', 'document.delivered', 'document.delivery_failed'],
      });
      expect(other.status).toBe(201);
      receiver.received.length = 0;
      const documentId = await issueOne(platform, issuer, {
        recipient: { name: 'Ada Privée', email: 'ada.privee@example.org' },
      });
      const organisation = await findOrganisationByPublicId(platform.ctx.db, issuer.organisationId);
      await emitWebhookEvent(platform.ctx.db, organisation!.id, {
        type: 'document.delivery_failed',
        occurredAt: new Date().toISOString(),
        documentId,
        data: { reason: '550 5.1.1 <ada.privee@example.org>: Recipient address rejected' },
      });
      await drainJobs();
      const received = bodies().filter((body) => body.data.documentId === documentId);
      expect(received.map((body) => body.type)).toEqual([
        'document.issued',
        'document.delivered',
        'document.delivery_failed',
      ]);
      expect(received[2]!.data.reason).toBe('550 5.1.1 <[address]>: Recipient address rejected');
      expect(receiver.received.map((request) => request.rawBody).join('\n')).not.toMatch(
        /ada\.privee|Ada Privée/,
      );
      expect((await api('DELETE', hooks(`/${other.body.id}`))).status).toBe(204);
    });

    it('sends nothing to a disabled endpoint, and nothing once it is deleted', async () => {
      receiver.received.length = 0;
      const disabled = await api<EndpointView>('PATCH', hooks(`/${endpoint.id}`), {
        enabled: false,
      });
      expect(disabled.body.enabled).toBe(false);
      const documentId = await issueOne(platform, issuer);
      await activate(platform, await activationLinkFor(platform, documentId));
      const refused = await api<ErrorBody>('POST', hooks(`/${endpoint.id}/test`));
      expect(refused.status).toBe(409);
      await drainJobs();
      expect(receiver.received).toEqual([]);

      // A delivery queued before the endpoint was disabled is not sent either.
      await api('PATCH', hooks(`/${endpoint.id}`), { enabled: true });
      const queued = await api<DeliveryView>('POST', hooks(`/${endpoint.id}/test`));
      await api('PATCH', hooks(`/${endpoint.id}`), { enabled: false });
      await drainJobs();
      expect(receiver.received).toEqual([]);
      const log = await api<{ items: DeliveryView[] }>(
        'GET',
        hooks(`/${endpoint.id}/deliveries?limit=1`),
      );
      expect(log.body.items[0]).toMatchObject({ id: queued.body.id, status: 'failed' });
      expect(log.body.items[0]!.attemptLog[0]!.error).toMatch(/disabled/);

      expect((await api('DELETE', hooks(`/${endpoint.id}`))).status).toBe(204);
      expect((await api('GET', hooks(`/${endpoint.id}`))).status).toBe(404);
    });

    it('never calls a non-public address: literal, or a name that resolves to one', async () => {
      expect(() => checkWebhookUrl('https://127.0.0.1/x', false)).toThrow(/private, loopback/);
      expect(() => checkWebhookUrl('https://[::1]/x', false)).toThrow(/private, loopback/);
      expect(() => checkWebhookUrl('https://169.254.169.254/latest', false)).toThrow(/private/);
      expect(() => checkWebhookUrl('https://10.1.2.3/x', false)).toThrow(/private/);
      expect(() => checkWebhookUrl('https://localhost/x', false)).toThrow(/local host name/);
      expect(() => checkWebhookUrl(receiver.url, false)).toThrow(/https/);
      expect(checkWebhookUrl('https://hooks.example.org/certa', false).host).toBe(
        'hooks.example.org',
      );

      const dns: DnsStandIn = await startDnsStandIn({
        'hooks.example.org': { A: ['93.184.215.14', '127.0.0.1'] },
        'inside.example.org': { A: ['10.0.0.7'] },
      });
      try {
        const resolver = new Resolver({ timeout: 1000, tries: 1 });
        resolver.setServers([dns.server]);
        receiver.received.length = 0;
        for (const [host, address] of [
          ['hooks.example.org', '127.0.0.1'],
          ['inside.example.org', '10.0.0.7'],
        ] as const) {
          const outcome = await sendWebhook(
            new URL(`https://${host}/certa`),
            { 'content-type': 'application/json' },
            '{}',
            { timeoutMs: 2000, allowPrivateAddresses: false, resolver },
          );
          expect(outcome.ok).toBe(false);
          expect(outcome.statusCode).toBeNull();
          expect(outcome.error).toBe(
            `${host} resolves to a non-public address (${address}); not called.`,
          );
        }
        expect(receiver.received).toEqual([]);
      } finally {
        await dns.close();
      }
    });
  });
}
