import type { AppContext } from '../context.js';
import {
  findWebhookDeliveryById,
  findWebhookEndpointById,
  recordWebhookAttempt,
} from '../db/repositories/webhook.repository.js';
import type {
  WebhookDeliveryRow,
  WebhookDeliveryStatus,
  WebhookEndpointRow,
} from '../db/tables/webhooks.table.js';
import { AppError } from '../errors.js';
import { sendWebhook, type SendOutcome, type WebhookSendOptions } from './send-webhook.js';
import { checkWebhookUrl } from './webhook-url.js';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from './webhook-signature.js';
import { endpointSecrets } from './webhook-endpoint.js';

const DEFAULT_SEND_OPTIONS: WebhookSendOptions = {
  timeoutMs: 10_000,
  allowPrivateAddresses: false,
};

/**
 * Makes one attempt of a delivery (the `webhook.deliver` job): signs its stored body with the
 * endpoint's secret(s) and a fresh timestamp, POSTs it, and records the attempt (status code,
 * duration, error, the answer's first bytes). A 2xx answer delivers it. Otherwise, with tries
 * left, it stays pending and this throws UPSTREAM_FAILED so that the jobs module tries again
 * after a backoff; on the last try it is marked failed (a person can redeliver it). Idempotent:
 * a delivery no longer pending, or whose endpoint was deleted, is left alone; a disabled
 * endpoint gets nothing (the attempt is logged as not sent, and the delivery fails).
 */
export async function deliverWebhook(
  ctx: AppContext,
  input: { deliveryId: number; lastAttempt: boolean },
): Promise<WebhookDeliveryStatus | null> {
  const delivery = await findWebhookDeliveryById(ctx.db, input.deliveryId);
  if (delivery === undefined || delivery.status !== 'pending') return null;
  const endpoint = await findWebhookEndpointById(ctx.db, delivery.endpointId);
  if (endpoint === undefined) return null;
  const now = ctx.now();
  const { outcome, final } = await attempt(ctx, endpoint, delivery, now, input.lastAttempt);
  const status: WebhookDeliveryStatus = outcome.ok ? 'succeeded' : final ? 'failed' : 'pending';
  const attemptedAt = now.toISOString();
  await recordWebhookAttempt(
    ctx.db,
    {
      deliveryId: delivery.id,
      attemptedAt,
      statusCode: outcome.statusCode,
      durationMs: outcome.durationMs,
      error: outcome.error,
      responseBody: outcome.responseBody,
    },
    { status, deliveredAt: outcome.ok ? attemptedAt : null },
  );
  if (status === 'pending')
    throw new AppError('UPSTREAM_FAILED', `Webhook delivery attempt failed: ${outcome.error}`);
  return status;
}

async function attempt(
  ctx: AppContext,
  endpoint: WebhookEndpointRow,
  delivery: WebhookDeliveryRow,
  now: Date,
  lastAttempt: boolean,
): Promise<{ outcome: SendOutcome; final: boolean }> {
  const options = ctx.webhooks ?? DEFAULT_SEND_OPTIONS;
  if (endpoint.enabled !== 1)
    return { outcome: notSent('The endpoint is disabled; not sent.'), final: true };
  let url: URL;
  try {
    url = checkWebhookUrl(endpoint.url, options.allowPrivateAddresses);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { outcome: notSent(`${error.message} Not sent.`), final: true };
  }
  const timestamp = Math.floor(now.getTime() / 1000);
  const outcome = await sendWebhook(
    url,
    {
      'content-type': 'application/json',
      'user-agent': 'Certa-Webhooks/1',
      [EVENT_ID_HEADER]: delivery.eventId,
      'certa-event-type': delivery.eventType,
      [SIGNATURE_HEADER]: signatureHeader(
        endpointSecrets(ctx, endpoint, now),
        timestamp,
        delivery.body,
      ),
    },
    delivery.body,
    options,
  );
  return { outcome, final: lastAttempt };
}

function notSent(error: string): SendOutcome {
  return { ok: false, statusCode: null, durationMs: 0, error, responseBody: null };
}
