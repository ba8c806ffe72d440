import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchSummary } from '../../../src/batches/batch.js';
import { newApprovedIssuer, postFile, type TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/test-platform.js';

/*
 * Changing a batch's column mapping after its report (issue 12, console batch flow): the stored,
 * sealed file is checked again with the new mapping — no second upload — while the organisation
 * is unlocked; the batch keeps its id, gets the new counts and report, and the mapping is saved
 * for the template. A mapping the file cannot take changes nothing; a confirmed batch's mapping
 * is final.
 */

type Detail = BatchSummary & {
  mapping: Record<string, string>;
  problems: Array<{ row: number; column: string; code: string }>;
};
interface ErrorBody {
  error: { code: string; details?: Record<string, unknown> };
}

/** The `email` column holds two bad addresses; `work_email` a good one on every row. */
function twoAddressCsv(): Buffer {
  const lines = ['student_id;name;email;work_email'];
  for (let i = 1; i <= 6; i += 1) {
    const personal = i % 3 === 0 ? `not-an-address-${i}` : `graduate-${i}@example.org`;
    lines.push(`R-${i};Graduate ${i};${personal};graduate-${i}@work.example`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

for (const dialect of DIALECTS) {
  describe(`re-mapping a batch's columns (${dialect})`, () => {
    let platform: TestPlatform;
    let issuer: TestIssuer;
    let base: string;

    const unlock = async () => {
      const unlocked = await call(platform.baseUrl, 'POST', '/api/sessions/current/unlock', {
        token: issuer.token,
        json: { organisationId: issuer.organisationId, password: issuer.password },
      });
      expect(unlocked.status, JSON.stringify(unlocked.body)).toBe(200);
    };
    const remap = (batchId: string, mapping: Record<string, string>) =>
      call<Detail & ErrorBody>(platform.baseUrl, 'POST', `${base}/${batchId}/mapping`, {
        token: issuer.token,
        json: { mapping },
      });

    beforeAll(async () => {
      platform = await startTestPlatform(dialect);
      issuer = await newApprovedIssuer(platform);
      base = `/api/organisations/${issuer.organisationId}/batches`;
    });
    afterAll(async () => {
      await platform?.close();
    });

    it('checks the stored file again with the new mapping, and keeps it for the template', async () => {
      const upload = await postFile<Detail>(
        platform,
        'POST',
        `${base}?title=Diploma`,
        issuer.token,
        {
          bytes: twoAddressCsv(),
          fileName: 'graduates.csv',
          type: 'text/csv',
        },
      );
      expect(upload.status, JSON.stringify(upload.body)).toBe(201);
      expect(upload.body.mapping).toMatchObject({ email: 'recipient.email' });
      expect(upload.body.counts).toMatchObject({ total: 6, valid: 4, invalid: 2 });
      const batchId = upload.body.id;

      // The file opens only with the organisation key.
      const locked = await remap(batchId, { email: 'ignore', work_email: 'recipient.email' });
      expect(locked.status).toBe(403);
      expect(locked.body.error.code).toBe('UNLOCK_REQUIRED');

      await unlock();
      // No e-mail column at all: refused, and the batch is as it was.
      const wrong = await remap(batchId, { email: 'ignore' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.details).toMatchObject({ field: 'mapping' });
      const unchanged = await call<Detail>(platform.baseUrl, 'GET', `${base}/${batchId}`, {
        token: issuer.token,
      });
      expect(unchanged.body.counts).toMatchObject({ valid: 4, invalid: 2 });
      expect(unchanged.body.problems).toHaveLength(2);

      const remapped = await remap(batchId, { email: 'ignore', work_email: 'recipient.email' });
      expect(remapped.status, JSON.stringify(remapped.body)).toBe(200);
      expect(remapped.body.id).toBe(batchId);
      expect(remapped.body.state).toBe('validated');
      expect(remapped.body.mapping).toMatchObject({
        email: 'ignore',
        work_email: 'recipient.email',
        student_id: 'externalId',
      });
      expect(remapped.body.counts).toMatchObject({ total: 6, valid: 6, invalid: 0 });
      expect(remapped.body.problems).toEqual([]);

      // The next upload for the template starts from the saved mapping.
      const again = await postFile<Detail>(
        platform,
        'POST',
        `${base}?title=Diploma`,
        issuer.token,
        {
          bytes: twoAddressCsv(),
          fileName: 'graduates.csv',
          type: 'text/csv',
        },
      );
      expect(again.body.mapping).toMatchObject({ work_email: 'recipient.email' });
      expect(again.body.counts).toMatchObject({ valid: 6, invalid: 0 });

      // Once confirmed, the mapping is final.
      const confirmed = await call(platform.baseUrl, 'POST', `${base}/${batchId}/confirm`, {
        token: issuer.token,
        json: { mode: 'all' },
      });
      expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(202);
      const late = await remap(batchId, { email: 'recipient.email', work_email: 'ignore' });
      expect(late.status).toBe(409);
      expect(late.body.error.code).toBe('CONFLICT');

      const unknown = await remap('AAAAAAAAAAAAAAAAAAAAAA', { email: 'recipient.email' });
      expect(unknown.status).toBe(404);
    });
  });
}
