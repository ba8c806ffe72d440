import { deliverMessages } from '../batches/deliver-messages.js';
import type { Delivery, DeliveryOutcome } from '../batches/deliver-messages.js';
import type { AppContext } from '../context.js';
import { DEFAULT_DELIVERY_WAIT_MS } from './delivery.js';
import type { DeliveryView } from './delivery.js';
import { recordDeliveryStates } from './record-delivery.js';

/**
 * Hands a just-issued document's message to the mailer after its issuance committed (issue 12,
 * "Delivery"), as a batch does: the message — the only holder of the activation secret — lives
 * in memory only; a deferral (4xx, relay unreachable) is tried again a few times
 * (`ctx.delivery.retryDelaysMs`, 1 s and 4 s by default); the outcome is recorded on the
 * document's row — `sent`, `deferred` or `rejected` with the codes only — with its webhook event.
 *
 * The caller waits at most `ctx.delivery.waitMs` (MAIL_DELIVERY_WAIT_SECONDS, 10 s): a relay that
 * stalls longer gets no more retries, the answer says `awaiting`, and a hand-over still in flight
 * is recorded when it ends. A document left `awaiting` or `deferred` has lost its secret: "re-send
 * the link" (re-key) is the way out, as for a batch's documents.
 */
export async function deliverIssuedDocument(
  ctx: AppContext,
  organisationId: number,
  delivery: Delivery,
): Promise<DeliveryView> {
  const controller = new AbortController();
  const settled: { outcome?: DeliveryOutcome } = {};
  let recording: Promise<void> = Promise.resolve();
  const record = (documentId: string, outcome: DeliveryOutcome): Promise<void> =>
    ctx.db
      .transaction()
      .execute((trx) =>
        recordDeliveryStates(trx, organisationId, [documentId], {
          state: outcome.state,
          error: outcome.state === 'sent' ? null : outcome.reply,
          now: ctx.now().toISOString(),
          countAttempt: true,
        }),
      )
      // Late outcomes may come after the platform closed; nothing is lost but a state.
      .catch(() => undefined);
  const sending = deliverMessages(
    ctx.mailer,
    [delivery],
    (documentId, outcome) => {
      settled.outcome = outcome;
      recording = record(documentId, outcome);
    },
    {
      concurrency: 1,
      signal: controller.signal,
      ...(ctx.delivery?.retryDelaysMs === undefined
        ? {}
        : { retryDelaysMs: ctx.delivery.retryDelaysMs }),
    },
  );
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ctx.delivery?.waitMs ?? DEFAULT_DELIVERY_WAIT_MS);
  });
  await Promise.race([sending, waited]);
  clearTimeout(timer);
  const final = settled.outcome;
  if (final === undefined) {
    // No more retries; a hand-over in flight still records its outcome when it ends.
    controller.abort();
    sending.catch(() => undefined);
    return { state: 'awaiting', error: null };
  }
  await recording;
  return { state: final.state, error: final.state === 'sent' ? null : final.reply };
}
