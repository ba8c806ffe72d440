import type { Actor } from '../accounts/actor.js';
import { requireActor } from '../accounts/authorize.js';
import { unlockedOrganisationKeys } from '../accounts/unlock-organisation.js';
import type { AppContext } from '../context.js';
import { openSealedBox } from '../crypto/sealed-box.js';
import { findBatchUpload, saveMapping, updateBatch } from '../db/repositories/batch.repository.js';
import { AppError } from '../errors.js';
import { requireApproved, requireBatch } from './batch-access.js';
import { validateSpreadsheet } from './create-batch.js';
import type { SpreadsheetLimits } from './read-spreadsheet.js';
import { uploadAssociatedData } from './upload-aad.js';

/**
 * Checks a batch's file again with another column mapping, without uploading it again (issue 12:
 * "map columns … validate every row first"): the sealed upload is opened with the organisation
 * key (so it needs the "issue" permission AND the organisation unlocked in this session —
 * UNLOCK_REQUIRED otherwise, never an API key), every row is checked as at upload, and the batch
 * keeps the new mapping, counts and report; the mapping is saved for the template. Only a
 * batch not yet confirmed (`validated`) can be re-mapped (CONFLICT otherwise, also when it was
 * confirmed meanwhile); a mapping the file cannot take is INVALID_INPUT and changes nothing.
 */
export async function remapBatch(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; batchId: string; mapping: unknown },
  limits: SpreadsheetLimits,
): Promise<void> {
  const present = requireActor(actor);
  const { organisation, batch } = await requireBatch(ctx, present, input, 'issue');
  requireApproved(organisation);
  if (batch.state !== 'validated')
    throw new AppError('CONFLICT', 'This batch was already confirmed: its mapping is final.', {
      details: { state: batch.state },
    });
  const keys = unlockedOrganisationKeys(ctx, present, organisation);
  const privateKey = keys?.get(batch.uploadKeyId);
  if (keys === null || privateKey === undefined)
    throw new AppError(
      'UNLOCK_REQUIRED',
      'Enter your password again to unlock the organisation key: only it opens the uploaded file to check it again.',
    );
  const sealed = await findBatchUpload(ctx.db, batch.id);
  if (sealed === undefined)
    throw new AppError('CONFLICT', 'The file of this batch is no longer kept: upload it again.');
  const bytes = openSealedBox(privateKey, sealed, uploadAssociatedData(batch.publicId));
  const result = await validateSpreadsheet(
    ctx,
    organisation,
    {
      fileName: `batch.${batch.format}`,
      bytes,
      template: batch.template,
      ...(batch.title === null ? {} : { title: batch.title }),
      mapping: input.mapping,
    },
    limits,
  );
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const updated = await updateBatch(
      trx,
      batch.id,
      {
        mapping: JSON.stringify(result.mapping),
        totalRows: result.total,
        validRows: result.valid,
        invalidRows: result.invalid,
        alreadyIssuedRows: result.alreadyIssued,
        report: JSON.stringify(result.problems),
        updatedAt: now,
      },
      ['validated'],
    );
    if (!updated)
      throw new AppError('CONFLICT', 'This batch was confirmed meanwhile: its mapping is final.', {
        details: { state: 'running' },
      });
    await saveMapping(trx, {
      organisationId: organisation.id,
      template: batch.template,
      mapping: JSON.stringify(result.mapping),
      now,
    });
  });
}
