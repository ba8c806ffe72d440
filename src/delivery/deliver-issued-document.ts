import { classifySmtpError, deliverMessages } from '../batches/deliver-messages.js';
import type { Delivery, DeliveryOutcome } from '../batches/deliver-messages.js';
import type { AppContext } from '../context.js';
import type { Mailer, MailMessage } from '../mail/mailer.js';
import { DEFAULT_DELIVERY_WAIT_MS } from './delivery.js';
import type { DeliveryView } from './delivery.js';
import { recordMessageOutcomes } from './record-delivery.js';
import type { MessageOfDocument } from './record-delivery.js';

/**
 * Hands a just-issued document's message to the mailer after its issuance committed: the
 * one-document case of {@link deliverIssuedDocuments}, whose contract it follows.
 */
export async function deliverIssuedDocument(
  ctx: AppContext,
  organisationId: number,
  delivery: Delivery,
): Promise<DeliveryView> {
  const [view] = await deliverIssuedDocuments(ctx, organisationId, [delivery]);
  return view ?? { state: 'awaiting', error: null };
}

/**
 * Hands just-issued documents' messages to the mailer after their issuance committed (issue 12,
 * "Delivery"), as a batch does: the messages — the only holders of the activation secrets — live
 * in memory only and go through {@link deliverMessages} (its concurrency; a deferral — 4xx, relay
 * unreachable — is tried again a few times, `ctx.delivery.retryDelaysMs`, 1 s and 4 s by
 * default); each outcome is recorded on the document's row — `sent`, `deferred` or `rejected`
 * with the codes only — with its webhook event, outcomes that arrive together in one short
 * transaction (no transaction is open while SMTP talks).
 *
 * The caller waits at most `ctx.delivery.waitMs` (MAIL_DELIVERY_WAIT_SECONDS, 10 s): after that
 * no retry and no new hand-over starts, every document not settled yet is `awaiting` in the
 * answer, and a hand-over still in flight is recorded when it ends — unless a re-send gave the
 * document a newer message (another delivery token) meanwhile; a message never handed over
 * leaves its row `awaiting`. A document left `awaiting` or `deferred` has lost its secret: "re-send
 * the link" (re-key) is the way out, as for a batch's documents. Returns one view per delivery,
 * in their order.
 */
export async function deliverIssuedDocuments(
  ctx: AppContext,
  organisationId: number,
  deliveries: readonly Delivery[],
): Promise<DeliveryView[]> {
  const documentIds = deliveries.map((delivery) => delivery.documentId);
  const controller = new AbortController();
  const settled = new Map<string, DeliveryView>();
  // Outcomes are recorded by the token each message carried: one that comes after a re-send
  // (a new message, a new token) leaves the newer message's state alone.
  const tokenOf = new Map(
    deliveries.map((delivery) => [delivery.documentId, delivery.message.deliveryToken]),
  );
  const recorder = new OutcomeRecorder(ctx, organisationId);
  // Which messages reached the mailer, and how each one's last try failed: once the wait is
  // over, deliverMessages reports a message it did not start (or no longer retries) as deferred
  // with "no answer (STOPPED)"; the first never left and stays awaiting, the second keeps the
  // relay's real answer.
  const documentOf = new WeakMap<MailMessage, string>();
  const attempted = new Set<string>();
  const lastFailure = new Map<string, Exclude<DeliveryOutcome, { state: 'sent' }>>();
  const mailer: Mailer = {
    async send(message) {
      const documentId = documentOf.get(message);
      if (documentId !== undefined) attempted.add(documentId);
      try {
        await ctx.mailer.send(message);
      } catch (error) {
        if (documentId !== undefined) lastFailure.set(documentId, classifySmtpError(error));
        throw error;
      }
    },
    close: () => Promise.resolve(),
  };
  for (const delivery of deliveries) documentOf.set(delivery.message, delivery.documentId);
  let allSettled = false;
  const sending = deliverMessages(
    mailer,
    // deliverMessages drops each message as it goes: its own copy of the list.
    [...deliveries],
    (documentId, reported) => {
      if (!attempted.has(documentId)) return;
      const outcome =
        controller.signal.aborted && reported.state === 'deferred'
          ? (lastFailure.get(documentId) ?? reported)
          : reported;
      lastFailure.delete(documentId);
      if (!controller.signal.aborted)
        settled.set(documentId, {
          state: outcome.state,
          error: outcome.state === 'sent' ? null : outcome.reply,
        });
      recorder.add({ documentId, deliveryToken: tokenOf.get(documentId) }, outcome);
    },
    {
      signal: controller.signal,
      ...(ctx.delivery?.retryDelaysMs === undefined
        ? {}
        : { retryDelaysMs: ctx.delivery.retryDelaysMs }),
    },
  ).then(() => {
    allSettled = true;
  });
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ctx.delivery?.waitMs ?? DEFAULT_DELIVERY_WAIT_MS);
  });
  await Promise.race([sending, waited]);
  clearTimeout(timer);
  if (!allSettled) {
    // No more retries nor new hand-overs; one in flight still records its outcome when it ends.
    controller.abort();
    sending.catch(() => undefined);
  }
  const views = documentIds.map(
    (documentId): DeliveryView => settled.get(documentId) ?? { state: 'awaiting', error: null },
  );
  await recorder.recorded();
  return views;
}

/**
 * Records delivery outcomes as they come, one short transaction at a time: outcomes that arrive
 * while one is being written go together into the next (one UPDATE per state and reply), each
 * only while its message is still its document's current one.
 */
class OutcomeRecorder {
  #pending: { message: MessageOfDocument; outcome: DeliveryOutcome }[] = [];
  #queued = false;
  #chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: AppContext,
    private readonly organisationId: number,
  ) {}

  add(message: MessageOfDocument, outcome: DeliveryOutcome): void {
    this.#pending.push({ message, outcome });
    if (this.#queued) return;
    this.#queued = true;
    this.#chain = this.#chain.then(() => {
      this.#queued = false;
      return this.#write(this.#pending.splice(0));
    });
  }

  /** Settles once every outcome added so far is written (or could not be). */
  recorded(): Promise<void> {
    return this.#chain;
  }

  async #write(outcomes: readonly { message: MessageOfDocument; outcome: DeliveryOutcome }[]) {
    const groups = new Map<string, { outcome: DeliveryOutcome; messages: MessageOfDocument[] }>();
    for (const { message, outcome } of outcomes) {
      const key = outcome.state === 'sent' ? 'sent' : `${outcome.state}|${outcome.reply}`;
      const group = groups.get(key) ?? { outcome, messages: [] };
      group.messages.push(message);
      groups.set(key, group);
    }
    const now = this.ctx.now().toISOString();
    await this.ctx.db
      .transaction()
      .execute(async (trx) => {
        for (const { outcome, messages } of groups.values())
          await recordMessageOutcomes(trx, this.organisationId, messages, {
            state: outcome.state,
            error: outcome.state === 'sent' ? null : outcome.reply,
            now,
            countAttempt: true,
          });
      })
      // Late outcomes may come after the platform closed; nothing is lost but a state.
      .catch(() => undefined);
  }
}
