import { deliverWebhook } from '../webhooks/deliver-webhook.js';
import type { JobHandler } from './job.js';

/**
 * `webhook.deliver` {deliveryId}: one attempt of one webhook delivery. A failed attempt throws,
 * so the runner retries it with backoff and jitter; the last one marks the delivery failed.
 */
export const deliverWebhookJob: JobHandler = async (ctx, job) => {
  const deliveryId = job.payload.deliveryId;
  if (typeof deliveryId !== 'number') return;
  await deliverWebhook(ctx, { deliveryId, lastAttempt: job.attempt >= job.maxAttempts });
};
