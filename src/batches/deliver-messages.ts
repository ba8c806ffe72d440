import type { Mailer, MailMessage } from '../mail/mailer.js';
import type { DeliveryState } from './batch.js';

/** How one hand-over ended. */
export type DeliveryOutcome =
  { readonly state: 'sent' } | { readonly state: 'deferred' | 'rejected'; readonly reply: string };

/**
 * What the relay's answer means for a message: 5xx is a refusal (`rejected`, kept with its
 * code), 4xx a deferral, and no answer at all (connection refused, timeout, closed) a deferral
 * too. The reply kept is the status and enhanced status codes only (`550 5.1.1`): the text after
 * them often quotes the address.
 */
export function classifySmtpError(error: unknown): Exclude<DeliveryOutcome, { state: 'sent' }> {
  const { responseCode, response, code } = (error ?? {}) as {
    responseCode?: unknown;
    response?: unknown;
    code?: unknown;
  };
  if (typeof responseCode === 'number') {
    const enhanced =
      typeof response === 'string'
        ? (/\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(response)?.[1] ?? '')
        : '';
    const reply = `${responseCode}${enhanced === '' ? '' : ` ${enhanced}`}`;
    return { state: responseCode >= 500 ? 'rejected' : 'deferred', reply };
  }
  return {
    state: 'deferred',
    reply: typeof code === 'string' ? `no answer (${code.slice(0, 40)})` : 'no answer',
  };
}

export interface Delivery {
  readonly documentId: string;
  readonly message: MailMessage;
}

/**
 * Hands messages to the mailer, `concurrency` at a time (the pooled transport queues them on its
 * connections); a deferred message is tried again after `retryDelaysMs` (1 s, 4 s by default)
 * while others go on. Reports each final outcome through `onOutcome` (the caller records it);
 * never throws for a refused message. The messages — which hold the activation secrets — are
 * dropped from memory as they settle.
 */
export async function deliverMessages(
  mailer: Mailer,
  deliveries: Delivery[],
  onOutcome: (documentId: string, outcome: DeliveryOutcome, attempts: number) => void,
  options: { concurrency?: number; retryDelaysMs?: readonly number[]; signal?: AbortSignal } = {},
): Promise<void> {
  const concurrency = options.concurrency ?? 16;
  const delays = options.retryDelaysMs ?? [1_000, 4_000];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < deliveries.length) {
      const delivery = deliveries[next];
      deliveries[next] = undefined as unknown as Delivery;
      next += 1;
      if (delivery === undefined) continue;
      let attempts = 0;
      for (;;) {
        attempts += 1;
        try {
          if (options.signal?.aborted === true)
            throw Object.assign(new Error('stopped'), { code: 'STOPPED' });
          await mailer.send(delivery.message);
          onOutcome(delivery.documentId, { state: 'sent' }, attempts);
          break;
        } catch (error) {
          const outcome = classifySmtpError(error);
          const delay = delays[attempts - 1];
          if (
            outcome.state === 'rejected' ||
            delay === undefined ||
            options.signal?.aborted === true
          ) {
            onOutcome(delivery.documentId, outcome, attempts);
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, deliveries.length) }, lane));
}

/** Delivery states that still need a hand-over (and so a new secret, once the run is over). */
export const UNDELIVERED: readonly DeliveryState[] = ['awaiting', 'deferred'];
