import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseDocument } from '../../../src/privacy/erase-document.js';
import { issueOne, newApprovedIssuer } from '../../helpers/factories.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

/*
 * An erased person's row must not wait in an unfinished batch's sealed upload (DESIGN §3): erasing
 * a document issued from a batch deletes that batch's upload in the erasure's transaction; the
 * batch item stays, so the row's idempotency key stays taken and nothing issues it again. Other
 * batches keep their uploads.
 */

for (const dialect of DIALECTS) {
  describe(`erasure and a batch's sealed upload (${dialect})`, () => {
    let platform: TestPlatform;
    let organisationId: number;
    let keyId: number;
    const documents: string[] = [];

    const newBatch = async (publicId: string, documentPublicId: string) => {
      const now = platform.ctx.now().toISOString();
      const batch = await platform.ctx.db
        .insertInto('batches')
        .values({
          publicId,
          organisationId,
          template: 'certificate',
          title: 'Batch',
          format: 'csv',
          state: 'interrupted',
          mode: 'all',
          mapping: '{}',
          totalRows: 2,
          validRows: 2,
          invalidRows: 0,
          alreadyIssuedRows: 0,
          report: '[]',
          uploadKeyId: keyId,
          createdByUserId: null,
          createdByApiKeyId: null,
          runnerId: null,
          runnerExpiresAt: null,
          createdAt: now,
          confirmedAt: now,
          finishedAt: null,
          updatedAt: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await platform.ctx.db
        .insertInto('batchItems')
        .values({
          batchId: batch.id,
          organisationId,
          rowNumber: 1,
          idempotencyKey: `key-${publicId}`,
          documentPublicId,
          deliveryState: 'sent',
          deliveryError: null,
          deliveredAt: now,
          updatedAt: now,
        })
        .execute();
      await platform.ctx.db
        .insertInto('batchUploads')
        .values({ batchId: batch.id, sealed: Buffer.from('sealed rows of two people') })
        .execute();
      return batch.id;
    };
    const uploadOf = async (batchId: number) =>
      platform.ctx.db
        .selectFrom('batchUploads')
        .select('batchId')
        .where('batchId', '=', batchId)
        .executeTakeFirst();

    beforeAll(async () => {
      platform = await startTestPlatform(dialect);
      const issuer = await newApprovedIssuer(platform, 'Batch Erasure School');
      documents.push(await issueOne(platform, issuer), await issueOne(platform, issuer));
      const organisation = await platform.ctx.db
        .selectFrom('organisations')
        .select('id')
        .where('publicId', '=', issuer.organisationId)
        .executeTakeFirstOrThrow();
      organisationId = organisation.id;
      const key = await platform.ctx.db
        .selectFrom('organisationKeys')
        .select('id')
        .where('organisationId', '=', organisationId)
        .executeTakeFirstOrThrow();
      keyId = key.id;
    });
    afterAll(async () => platform.close());

    it('deletes the upload of the erased document’s batch, keeps its item and other batches’ uploads', async () => {
      const [erasedId, keptId] = documents;
      if (erasedId === undefined || keptId === undefined) throw new Error('no documents');
      const erasedBatch = await newBatch('BatchOfTheErased0001', erasedId);
      const otherBatch = await newBatch('BatchOfTheOthers0001', keptId);
      const row = await platform.ctx.db
        .selectFrom('documents')
        .selectAll()
        .where('publicId', '=', erasedId)
        .executeTakeFirstOrThrow();
      const result = await eraseDocument(platform.ctx, row, {
        cause: 'issuer',
        actor: { actorType: 'system', actorId: null },
      });
      expect(result.erasedNow).toBe(true);
      expect(await uploadOf(erasedBatch)).toBeUndefined();
      expect(await uploadOf(otherBatch)).toBeDefined();
      const item = await platform.ctx.db
        .selectFrom('batchItems')
        .select('idempotencyKey')
        .where('documentPublicId', '=', erasedId)
        .executeTakeFirst();
      expect(item?.idempotencyKey).toBe('key-BatchOfTheErased0001');
    }, 60_000);
  });
}
