import type { Executor } from '../db/database.js';
import { findBatchDeliveryOf } from '../db/repositories/delivery.repository.js';
import type { DocumentRow } from '../db/tables/documents.table.js';
import type { DeliveryView } from './delivery.js';

/** A document's delivery as its detail shows it, and the batch it came in, if any. */
export interface DocumentDelivery extends DeliveryView {
  readonly batchId: string | null;
}

/** A document's delivery and when it was last recorded (null: not known, recorded before). */
export interface TimedDocumentDelivery extends DocumentDelivery {
  readonly at: string | null;
}

/**
 * Where a document's delivery state lives — its batch item, else its own row — with the time of
 * its current message's state: when the relay took it (`sent`), else when the deferral, refusal
 * or bounce was recorded (a batch item's `updated_at`, a row's `delivery_updated_at`). A row
 * without a state of its own was issued before delivery states were recorded, and stored only
 * once mailed: `sent`, at its issuance.
 */
export async function timedDeliveryOfDocument(
  db: Executor,
  row: Pick<
    DocumentRow,
    | 'publicId'
    | 'issuedAt'
    | 'deliveryState'
    | 'deliveryError'
    | 'deliveredAt'
    | 'deliveryUpdatedAt'
  >,
): Promise<TimedDocumentDelivery> {
  const batch = await findBatchDeliveryOf(db, row.publicId);
  if (batch !== undefined)
    return {
      state: batch.deliveryState,
      error: batch.deliveryError,
      batchId: batch.batchPublicId,
      at: batch.deliveryState === 'sent' ? (batch.deliveredAt ?? batch.updatedAt) : batch.updatedAt,
    };
  if (row.deliveryState === null)
    return { state: 'sent', error: null, batchId: null, at: row.issuedAt };
  return {
    state: row.deliveryState,
    error: row.deliveryError,
    batchId: null,
    at:
      row.deliveryState === 'sent'
        ? (row.deliveredAt ?? row.deliveryUpdatedAt)
        : row.deliveryUpdatedAt,
  };
}
