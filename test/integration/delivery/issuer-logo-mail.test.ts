import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchSummary } from '../../../src/batches/batch.js';
import { newApprovedIssuer, postFile, type TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { uploadLogo } from '../../helpers/issuer-steps.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/test-platform.js';
import { logoPng } from '../templates/images.js';

const LOGO_CID = 'issuer-logo@certa';

/** The mail to `address`, parsed as a mail client reads it. */
async function mailTo(sink: SmtpSink, address: string) {
  for (let i = 0; i < 200; i += 1) {
    const found = sink.messages.find((mail) => mail.to.includes(address));
    if (found !== undefined) return simpleParser(found.raw, { skipImageLinks: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no mail reached ${address}`);
}

/** Every first activation mail carries the issuer's logo inline, however it was issued. */
function expectLogoInline(mail: Awaited<ReturnType<typeof mailTo>>): void {
  const logo = mail.attachments.find((attachment) => attachment.cid === LOGO_CID);
  expect(logo?.contentType).toBe('image/png');
  expect(logo?.contentDisposition).toBe('inline');
  expect(typeof mail.html === 'string' ? mail.html : '').toContain(`cid:${LOGO_CID}`);
  expect(mail.text).toContain('École du Logo');
}

describe('first activation e-mails carry the issuer’s logo (sqlite)', () => {
  let sink: SmtpSink;
  let platform: TestPlatform;
  let issuer: TestIssuer;

  beforeAll(async () => {
    sink = await startSmtpSink();
    platform = await startTestPlatform('sqlite', { SMTP_URL: sink.url });
    issuer = await newApprovedIssuer(platform, 'École du Logo');
    await uploadLogo(platform, issuer, logoPng());
  });
  afterAll(async () => {
    await platform.close();
    await sink.close();
  });

  it('a document issued on its own', async () => {
    const issued = await call(
      platform.baseUrl,
      'POST',
      `/api/organisations/${issuer.organisationId}/documents`,
      {
        token: issuer.token,
        json: {
          title: 'Certificate of Attendance',
          recipient: { name: 'Ada Lovelace', email: 'ada@example.net' },
        },
      },
    );
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expectLogoInline(await mailTo(sink, 'ada@example.net'));
  });

  it('the documents of a spreadsheet batch', async () => {
    const unlocked = await call(platform.baseUrl, 'POST', '/api/sessions/current/unlock', {
      token: issuer.token,
      json: { organisationId: issuer.organisationId, password: issuer.password },
    });
    expect(unlocked.status, JSON.stringify(unlocked.body)).toBe(200);
    const csv = Buffer.from(
      'student_id;name;email\r\nL-1;Grace Hopper;grace@example.net\r\nL-2;Alan Turing;alan@example.net\r\n',
    );
    const base = `/api/organisations/${issuer.organisationId}/batches`;
    const upload = await postFile<BatchSummary>(
      platform,
      'POST',
      `${base}?title=Diploma`,
      issuer.token,
      { bytes: csv, fileName: 'graduates.csv', type: 'text/csv' },
    );
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const confirmed = await call(platform.baseUrl, 'POST', `${base}/${upload.body.id}/confirm`, {
      token: issuer.token,
      json: { mode: 'all' },
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(202);
    expectLogoInline(await mailTo(sink, 'grace@example.net'));
    expectLogoInline(await mailTo(sink, 'alan@example.net'));
  });
});
