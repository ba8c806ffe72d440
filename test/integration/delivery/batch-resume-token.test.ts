import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApprovedIssuer, type TestIssuer } from '../../helpers/factories.js';
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
import { deliveryRow, issue } from './single-issuance.js';

const BOUNCE_TOKEN = 'c'.repeat(48);
const FIXTURE = readFileSync(new URL('./fixtures/postfix-dsn-failed.eml', import.meta.url), 'utf8');

/** A real RFC 3464 report (Postfix's) about the message that carried `token`. */
function failedReport(token: string): string {
  return FIXTURE.replaceAll('{{TOKEN}}', token);
}

/** The `X-Certa-Delivery` token of every message the relay took for this document, in order. */
function tokensMailedFor(sink: SmtpSink, documentId: string): string[] {
  return sink.messages
    .filter((mail) => mail.text.includes(documentId))
    .map((mail) => /^X-Certa-Delivery: ([0-9a-f]{32})\r?$/m.exec(mail.raw.toString('utf8'))?.[1])
    .filter((token): token is string => token !== undefined);
}

for (const dialect of DIALECTS) {
  describe(`a batch resume mails lost links with new delivery tokens (${dialect})`, () => {
    let sink: SmtpSink;
    let platform: TestPlatform;
    let issuer: TestIssuer;

    beforeAll(async () => {
      sink = await startSmtpSink();
      platform = await startTestPlatform(dialect, {
        SMTP_URL: sink.url,
        MAIL_BOUNCE_ADDRESS: 'bounces@example.org',
        MAIL_BOUNCE_TOKEN: BOUNCE_TOKEN,
      });
      issuer = await newApprovedIssuer(platform, 'Token University');
      await unlockOrganisation(platform.baseUrl, issuer);
    }, 120_000);
    afterAll(async () => {
      await platform.close();
      await sink.close();
    });

    it('a report about the lost message leaves the new one sent; the new one’s report bounces it', async () => {
      const { upload, path } = await uploadBatch(platform, issuer, {
        bytes: Buffer.from('name,email\nAda Token,ada.token@example.net\n'),
        fileName: 'tokens.csv',
      });
      const stopped = () => stoppedBatch(platform.baseUrl, issuer, path);
      await confirmBatch(platform.baseUrl, issuer, path);
      expect((await stopped()).counts).toMatchObject({ sent: 1 });
      const batchRow = await platform.ctx.db
        .selectFrom('batches')
        .select('id')
        .where('publicId', '=', upload.id)
        .executeTakeFirstOrThrow();
      const item = await platform.ctx.db
        .selectFrom('batchItems')
        .select('documentPublicId')
        .where('batchId', '=', batchRow.id)
        .executeTakeFirstOrThrow();
      const documentId = item.documentPublicId;
      const first = (await deliveryRow(platform, documentId)).deliveryToken;
      expect(tokensMailedFor(sink, documentId)).toEqual([first]);

      // As after a crash between the commit and the hand-over: the item awaits, its secret gone
      // (the first message reached the relay anyway, whose report may still come).
      await platform.ctx.db
        .updateTable('batchItems')
        .set({ deliveryState: 'awaiting' })
        .where('batchId', '=', batchRow.id)
        .execute();
      await platform.ctx.db
        .updateTable('batches')
        .set({ state: 'interrupted', finishedAt: null })
        .where('id', '=', batchRow.id)
        .execute();
      const resumed = await call(platform.baseUrl, 'POST', `${path}/resume`, {
        token: issuer.token,
        json: {},
      });
      expect(resumed.status, JSON.stringify(resumed.body)).toBe(202);
      expect((await stopped()).counts).toMatchObject({ sent: 1, awaiting: 0 });

      const second = (await deliveryRow(platform, documentId)).deliveryToken;
      expect(second).toMatch(/^[0-9a-f]{32}$/);
      expect(second).not.toBe(first);
      expect(tokensMailedFor(sink, documentId)).toEqual([first, second]);

      // The relay's late report about the first message: it names no current message, and is
      // taken and dropped.
      const late = await call(platform.baseUrl, 'POST', '/api/mail/bounces', {
        token: BOUNCE_TOKEN,
        body: failedReport(first!),
        contentType: 'message/rfc822',
      });
      expect(late.status, JSON.stringify(late.body)).toBe(202);
      expect(late.body).toMatchObject({ ignored: true });
      const detail = await call<{ delivery: { state: string } }>(
        platform.baseUrl,
        'GET',
        `/api/organisations/${issuer.organisationId}/documents/${documentId}`,
        { token: issuer.token },
      );
      expect(detail.body.delivery.state).toBe('sent');
      const bouncedAudit = await platform.ctx.db
        .selectFrom('auditEvents')
        .select('action')
        .where('targetId', '=', documentId)
        .where('action', '=', 'document.delivery_bounced')
        .execute();
      expect(bouncedAudit).toEqual([]);

      // The current message's own report does bounce it.
      const current = await call<{ state: string }>(platform.baseUrl, 'POST', '/api/mail/bounces', {
        token: BOUNCE_TOKEN,
        body: failedReport(second!),
        contentType: 'message/rfc822',
      });
      expect(current.status, JSON.stringify(current.body)).toBe(200);
      expect(current.body.state).toBe('bounced');
    }, 60_000);

    // PostgreSQL runs transactions side by side (SQLite one at a time): a report read while a
    // re-send is committing must not land on the new message.
    it.runIf(dialect === 'postgres')(
      'a report read while a re-send swaps the token in changes nothing',
      async () => {
        const issued = await issue(platform, issuer, 'grace.race@example.net');
        expect(issued.status, JSON.stringify(issued.body)).toBe(201);
        const { deliveryToken: old } = await deliveryRow(platform, issued.body.id);
        let commit: () => void = () => undefined;
        const committing = new Promise<void>((resolve) => {
          commit = resolve;
        });
        // As a re-send does: the new token swapped in, the transaction still open.
        const resend = platform.ctx.db.transaction().execute(async (trx) => {
          await trx
            .updateTable('documents')
            .set({ deliveryToken: 'f'.repeat(32) })
            .where('publicId', '=', issued.body.id)
            .execute();
          await committing;
        });
        const report = call(platform.baseUrl, 'POST', '/api/mail/bounces', {
          token: BOUNCE_TOKEN,
          body: failedReport(old!),
          contentType: 'message/rfc822',
        });
        await new Promise((resolve) => setTimeout(resolve, 500));
        commit();
        await resend;
        const answer = await report;
        expect(answer.status, JSON.stringify(answer.body)).toBe(202);
        expect(answer.body).toMatchObject({ ignored: true, reason: 'no_current_message' });
        expect(await deliveryRow(platform, issued.body.id)).toMatchObject({
          deliveryState: 'sent',
          deliveryToken: 'f'.repeat(32),
        });
      },
      30_000,
    );
  });
}
