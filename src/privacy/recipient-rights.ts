import type { Readable } from 'node:stream';
import type { AppContext } from '../context.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import { AppError } from '../errors.js';
import { eraseDocument } from './erase-document.js';
import type { ErasureResult } from './erase-document.js';
import { holderData } from './holder-data.js';
import type { HolderData } from './holder-data.js';
import { holderExport } from './holder-export.js';
import { openAsHolder } from './holder-access.js';
import { PRIVACY_ACTIONS } from './privacy-actions.js';

/*
 * A recipient's rights through their link (issue 13 #2): see, export, restrict, erase. Each is
 * authenticated by the activation secret in the request body and written to the audit trail
 * (actor "recipient", the document's public id only).
 */

async function audit(
  ctx: AppContext,
  row: { organisationId: number; publicId: string },
  action: string,
  at: string,
): Promise<void> {
  await insertAuditEvent(ctx.db, {
    occurredAt: at,
    actorType: 'recipient',
    actorId: null,
    action,
    organisationId: row.organisationId,
    targetId: row.publicId,
  });
}

/** What is held about the holder of this document. */
export async function viewHolderData(
  ctx: AppContext,
  input: { documentId: string; secret: string },
): Promise<HolderData> {
  const { row, dek } = await openAsHolder(ctx, input.documentId, input.secret);
  const data = await holderData(ctx, row, dek);
  await audit(ctx, row, PRIVACY_ACTIONS.dataViewed, ctx.now().toISOString());
  return data;
}

/** The holder's ZIP: data.json, their PDF, the proofs. */
export async function exportHolderData(
  ctx: AppContext,
  input: { documentId: string; secret: string },
): Promise<{ stream: Readable; fileName: string }> {
  const { row, dek } = await openAsHolder(ctx, input.documentId, input.secret);
  const exported = await holderExport(ctx, [{ row, dek }]);
  await audit(ctx, row, PRIVACY_ACTIONS.exported, ctx.now().toISOString());
  return exported;
}

export interface RestrictionResult {
  documentId: string;
  restricted: boolean;
  restrictedAt: string | null;
}

/**
 * Hides the document from verification (or shows it again) without revoking it: verifying it
 * then says "restricted" and shows nothing else. Doing what is already done changes nothing.
 */
export async function setRestriction(
  ctx: AppContext,
  input: { documentId: string; secret: string; restricted: boolean },
): Promise<RestrictionResult> {
  const { row } = await openAsHolder(ctx, input.documentId, input.secret);
  if ((row.restrictedAt !== null) === input.restricted)
    return {
      documentId: row.publicId,
      restricted: input.restricted,
      restrictedAt: row.restrictedAt,
    };
  const at = ctx.now().toISOString();
  const restrictedAt = input.restricted ? at : null;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('documents')
      .set({ restrictedAt })
      .where('id', '=', row.id)
      .where('erasedAt', 'is', null)
      .execute();
    await insertAuditEvent(trx, {
      occurredAt: at,
      actorType: 'recipient',
      actorId: null,
      action: input.restricted ? PRIVACY_ACTIONS.restricted : PRIVACY_ACTIONS.unrestricted,
      organisationId: row.organisationId,
      targetId: row.publicId,
    });
  });
  return { documentId: row.publicId, restricted: input.restricted, restrictedAt };
}

/** The holder erases their data (crypto-shredding); they must say they mean it. */
export async function eraseAsHolder(
  ctx: AppContext,
  input: { documentId: string; secret: string; confirm: boolean },
): Promise<ErasureResult> {
  if (!input.confirm)
    throw new AppError(
      'INVALID_INPUT',
      'confirm must be true: erasing cannot be undone (the PDF and your data are destroyed).',
      { details: { field: 'confirm' } },
    );
  const { row } = await openAsHolder(ctx, input.documentId, input.secret);
  return eraseDocument(ctx, row, {
    cause: 'holder',
    actor: { actorType: 'recipient', actorId: null },
  });
}
