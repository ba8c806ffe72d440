import type { Executor } from '../db/database.js';
import { findBatchDeliveryOf } from '../db/repositories/delivery.repository.js';
import type { DocumentRow } from '../db/tables/documents.table.js';
import type { DeliveryView } from './delivery.js';

/** A document's delivery as its detail shows it, and the batch it came in, if any. */
export interface DocumentDelivery extends DeliveryView {
  readonly batchId: string | null;
}

/**
 * Where a document's delivery state lives: its batch item, else its own row. A row without one
 * was issued before delivery was recorded apart, or by the all-or-none JSON batch, both of which
 * stored a document only once its e-mail was handed over: `sent`.
 */
export async function deliveryOfDocument(
  db: Executor,
  row: Pick<DocumentRow, 'publicId' | 'deliveryState' | 'deliveryError'>,
): Promise<DocumentDelivery> {
  const batch = await findBatchDeliveryOf(db, row.publicId);
  if (batch !== undefined)
    return { state: batch.deliveryState, error: batch.deliveryError, batchId: batch.batchPublicId };
  return { state: row.deliveryState ?? 'sent', error: row.deliveryError, batchId: null };
}
