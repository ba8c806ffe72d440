import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchSummary } from '../../../src/batches/batch.js';
import { finishBatch } from '../../../src/batches/finish-batch.js';
import {
  deleteBatchUpload,
  findBatchById,
  updateBatch,
} from '../../../src/db/repositories/batch.repository.js';
import { newApprovedIssuer, postFile, type TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/test-platform.js';

/*
 * A batch that ends with rows left unissued says why, with counts and never which rows (issue 12,
 * "finished short"): the upload erased with one of its documents, the upload gone for another
 * reason, rows skipped by the run (issued meanwhile by another batch), invalid rows left out by
 * "valid rows only", and a cancelled batch. Uploading the file again issues the rest.
 */

function csv(rows: readonly string[]): Buffer {
  return Buffer.from(`student_id,name,email\r\n${rows.join('\r\n')}\r\n`);
}
const row = (tag: string, i: number) => `${tag}-${i},Graduate ${i},left-${tag}-${i}@example.org`;

for (const dialect of DIALECTS) {
  describe(`why a batch left rows unissued (${dialect})`, () => {
    let sink: SmtpSink;
    let platform: TestPlatform;
    let issuer: TestIssuer;
    let base: string;

    const get = async (id: string): Promise<BatchSummary> => {
      const response = await call<BatchSummary>(platform.baseUrl, 'GET', `${base}/${id}`, {
        token: issuer.token,
      });
      expect(response.status).toBe(200);
      return response.body;
    };
    const upload = async (rows: readonly string[]): Promise<BatchSummary> => {
      const response = await postFile<BatchSummary>(
        platform,
        'POST',
        `${base}?title=Diploma`,
        issuer.token,
        { bytes: csv(rows), fileName: 'graduates.csv', type: 'text/csv' },
      );
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body;
    };
    const start = async (id: string, action: 'confirm' | 'resume', mode?: string) => {
      const response = await call(platform.baseUrl, 'POST', `${base}/${id}/${action}`, {
        token: issuer.token,
        ...(mode === undefined ? {} : { json: { mode } }),
      });
      expect(response.status, JSON.stringify(response.body)).toBe(202);
    };
    const settled = async (id: string): Promise<BatchSummary> => {
      for (let i = 0; i < 400; i += 1) {
        const batch = await get(id);
        if (batch.state !== 'running') return batch;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('the batch kept running');
    };
    const internalId = async (publicId: string): Promise<number> => {
      const found = await platform.ctx.db
        .selectFrom('batches')
        .select('id')
        .where('publicId', '=', publicId)
        .executeTakeFirstOrThrow();
      return found.id;
    };
    /** The state a run killed before it went through the file leaves (the crash test's). */
    const interrupt = async (id: number) =>
      updateBatch(platform.ctx.db, id, {
        state: 'interrupted',
        mode: 'all',
        confirmedAt: platform.ctx.now().toISOString(),
      });

    beforeAll(async () => {
      sink = await startSmtpSink();
      platform = await startTestPlatform(dialect, { SMTP_URL: sink.url });
      issuer = await newApprovedIssuer(platform, 'Left Over School');
      base = `/api/organisations/${issuer.organisationId}/batches`;
      const unlocked = await call(platform.baseUrl, 'POST', '/api/sessions/current/unlock', {
        token: issuer.token,
        json: { organisationId: issuer.organisationId, password: issuer.password },
      });
      expect(unlocked.status, JSON.stringify(unlocked.body)).toBe(200);
    }, 60_000);
    afterAll(async () => {
      await platform?.close();
      await sink?.close();
    });

    it('an erased document’s batch finishes short with upload_erased, and uploading the file again issues the rest', async () => {
      const file = [row('E', 1), row('E', 2), row('E', 3)];
      const batch = await upload(file);
      const id = await internalId(batch.id);
      // Its first row is issued by a run that then died: a real batch document, moved over.
      const first = await upload([row('E', 1)]);
      await start(first.id, 'confirm', 'all');
      expect((await settled(first.id)).state).toBe('finished');
      await platform.ctx.db
        .updateTable('batchItems')
        .set({ batchId: id })
        .where('batchId', '=', await internalId(first.id))
        .execute();
      await interrupt(id);
      expect(await get(batch.id)).toMatchObject({ state: 'interrupted', leftOver: [] });

      const item = await platform.ctx.db
        .selectFrom('batchItems')
        .select('documentPublicId')
        .where('batchId', '=', id)
        .executeTakeFirstOrThrow();
      const erased = await call(
        platform.baseUrl,
        'POST',
        `/api/organisations/${issuer.organisationId}/documents/${item.documentPublicId}/erase`,
        { token: issuer.token, json: { reason: 'holder_request' } },
      );
      expect(erased.status, JSON.stringify(erased.body)).toBe(200);
      // Said before the resume: a resume can no longer issue the two rows left.
      expect((await get(batch.id)).leftOver).toEqual([{ reason: 'upload_erased', rows: 2 }]);

      await start(batch.id, 'resume');
      const finished = await settled(batch.id);
      expect(finished.state).toBe('finished');
      expect(finished.counts).toMatchObject({ valid: 3, issued: 1 });
      expect(finished.leftOver).toEqual([{ reason: 'upload_erased', rows: 2 }]);

      const again = await upload(file);
      expect(again.counts).toMatchObject({ valid: 2, alreadyIssued: 1 });
      await start(again.id, 'confirm', 'all');
      expect(await settled(again.id)).toMatchObject({
        state: 'finished',
        counts: { issued: 2, sent: 2 },
        leftOver: [],
      });
    }, 60_000);

    it('a batch whose upload went for another reason finishes short with upload_missing', async () => {
      const batch = await upload([row('M', 1), row('M', 2)]);
      const id = await internalId(batch.id);
      await interrupt(id);
      await deleteBatchUpload(platform.ctx.db, id);
      await start(batch.id, 'resume');
      expect(await settled(batch.id)).toMatchObject({
        state: 'finished',
        counts: { issued: 0 },
        leftOver: [{ reason: 'upload_missing', rows: 2 }],
      });
    }, 60_000);

    it('rows issued meanwhile by another batch are skipped_at_run; invalid rows left out by “valid rows only” are counted', async () => {
      const batch = await upload([row('S', 1), row('S', 2), row('S', 3), 'S-4,Bad,not-an-address']);
      expect(batch.counts).toMatchObject({ valid: 3, invalid: 1 });
      const other = await upload([row('S', 1), row('S', 2)]);
      await start(other.id, 'confirm', 'all');
      expect(await settled(other.id)).toMatchObject({ state: 'finished', leftOver: [] });

      await start(batch.id, 'confirm', 'valid_only');
      const finished = await settled(batch.id);
      expect(finished).toMatchObject({ state: 'finished', counts: { issued: 1, sent: 1 } });
      expect(finished.leftOver).toEqual([
        { reason: 'invalid_rows_skipped', rows: 1 },
        { reason: 'skipped_at_run', rows: 2 },
      ]);
      // In the list too.
      const list = await call<{ batches: BatchSummary[] }>(platform.baseUrl, 'GET', base, {
        token: issuer.token,
      });
      expect(list.body.batches.find((each) => each.id === batch.id)?.leftOver).toEqual(
        finished.leftOver,
      );

      // A run that still held the file when the upload was erased finished it whole: no reason.
      const otherId = await internalId(other.id);
      await updateBatch(platform.ctx.db, otherId, {
        state: 'running',
        shortReason: 'upload_erased',
      });
      await finishBatch(platform.ctx, otherId, platform.ctx.now().toISOString());
      expect((await findBatchById(platform.ctx.db, otherId))?.shortReason).toBeNull();
    }, 60_000);

    it('a cancelled batch says so with the rows it did not issue', async () => {
      const batch = await upload([row('C', 1), row('C', 2)]);
      const cancelled = await call<BatchSummary>(
        platform.baseUrl,
        'POST',
        `${base}/${batch.id}/cancel`,
        { token: issuer.token },
      );
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.leftOver).toEqual([{ reason: 'cancelled', rows: 2 }]);
      expect((await get(batch.id)).leftOver).toEqual([{ reason: 'cancelled', rows: 2 }]);
    }, 60_000);
  });
}
