import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { newApprovedIssuer } from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import {
  addWebhookEndpoint,
  confirmBatch,
  stoppedBatch,
  unlockOrganisation,
  uploadBatch,
} from '../../helpers/issuer-steps.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { deliveryRow, issue } from './single-issuance.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

const BOUNCE_TOKEN = 'b'.repeat(48);
const FIXTURE = readFileSync(new URL('./fixtures/postfix-dsn-failed.eml', import.meta.url), 'utf8');

function report(token: string): string {
  return FIXTURE.replaceAll('{{TOKEN}}', token);
}

async function certa(args: string[], env: Record<string, string>, stdin: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    env,
    stdin: Readable.from([Buffer.from(stdin)]),
    out: (text) => out.push(text),
    err: (text) => err.push(text),
  });
  return { code, out: out.join('\n'), err: err.join('') };
}

for (const dialect of DIALECTS) {
  describe(`single issuance delivers after its commit, and takes bounces (${dialect})`, () => {
    let relay: SmtpSink;
    let platform: TestPlatform;
    let issuer: TestIssuer;

    beforeAll(async () => {
      // Keeps the envelope sender, and refuses `refused…` (550).
      relay = await startSmtpSink({
        refuse: (address) =>
          address.startsWith('refused')
            ? { code: 550, message: '5.1.1 <refused@example.net>: Recipient address rejected' }
            : undefined,
      });
      platform = await startTestPlatform(dialect, {
        SMTP_URL: relay.url,
        MAIL_BOUNCE_ADDRESS: 'bounces@example.org',
        MAIL_BOUNCE_TOKEN: BOUNCE_TOKEN,
        WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: 'true',
      });
      issuer = await newApprovedIssuer(platform, 'Delivery University');
      await addWebhookEndpoint(platform, issuer, [
        'document.delivered',
        'document.delivery_failed',
      ]);
    }, 120_000);
    afterAll(async () => {
      await platform.close();
      await relay.close();
    });

    it('a relay that accepts: 201 sent, the row sent, the envelope sender bounces+<token>', async () => {
      const response = await issue(platform, issuer, 'grace@example.net');
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body.delivery).toEqual({ state: 'sent', error: null });
      const row = await deliveryRow(platform, response.body.id);
      expect(row).toMatchObject({
        deliveryState: 'sent',
        deliveryError: null,
        deliveryAttempts: 1,
      });
      expect(row.deliveredAt).not.toBeNull();
      expect(row.deliveryToken).toMatch(/^[0-9a-f]{32}$/);
      const mail = relay.messages.find((each) => each.raw.includes(response.body.id));
      expect(mail?.mailFrom).toBe(`bounces+${row.deliveryToken}@example.org`);
      expect(mail?.raw.toString('utf8')).toContain(`X-Certa-Delivery: ${row.deliveryToken}`);
    });

    it('a relay that refuses (5xx): 201 rejected with the codes only, the document stored', async () => {
      const response = await issue(platform, issuer, 'refused@example.net');
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body.delivery).toEqual({ state: 'rejected', error: '550 5.1.1' });
      const row = await deliveryRow(platform, response.body.id);
      expect(row).toMatchObject({ deliveryState: 'rejected', deliveryError: '550 5.1.1' });
      // The timeline shows the refusal with its codes, when it was recorded, not an `emailed`.
      const refusedDetail = await call<{
        timeline: { type: string; at: string; reason: string }[];
      }>(
        platform.baseUrl,
        'GET',
        `/api/organisations/${issuer.organisationId}/documents/${response.body.id}`,
        { token: issuer.token },
      );
      expect(refusedDetail.body.timeline.map((event) => event.type)).toEqual([
        'issued',
        'delivery_rejected',
      ]);
      expect(refusedDetail.body.timeline[1]).toMatchObject({ reason: '550 5.1.1' });
      expect(Date.parse(refusedDetail.body.timeline[1]?.at ?? '')).toBeGreaterThanOrEqual(
        Date.parse(refusedDetail.body.timeline[0]?.at ?? ''),
      );
      const stored = await call<{ status: string }>(
        platform.baseUrl,
        'GET',
        `/api/organisations/${issuer.organisationId}/documents/${response.body.id}`,
        { token: issuer.token },
      );
      expect(stored.status).toBe(200);
      expect(stored.body.status).toBe('pending');
    });

    it('a delivery report (failed) marks it bounced, queues delivery_failed, audits; a re-send delivers it again', async () => {
      const issued = await issue(platform, issuer, 'grace.bounce@example.net');
      const { deliveryToken } = await deliveryRow(platform, issued.body.id);
      const response = await call<{ documentId: string; state: string; status: string }>(
        platform.baseUrl,
        'POST',
        '/api/mail/bounces',
        { token: BOUNCE_TOKEN, body: report(deliveryToken!), contentType: 'message/rfc822' },
      );
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({
        documentId: issued.body.id,
        state: 'bounced',
        status: '5.1.1',
      });
      const row = await deliveryRow(platform, issued.body.id);
      expect(row).toMatchObject({
        deliveryState: 'bounced',
        deliveryError: '5.1.1 smtp; 550 5.1.1',
      });
      const events = await platform.ctx.db
        .selectFrom('webhookDeliveries')
        .select(['eventType', 'body'])
        .where('eventType', '=', 'document.delivery_failed')
        .execute();
      const failed = events.find((event) => String(event.body).includes(issued.body.id));
      expect(failed).toBeDefined();
      expect(String(failed?.body)).not.toMatch(/example\.net/);
      const audit = await platform.ctx.db
        .selectFrom('auditEvents')
        .select('action')
        .where('targetId', '=', issued.body.id)
        .execute();
      expect(audit.map((entry) => entry.action)).toContain('document.delivery_bounced');

      const detail = await call<{
        delivery: { state: string } | null;
        timeline: { type: string; reason: string | null }[];
      }>(
        platform.baseUrl,
        'GET',
        `/api/organisations/${issuer.organisationId}/documents/${issued.body.id}`,
        { token: issuer.token },
      );
      expect(detail.body.delivery?.state).toBe('bounced');
      expect(detail.body.timeline.map((event) => [event.type, event.reason])).toEqual([
        ['issued', null],
        ['delivery_bounced', '5.1.1 smtp; 550 5.1.1'],
      ]);

      await unlockOrganisation(platform.baseUrl, issuer);
      const resent = await call(
        platform.baseUrl,
        'POST',
        `/api/organisations/${issuer.organisationId}/documents/${issued.body.id}/recipient-email`,
        { token: issuer.token, json: { email: 'grace.hopper@example.net' } },
      );
      expect(resent.status, JSON.stringify(resent.body)).toBe(200);
      const after = await deliveryRow(platform, issued.body.id);
      expect(after).toMatchObject({ deliveryState: 'sent', deliveryError: null });
      const corrected = await call<{ timeline: { type: string }[] }>(
        platform.baseUrl,
        'GET',
        `/api/organisations/${issuer.organisationId}/documents/${issued.body.id}`,
        { token: issuer.token },
      );
      expect(corrected.body.timeline.map((event) => event.type)).toEqual([
        'issued',
        'recipient_email_corrected',
        'emailed',
      ]);
      expect(after.deliveryToken).not.toBe(deliveryToken);
      // The old message's report now finds nothing current: taken and dropped (a relay's
      // webhook must neither return nor retry it).
      const late = await call<{ ignored: boolean; reason: string }>(
        platform.baseUrl,
        'POST',
        '/api/mail/bounces',
        { token: BOUNCE_TOKEN, body: report(deliveryToken!), contentType: 'message/rfc822' },
      );
      expect(late.status).toBe(202);
      expect(late.body).toMatchObject({ ignored: true, reason: 'no_current_message' });
      expect(await deliveryRow(platform, issued.body.id)).toMatchObject({ deliveryState: 'sent' });
    });

    it('a delayed report marks a sent document deferred, without a failure event', async () => {
      const issued = await issue(platform, issuer, 'grace.delayed@example.net');
      const { deliveryToken } = await deliveryRow(platform, issued.body.id);
      const response = await call<{ state: string; changed: boolean }>(
        platform.baseUrl,
        'POST',
        '/api/mail/bounces',
        {
          token: BOUNCE_TOKEN,
          body: report(deliveryToken!)
            .replace('Action: failed', 'Action: delayed')
            .replace('Status: 5.1.1', 'Status: 4.4.7'),
          contentType: 'text/plain',
        },
      );
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({ state: 'deferred', changed: true });
      expect(await deliveryRow(platform, issued.body.id)).toMatchObject({
        deliveryState: 'deferred',
      });
      const failures = await platform.ctx.db
        .selectFrom('webhookDeliveries')
        .select('body')
        .where('eventType', '=', 'document.delivery_failed')
        .execute();
      expect(failures.some((event) => event.body.includes(issued.body.id))).toBe(false);
    });

    it('a batch document that bounces shows in the batch, and the batch re-sends it', async () => {
      await unlockOrganisation(platform.baseUrl, issuer);
      const { upload, path } = await uploadBatch(platform, issuer, {
        bytes: Buffer.from('name,email\nBatch Bounce,batch.bounce@example.net\n'),
        fileName: 'batch.csv',
      });
      const finished = () => stoppedBatch(platform.baseUrl, issuer, path);
      await confirmBatch(platform.baseUrl, issuer, path);
      expect((await finished()).counts).toMatchObject({ sent: 1 });
      const items = await call<{ items: { documentId: string }[] }>(
        platform.baseUrl,
        'GET',
        `${path}/documents`,
        { token: issuer.token },
      );
      const documentId = items.body.items[0]!.documentId;
      const { deliveryToken } = await deliveryRow(platform, documentId);
      const mail = relay.messages.find((each) => each.raw.includes(documentId));
      expect(mail?.mailFrom).toBe(`bounces+${deliveryToken}@example.org`);
      const bounced = await call(platform.baseUrl, 'POST', '/api/mail/bounces', {
        token: BOUNCE_TOKEN,
        body: report(deliveryToken!),
        contentType: 'message/rfc822',
      });
      expect(bounced.status, JSON.stringify(bounced.body)).toBe(200);
      const batch = await call<{ counts: Record<string, number> }>(platform.baseUrl, 'GET', path, {
        token: issuer.token,
      });
      expect(batch.body.counts).toMatchObject({ sent: 0, bounced: 1 });
      const listed = await call<{ items: { documentId: string; delivery: string }[] }>(
        platform.baseUrl,
        'GET',
        `${path}/documents?delivery=bounced`,
        { token: issuer.token },
      );
      expect(listed.body.items).toMatchObject([{ documentId, delivery: 'bounced' }]);
      const detail = await call<{ delivery: { state: string; batchId: string | null } }>(
        platform.baseUrl,
        'GET',
        `/api/organisations/${issuer.organisationId}/documents/${documentId}`,
        { token: issuer.token },
      );
      expect(detail.body.delivery).toMatchObject({ state: 'bounced', batchId: upload.id });

      const before = relay.messages.length;
      // A finished batch can be claimed again for a re-send (it used to answer 409).
      const resent = await call(platform.baseUrl, 'POST', `${path}/resend`, {
        token: issuer.token,
        json: { includeRejected: true },
      });
      expect(resent.status, JSON.stringify(resent.body)).toBe(202);
      expect((await finished()).counts).toMatchObject({ sent: 1, bounced: 0 });
      expect(relay.messages.length).toBe(before + 1);
    }, 30_000);

    it('refuses a wrong intake token (401), a body that is no report (400); drops an unknown token (202)', async () => {
      const wrong = await call<{ error: { code: string } }>(
        platform.baseUrl,
        'POST',
        '/api/mail/bounces',
        { token: 'x'.repeat(48), body: report('0'.repeat(32)), contentType: 'message/rfc822' },
      );
      expect(wrong.status).toBe(401);
      const none = await call(platform.baseUrl, 'POST', '/api/mail/bounces', {
        body: report('0'.repeat(32)),
        contentType: 'message/rfc822',
      });
      expect(none.status).toBe(401);
      const malformed = await call<{ error: { code: string; message: string } }>(
        platform.baseUrl,
        'POST',
        '/api/mail/bounces',
        {
          token: BOUNCE_TOKEN,
          body: 'Subject: hello\r\n\r\nnot a delivery report\r\n',
          contentType: 'text/plain',
        },
      );
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.message).toMatch(/delivery-status/);
      const unknown = await call<{ ignored: boolean; message: string }>(
        platform.baseUrl,
        'POST',
        '/api/mail/bounces',
        { token: BOUNCE_TOKEN, body: report('0'.repeat(32)), contentType: 'message/rfc822' },
      );
      expect(unknown.status).toBe(202);
      expect(unknown.body).toMatchObject({ ignored: true });
      expect(unknown.body.message).toMatch(/ignored/);
    });

    it('certa mail bounce < report.eml does the same on the host', async () => {
      const issued = await issue(platform, issuer, 'grace.cli@example.net');
      const { deliveryToken } = await deliveryRow(platform, issued.body.id);
      const env = {
        DATA_DIR: platform.dataDir,
        DATABASE_URL:
          platform.config.database.dialect === 'sqlite'
            ? `sqlite:${platform.config.database.file}`
            : platform.config.database.url,
        ANCHOR_BACKENDS: 'none',
        LOG_LEVEL: 'silent',
      };
      const help = await certa(['mail', 'bounce', '--help'], env, '');
      expect(help.code).toBe(0);
      expect(help.out).toMatch(/certa mail bounce < report\.eml/);
      const done = await certa(['mail', 'bounce'], env, report(deliveryToken!));
      expect(done.code, done.err).toBe(0);
      expect(done.out).toContain(
        `Document ${issued.body.id}: failed (5.1.1), delivery now bounced.`,
      );
      expect((await deliveryRow(platform, issued.body.id)).deliveryState).toBe('bounced');
      // Exit codes as an MTA's pipe reads them (sysexits): 65 returns it, 75 retries it later.
      const bad = await certa(['mail', 'bounce'], env, 'not a report');
      expect(bad.code).toBe(65);
      expect(bad.err).toMatch(/\S/);
      const unknown = await certa(['mail', 'bounce'], env, report('1'.repeat(32)));
      expect(unknown.code, unknown.err).toBe(0);
      expect(unknown.err).toMatch(/^Delivery report ignored: no current message has its token/);
      expect(unknown.err).not.toContain('1'.repeat(32));
      const down = await certa(
        ['mail', 'bounce'],
        { ...env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/certa' },
        report(deliveryToken!),
      );
      expect(down.code, down.err).toBe(75);
      expect(down.err).toMatch(/try again/);
    });
  });
}
