import type { DeliveryState } from '../batches/batch.js';
import type { Executor } from '../db/database.js';
import { setDeliveryStates } from '../db/repositories/batch.repository.js';
import {
  holdCurrentDeliveryTokens,
  setDocumentDeliveryStates,
} from '../db/repositories/delivery.repository.js';
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

/** One handed-over message: its document and the delivery token it carried. */
export interface MessageOfDocument {
  readonly documentId: string;
  /** None only for a message composed without one; its outcome is then recorded by document. */
  readonly deliveryToken: string | undefined;
}

/**
 * Of these messages, the documents whose current message they still are, each row locked until
 * the caller's transaction ends: a hand-over's outcome arrives after its own transaction, and a
 * re-send (new link, new token) may have committed meanwhile — its state must not take the older
 * message's outcome. Call it in the transaction that records the outcomes, then record for the
 * ids it returns only (as {@link recordMessageOutcomes} and the spreadsheet batch's recorder,
 * src/batches/run-batch.ts, do).
 */
export async function keepCurrentMessages(
  db: Executor,
  messages: readonly MessageOfDocument[],
): Promise<string[]> {
  const tokens: string[] = [];
  const untokened: string[] = [];
  for (const { documentId, deliveryToken } of messages)
    if (deliveryToken === undefined) untokened.push(documentId);
    else tokens.push(deliveryToken);
  return [...untokened, ...(await holdCurrentDeliveryTokens(db, tokens))];
}

/**
 * {@link recordDeliveryStates} for the outcome of handed-over messages: recorded (with its
 * webhook event) only on the documents whose current message each still is
 * ({@link keepCurrentMessages}); a late outcome of a superseded message changes nothing. Returns
 * the documents recorded.
 */
export async function recordMessageOutcomes(
  db: Executor,
  organisationId: number,
  messages: readonly MessageOfDocument[],
  values: Parameters<typeof recordDeliveryStates>[3],
): Promise<string[]> {
  const current = await keepCurrentMessages(db, messages);
  await recordDeliveryStates(db, organisationId, current, values);
  return current;
}
