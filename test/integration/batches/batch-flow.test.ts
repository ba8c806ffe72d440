import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell } from '../../../src/batches/safe-csv.js';
import type { BatchSummary } from '../../../src/batches/batch.js';
import { activate, newApprovedIssuer, postFile, type TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/test-platform.js';

describe('CSV cells Certa writes', () => {
  it('neutralises formulas and quotes what needs quoting', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    for (const prefix of ['+', '-', '@', '\t', '\r']) expect(csvCell(`${prefix}1`)).toMatch(/^"?'/);
    expect(csvCell('plain')).toBe('plain');
  });
});

const LINK = /\/activate\/([A-Za-z0-9_-]{22})#([A-Za-z0-9_-]{43})/;

function graduatesCsv(count: number, tag: string, extra = ''): Buffer {
  const lines = ['student_id;name;email;grade'];
  for (let i = 1; i <= count; i += 1)
    lines.push(`${tag}-${i};Graduate ${i};graduate-${tag}-${i}@example.org;Magna cum laude`);
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n${extra}`);
}

async function waitForState(
  platform: TestPlatform,
  path: string,
  token: string,
  states: readonly string[],
): Promise<BatchSummary> {
  for (let i = 0; i < 600; i += 1) {
    const response = await call<BatchSummary>(platform.baseUrl, 'GET', path, { token });
    if (states.includes(response.body.state)) return response.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`batch never reached ${states.join('/')}`);
}

for (const dialect of DIALECTS) {
  describe(`spreadsheet batches (${dialect})`, () => {
    let sink: SmtpSink;
    let platform: TestPlatform;
    let issuer: TestIssuer;
    let base: string;

    beforeAll(async () => {
      sink = await startSmtpSink({ rejects: (address) => address.startsWith('refused') });
      platform = await startTestPlatform(dialect, { SMTP_URL: sink.url });
      issuer = await newApprovedIssuer(platform);
      base = `/api/organisations/${issuer.organisationId}/batches`;
      const unlocked = await call(platform.baseUrl, 'POST', '/api/sessions/current/unlock', {
        token: issuer.token,
        json: { organisationId: issuer.organisationId, password: issuer.password },
      });
      expect(unlocked.status, JSON.stringify(unlocked.body)).toBe(200);
    });
    afterAll(async () => {
      await platform.close();
      await sink.close();
    });

    it('validates, issues the valid rows once, delivers each, and never issues a row twice', async () => {
      const extra =
        'x-bad;Bad Address;not-an-address;Pass\r\n' +
        'A-1;Graduate 1;graduate-A-1@example.org;Magna cum laude\r\n' +
        'x-refused;Refused;refused@example.org;Pass\r\n';
      const upload = await postFile<
        BatchSummary & { problems: { row: number; column: string; code: string }[] }
      >(platform, 'POST', `${base}?title=Bachelor%20of%20Arts`, issuer.token, {
        bytes: graduatesCsv(40, 'A', extra),
        fileName: 'graduates.csv',
        type: 'text/csv',
      });
      expect(upload.status, JSON.stringify(upload.body)).toBe(201);
      expect(upload.body.state).toBe('validated');
      expect(upload.body.counts).toMatchObject({ total: 43, valid: 41, invalid: 2, issued: 0 });
      expect(upload.body.problems).toEqual([
        expect.objectContaining({ row: 41, column: 'email', code: 'invalid' }),
        expect.objectContaining({ row: 42, column: 'student_id', code: 'duplicate' }),
      ]);
      const batchMail = () => sink.messages.filter((mail) => /graduate-a-/i.test(mail.to.join()));
      expect(batchMail()).toHaveLength(0);
      const path = `${base}/${upload.body.id}`;

      const report = await call(platform.baseUrl, 'GET', `${path}/report.csv`, {
        token: issuer.token,
      });
      expect(report.status).toBe(200);
      expect(report.headers.get('content-type')).toMatch(/text\/csv/);
      expect(report.raw.toString('utf8')).toMatch(
        /^\uFEFFrow,column,code,message\r\n41,email,invalid,/,
      );
      expect(report.raw.toString('utf8')).not.toContain('not-an-address');

      const all = await call(platform.baseUrl, 'POST', `${path}/confirm`, {
        token: issuer.token,
        json: { mode: 'all' },
      });
      expect(all.status).toBe(409);
      const confirmed = await call<BatchSummary>(platform.baseUrl, 'POST', `${path}/confirm`, {
        token: issuer.token,
        json: { mode: 'valid_only' },
      });
      expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(202);
      const done = await waitForState(platform, path, issuer.token, ['finished', 'interrupted']);
      expect(done.state).toBe('finished');
      expect(done.counts).toMatchObject({ issued: 41, sent: 40, rejected: 1, awaiting: 0 });
      expect(batchMail()).toHaveLength(40);
      expect(new Set(batchMail().map((mail) => mail.to.join())).size).toBe(40);

      const rejected = await call<{ items: { delivery: string; deliveryError: string }[] }>(
        platform.baseUrl,
        'GET',
        `${path}/documents?delivery=rejected`,
        { token: issuer.token },
      );
      expect(rejected.body.items).toEqual([
        expect.objectContaining({ delivery: 'rejected', deliveryError: '550' }),
      ]);

      const mail = batchMail()[0];
      const match = LINK.exec(mail?.text ?? '');
      expect(match).not.toBeNull();
      await activate(platform, { documentId: match?.[1] ?? '', secret: match?.[2] ?? '' });

      // The same file again: every row is already issued.
      const again = await postFile<BatchSummary>(
        platform,
        'POST',
        `${base}?title=Bachelor%20of%20Arts`,
        issuer.token,
        { bytes: graduatesCsv(40, 'A', extra), fileName: 'graduates.csv', type: 'text/csv' },
      );
      expect(again.status).toBe(201);
      expect(again.body.counts).toMatchObject({ valid: 0, alreadyIssued: 41 });

      const events = await fetch(`${platform.baseUrl}${path}/events`, {
        headers: { authorization: `Bearer ${issuer.token}` },
      });
      expect(events.headers.get('content-type')).toMatch(/text\/event-stream/);
      const stream = await events.text();
      expect(stream).toMatch(/^event: progress\ndata: \{.*"state":"finished"/);

      const revoked = await call<{ revoked: string[] }>(
        platform.baseUrl,
        'POST',
        `${path}/revoke`,
        {
          token: issuer.token,
          json: { reason: 'Issued in error', code: 'issued_in_error' },
        },
      );
      expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
      expect(revoked.body.revoked).toHaveLength(41);

      const list = await call<{ batches: BatchSummary[] }>(platform.baseUrl, 'GET', base, {
        token: issuer.token,
      });
      expect(list.body.batches.map((batch) => batch.id)).toContain(upload.body.id);
    });

    it('needs the organisation unlocked to confirm, so API keys cannot run a batch', async () => {
      const upload = await postFile<BatchSummary>(
        platform,
        'POST',
        `${base}?title=Diploma`,
        issuer.token,
        { bytes: graduatesCsv(2, 'U'), fileName: 'u.csv', type: 'text/csv' },
      );
      await call(platform.baseUrl, 'POST', '/api/sessions/current/lock', { token: issuer.token });
      const refused = await call<{ error: { code: string } }>(
        platform.baseUrl,
        'POST',
        `${base}/${upload.body.id}/confirm`,
        { token: issuer.token, json: { mode: 'all' } },
      );
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('UNLOCK_REQUIRED');
      const cancelled = await call<BatchSummary>(
        platform.baseUrl,
        'POST',
        `${base}/${upload.body.id}/cancel`,
        { token: issuer.token },
      );
      expect(cancelled.body.state).toBe('cancelled');
      await call(platform.baseUrl, 'POST', '/api/sessions/current/unlock', {
        token: issuer.token,
        json: { organisationId: issuer.organisationId, password: issuer.password },
      });
    });
  });
}
