import type { Actor } from '../accounts/actor.js';
import { auditActor } from '../accounts/actor.js';
import { requireOrganisationAccess } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { findDocumentByPublicId } from '../db/repositories/document.repository.js';
import { AppError } from '../errors.js';
import { eraseDocument } from './erase-document.js';
import type { ErasureResult } from './erase-document.js';
import type { IssuerErasureReason } from './privacy-actions.js';

/**
 * An owner or admin of the issuer erases one of its documents' personal data (crypto-shredding,
 * as the holder would), with a reason code that the audit trail keeps. Erasing an erased
 * document changes nothing.
 */
export async function eraseAsIssuer(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; documentId: string; reason: IssuerErasureReason },
): Promise<ErasureResult> {
  const organisation = await requireOrganisationAccess(ctx, actor, input.organisationId, 'manage');
  if (actor === null) throw new AppError('UNAUTHENTICATED', 'Log in to erase a document.');
  const row = await findDocumentByPublicId(ctx.db, input.documentId);
  if (row === undefined || row.organisationId !== organisation.id)
    throw new AppError('NOT_FOUND', 'No document with this id in this organisation.');
  return eraseDocument(ctx, row, {
    cause: 'issuer',
    actor: auditActor(actor),
    reason: input.reason,
  });
}
