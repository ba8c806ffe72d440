import type { AppContext } from '../context.js';
import type { DocumentRow } from '../db/tables/documents.table.js';
import { loadDocument, unwrapWithSecret } from '../documents/document-access.js';
import { AppError } from '../errors.js';

/** The answer for a document whose data no longer exists: nothing to see, export or change. */
export function erasedConflict(row: DocumentRow): AppError {
  return new AppError(
    'CONFLICT',
    row.erasureCause === 'holder'
      ? 'This document’s data was erased at the holder’s request: there is nothing left to see or export.'
      : 'This document’s data was erased: there is nothing left to see or export.',
    { details: { erasedAt: row.erasedAt, transition: 'erased' } },
  );
}

/**
 * The holder proves they hold the document's link: the secret from its fragment (posted in the
 * body) opens wrapA. A wrong secret counts against the document like a wrong activation (locks
 * the link for a while after repeated tries), so the rights cannot be used to guess it.
 */
export async function openAsHolder(
  ctx: AppContext,
  documentId: string,
  secret: string,
): Promise<{ row: DocumentRow; dek: Buffer }> {
  const row = await loadDocument(ctx, documentId);
  if (row.erasedAt !== null) throw erasedConflict(row);
  const dek = await unwrapWithSecret(ctx, row, secret);
  return { row, dek };
}
