import type { DeliveryState } from '../batches/batch.js';
import type { Executor } from '../db/database.js';
import { setDeliveryStates } from '../db/repositories/batch.repository.js';
import { setDocumentDeliveryStates } from '../db/repositories/delivery.repository.js';
import { emitWebhookEvents } from '../webhooks/emit-webhook-event.js';

/**
 * Records how the delivery of these documents' messages went, wherever their state lives — the
 * document's row (issued on its own) or its batch item — in the caller's transaction, with the
 * webhook event it means: `document.delivered` for `sent`, `document.delivery_failed` (with the
 * codes as `reason`, never an address) for `rejected` and `bounced`. `awaiting` and `deferred`
 * emit nothing: the document is still on its way.
 */
export async function recordDeliveryStates(
  db: Executor,
  organisationId: number,
  documentPublicIds: readonly string[],
  values: {
    state: DeliveryState;
    error: string | null;
    now: string;
    countAttempt: boolean;
    includeUntracked?: boolean;
    /** The batch the documents came from, named in the events; none for single documents. */
    batchId?: string;
    emitEvents?: boolean;
  },
): Promise<void> {
  if (documentPublicIds.length === 0) return;
  await setDocumentDeliveryStates(db, documentPublicIds, values);
  await setDeliveryStates(db, documentPublicIds, values);
  if (values.emitEvents === false) return;
  const type =
    values.state === 'sent'
      ? ('document.delivered' as const)
      : values.state === 'rejected' || values.state === 'bounced'
        ? ('document.delivery_failed' as const)
        : null;
  if (type === null) return;
  await emitWebhookEvents(
    db,
    organisationId,
    documentPublicIds.map((documentId) => ({
      type,
      occurredAt: values.now,
      documentId,
      data: {
        delivery: values.state,
        ...(values.batchId === undefined ? {} : { batchId: values.batchId }),
        ...(values.error === null ? {} : { reason: values.error }),
      },
    })),
  );
}
