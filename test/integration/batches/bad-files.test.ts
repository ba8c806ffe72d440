import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApprovedIssuer, postFile, type TestIssuer } from '../../helpers/factories.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/test-platform.js';

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

const dialect = DIALECTS[0] ?? 'sqlite';

describe(`bad spreadsheet files are refused precisely and store nothing (${dialect})`, () => {
  let platform: TestPlatform;
  let issuer: TestIssuer;

  beforeAll(async () => {
    platform = await startTestPlatform(dialect, {
      BATCH_MAX_ROWS: '1000',
      BATCH_MAX_CELL_BYTES: '4096',
      BATCH_MAX_FILE_MB: '12',
    });
    issuer = await newApprovedIssuer(platform);
  });
  afterAll(async () => {
    await platform.close();
  });

  async function upload(bytes: Buffer, fileName = 'graduates.csv') {
    return postFile<ErrorBody>(
      platform,
      'POST',
      `/api/organisations/${issuer.organisationId}/batches?title=Diploma`,
      issuer.token,
      { bytes, fileName, type: 'text/csv' },
    );
  }

  const header = 'name,email\n';
  const cases: Array<[string, () => Buffer, number, string, RegExp, string?]> = [
    ['an empty file', () => Buffer.alloc(0), 400, 'empty', /empty/],
    ['a header and no rows', () => Buffer.from(header), 400, 'empty', /no data rows/],
    [
      'Latin-1 text',
      () =>
        Buffer.concat([Buffer.from(header), Buffer.from('Zoë Ünal,zoe@example.org\n', 'latin1')]),
      400,
      'encoding',
      /not UTF-8 text \(first bad byte on line 2\)/,
    ],
    [
      'UTF-16 text',
      () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(header, 'utf16le')]),
      400,
      'encoding',
      /UTF-16/,
    ],
    [
      'ragged rows',
      () => Buffer.from(`${header}Ada,ada@example.org\nBob,bob@example.org,extra\n`),
      400,
      'ragged',
      /Row 2 has 3 cells but the header has 2/,
    ],
    [
      'a 10 MB cell',
      () => Buffer.from(`${header}${'x'.repeat(10 * 1_048_576)},big@example.org\n`),
      413,
      'cell_too_large',
      /more than 4096 bytes/,
    ],
    [
      'a binary file renamed .csv',
      () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      415,
      'binary',
      /binary, not CSV text/,
    ],
    [
      'a workbook renamed .csv',
      () => Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]),
      415,
      'binary',
      /ZIP archive/,
    ],
    [
      'a damaged .xlsx',
      () => Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]),
      415,
      'binary',
      /could not be read/,
      'graduates.xlsx',
    ],
    [
      'more rows than BATCH_MAX_ROWS',
      () =>
        Buffer.from(
          header +
            Array.from({ length: 2_000 }, (_v, i) => `Name ${i},n${i}@example.org`).join('\n'),
        ),
      413,
      'too_many_rows',
      /more than 1000 rows/,
    ],
    [
      'an unterminated quote',
      () => Buffer.from(`${header}"Ada,ada@example.org\n`),
      400,
      'malformed',
      /quoted cell is never closed/,
    ],
  ];

  for (const [name, bytes, status, reason, message, fileName] of cases) {
    it(`refuses ${name}`, async () => {
      const response = await upload(bytes(), fileName);
      expect(response.status, JSON.stringify(response.body)).toBe(status);
      expect(response.body.error.details?.reason).toBe(reason);
      expect(response.body.error.details?.field).toBe('file');
      expect(response.body.error.message).toMatch(message);
      expect(response.body.error.message).not.toMatch(/example\.org|Zo/);
    });
  }

  it('stored no batch, no upload and no mapping for any of them', async () => {
    const db = platform.ctx.db;
    const counts = await Promise.all(
      (['batches', 'batchUploads', 'batchItems', 'batchMappings'] as const).map(async (table) =>
        Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number | string>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ),
    );
    expect(counts).toEqual([0, 0, 0, 0]);
  });

  it('reads an Excel CSV export with a sep= line and semicolons', async () => {
    const response = await upload(
      Buffer.from('sep=;\r\n"Name";"E-mail"\r\n"Lovelace; Ada";ada@example.org\r\n'),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({ counts: { total: 1, valid: 1 } });
  });
});
