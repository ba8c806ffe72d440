import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchSummary } from '../../../src/batches/batch.js';
import { API_KEY_CANNOT_UNLOCK, leftOverLines } from '../../../src/cli/issue-csv.js';
import { progressBar, progressLine } from '../../../src/cli/progress-bar.js';
import { newApprovedIssuer, type TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';
import { createTempDir } from '../../helpers/test-database.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/test-platform.js';
import { freshTotp } from '../../helpers/two-factor.js';
import { cli } from './cli-harness.js';

describe('the progress bar', () => {
  it('on a terminal rewrites one line with count/total, rate and ETA', () => {
    const written: string[] = [];
    const bar = progressBar((text) => written.push(text), { tty: true });
    bar.update({ done: 5, total: 20, rate: 2.5, etaSeconds: 6 });
    bar.update({ done: 20, total: 20, rate: 3, etaSeconds: 0 });
    bar.finish();
    expect(written[0]).toBe('\r\u001b[2K[######------------------] 5/20 · 2.5/s · ETA 6s');
    expect(written[1]).toBe(`\r\u001b[2K[${'#'.repeat(24)}] 20/20 · 3.0/s · ETA 0s`);
    expect(written[2]).toBe('\n');
  });

  it('elsewhere prints a line at most every interval, and the last reading at the end', () => {
    let clock = 0;
    const written: string[] = [];
    const bar = progressBar((text) => written.push(text), {
      tty: false,
      intervalMs: 5_000,
      now: () => clock,
    });
    bar.update({ done: 1, total: 100, rate: 1, etaSeconds: 99 });
    clock = 1_000;
    bar.update({ done: 2, total: 100, rate: 1, etaSeconds: 98 });
    clock = 6_000;
    bar.update({ done: 60, total: 100, rate: 10, etaSeconds: 4 });
    clock = 7_000;
    bar.update({ done: 100, total: 100, rate: 12, etaSeconds: null });
    bar.finish();
    expect(written).toEqual([
      '1/100 · 1.0/s · ETA 1m39s\n',
      '60/100 · 10.0/s · ETA 4s\n',
      '100/100 · 12.0/s\n',
    ]);
    expect(progressLine({ done: 0, total: 0, rate: 0, etaSeconds: 7_200 }, false)).toBe(
      '0/0 · 0.0/s · ETA 2h00m',
    );
  });
});

describe('the summary of a batch left short', () => {
  it('names each reason with its count and says how to issue the rest', () => {
    expect(leftOverLines([])).toEqual([]);
    expect(leftOverLines([{ reason: 'invalid_rows_skipped', rows: 3 }])).toEqual([]);
    expect(
      leftOverLines([
        { reason: 'invalid_rows_skipped', rows: 3 },
        { reason: 'upload_erased', rows: 1 },
        { reason: 'skipped_at_run', rows: 2 },
      ]),
    ).toEqual([
      '  1 row not issued: a document of the batch was erased, and its uploaded file with it.',
      '  2 rows not issued: another batch issued them meanwhile, or they no longer passed the checks (a date now past).',
      'Run again with the same file to issue the rest: rows already issued are recognised and skipped.',
    ]);
  });
});

describe('certa issue --csv (sqlite)', () => {
  let sink: SmtpSink;
  let platform: TestPlatform;
  let issuer: TestIssuer;
  let dir: { path: string; remove: () => void };

  function csvFile(name: string, rows: string[]): string {
    const file = path.join(dir.path, name);
    fs.writeFileSync(file, `\uFEFFstudent_id;name;email;grade\r\n${rows.join('\r\n')}\r\n`);
    return file;
  }
  const graduates = (tag: string, count: number) =>
    Array.from(
      { length: count },
      (_, i) => `${tag}-${i + 1};Graduate ${i + 1};graduate-${tag}-${i + 1}@example.org;Pass`,
    );
  const env = (extra: Record<string, string> = {}) => ({
    CERTA_URL: platform.baseUrl,
    CERTA_EMAIL: issuer.email,
    CERTA_PASSWORD: issuer.password,
    ...extra,
  });
  const code = () => freshTotp(platform, issuer.totpSecret);
  async function batches(): Promise<BatchSummary[]> {
    const listed = await call<{ batches: BatchSummary[] }>(
      platform.baseUrl,
      'GET',
      `/api/organisations/${issuer.organisationId}/batches`,
      { token: issuer.token },
    );
    return listed.body.batches;
  }

  beforeAll(async () => {
    sink = await startSmtpSink({ rejects: (address) => address.startsWith('refused') });
    platform = await startTestPlatform('sqlite', { SMTP_URL: sink.url });
    issuer = await newApprovedIssuer(platform);
    dir = createTempDir('certa-issue-csv-');
  });
  afterAll(async () => {
    await platform.close();
    await sink.close();
    dir.remove();
  });

  it('--help describes --csv, --valid-only and why an API key cannot run a batch', async () => {
    const help = await cli(['issue', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('certa issue --csv <file.csv|file.xlsx> --template <template>');
    expect(help.out).toContain('--valid-only');
    expect(help.out).toContain('which an API key cannot unlock');
  });

  it('refuses before uploading: no --template (exit 2), only an API key (exit 2), an unreadable file (exit 2)', async () => {
    const file = csvFile('few.csv', graduates('U', 2));
    const noTemplate = await cli(['issue', '--csv', file], env());
    expect(noTemplate).toMatchObject({ code: 2, err: 'issue --csv needs --template.\n' });
    const keyOnly = await cli(['issue', '--csv', file, '--template', 'certificate'], {
      CERTA_URL: platform.baseUrl,
      CERTA_API_KEY: 'ck_whatever',
    });
    expect(keyOnly).toMatchObject({ code: 2, err: `${API_KEY_CANNOT_UNLOCK}\n` });
    const missing = await cli(
      ['issue', '--csv', path.join(dir.path, 'nope.csv'), '--template', 'certificate'],
      env(),
    );
    expect(missing.code).toBe(2);
    expect(missing.err).toBe(`Cannot read the file "${path.join(dir.path, 'nope.csv')}".\n`);
    const wrong = await cli(
      ['issue', '--csv', file, '--template', 'certificate', '--code', code()],
      env({ CERTA_PASSWORD: 'not the password at all' }),
    );
    expect(wrong.code).toBe(4);
    expect(wrong.err.trim().split('\n')).toHaveLength(1);
    expect(await batches()).toHaveLength(0);
  });

  it('with invalid rows and no --valid-only prints the report and issues nothing (exit 4)', async () => {
    const file = csvFile('mixed.csv', [...graduates('M', 3), 'M-bad;Bad;not-an-address;Pass']);
    const result = await cli(
      ['issue', '--csv', file, '--template', 'certificate', '--title', 'BSc', '--code', code()],
      env(),
    );
    expect(result.code, result.err).toBe(4);
    expect(result.out).toMatch(/^Batch [\w-]+: 4 rows, 3 valid, 1 invalid, 0 already issued\.\n/);
    expect(result.out).toMatch(/ {2}row 4, email: .+\n/);
    expect(result.out).toMatch(/The full report: http:\/\/.+\/batches\/[\w-]+\/report\.csv\n/);
    expect(result.err).toBe(
      'Nothing was issued: 1 row is invalid; correct the file and run again, or add --valid-only to issue the 3 valid rows.\n',
    );
    const [batch] = await batches();
    expect(batch).toMatchObject({ state: 'validated', counts: { issued: 0 } });
    expect(sink.messages.filter((mail) => /graduate-m-/i.test(mail.to.join()))).toHaveLength(0);
  });

  it('issues a clean file, shows progress on stderr, and a second run finds every row already issued', async () => {
    const file = csvFile('clean.csv', graduates('C', 12));
    const first = await cli(
      ['issue', '--csv', file, '--template', 'certificate', '--title', 'BSc', '--code', code()],
      env(),
    );
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain(
      'Issued 12 documents (12 e-mailed), 0 already issued, 0 invalid rows not issued, 0 not delivered; the batch is finished.',
    );
    expect(first.err).toMatch(/\d+\/12 · \d+\.\d\/s/);
    expect(first.err).toMatch(/12\/12 · /);
    expect(sink.messages.filter((mail) => /graduate-c-/i.test(mail.to.join()))).toHaveLength(12);

    const again = await cli(
      ['issue', '--csv', file, '--template', 'certificate', '--title', 'BSc', '--code', code()],
      env(),
    );
    expect(again.code, again.err).toBe(0);
    expect(again.out).toMatch(/12 rows, 0 valid, 0 invalid, 12 already issued\./);
    expect(sink.messages.filter((mail) => /graduate-c-/i.test(mail.to.join()))).toHaveLength(12);
  });

  it('--valid-only issues the valid rows and names each one not delivered with the relay code (exit 1)', async () => {
    const file = csvFile('valid-only.csv', [
      ...graduates('V', 4),
      'V-bad;Bad;not-an-address;Pass',
      'V-refused;Refused;refused-v@example.org;Pass',
    ]);
    const result = await cli(
      ['issue', '--csv', file, '--template', 'certificate', '--title', 'BSc', '--valid-only'],
      env({ CERTA_PASSWORD: '' }),
      `${issuer.password}\n`,
    );
    // An owner has two-factor authentication: without --code the login is refused.
    expect(result.code).toBe(4);
    const withCode = await cli(
      [
        'issue',
        '--csv',
        file,
        '--template',
        'certificate',
        '--title',
        'BSc',
        '--valid-only',
        '--password-stdin',
        '--code',
        code(),
      ],
      env({ CERTA_PASSWORD: '' }),
      `${issuer.password}\n`,
    );
    expect(withCode.code, withCode.err).toBe(1);
    expect(withCode.out).toMatch(/6 rows, 5 valid, 1 invalid, 0 already issued\./);
    expect(withCode.out).toContain(
      'Issued 5 documents (4 e-mailed), 0 already issued, 1 invalid rows not issued, 1 not delivered; the batch is finished.',
    );
    expect(withCode.out).toMatch(/ {2}row 6 \(document [\w-]+\): rejected \(SMTP 550\)\n/);
    expect(withCode.out).not.toContain('refused-v@example.org');
  });
});
