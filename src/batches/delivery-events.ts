import type { Executor } from '../db/database.js';
import { emitWebhookEvents } from '../webhooks/emit-webhook-event.js';

/**
 * The hook point between batches and webhooks: issued, delivered and delivery-failed events for
 * a batch's documents, inserted with the caller's transaction (ids and codes only). Kept in one
 * file so the batch code does not know how webhooks are stored.
 */
export function emitBatchDocumentEvents(
  db: Executor,
  organisationId: number,
  type: 'document.issued' | 'document.delivered' | 'document.delivery_failed',
  documents: readonly { documentId: string; batchId: string; reason?: string }[],
  occurredAt: string,
): Promise<number> {
  return emitWebhookEvents(
    db,
    organisationId,
    documents.map((document) => ({
      type,
      occurredAt,
      documentId: document.documentId,
      data: {
        batchId: document.batchId,
        ...(document.reason === undefined ? {} : { reason: document.reason }),
      },
    })),
  );
}
