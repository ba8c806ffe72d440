import type { Actor } from '../accounts/actor.js';
import { requireOrganisationAccess, requireUser } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { randomPublicId } from '../crypto/random.js';
import {
  findWebhookDeliveryById,
  insertWebhookDeliveries,
} from '../db/repositories/webhook.repository.js';
import { AppError } from '../errors.js';
import { enqueueDelivery } from './emit-webhook-event.js';
import { deliveryView, type WebhookDeliveryView } from './webhook-delivery.js';
import { loadEndpoint } from './webhook-endpoint.js';
import { WEBHOOK_TEST_EVENT, type WebhookBody } from './webhook-event.js';

/**
 * Queues a `webhook.test` event for one enabled endpoint, whatever it subscribed to, signed and
 * retried like any other: the receiver can check its signature code end to end. Its data names
 * no document.
 */
export async function sendTestWebhook(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; endpointId: string },
): Promise<WebhookDeliveryView> {
  const organisation = await requireOrganisationAccess(
    ctx,
    requireUser(actor),
    input.organisationId,
    'manage',
  );
  const endpoint = await loadEndpoint(ctx, organisation, input.endpointId);
  if (endpoint.enabled !== 1)
    throw new AppError('CONFLICT', 'The endpoint is disabled; enable it to send a test event.', {
      details: { field: 'enabled' },
    });
  const now = ctx.now();
  const body: WebhookBody = {
    id: `evt_${randomPublicId()}`,
    type: WEBHOOK_TEST_EVENT,
    createdAt: now.toISOString(),
    organisationId: organisation.publicId,
    data: { endpointId: endpoint.publicId },
  };
  const deliveryId = await ctx.db.transaction().execute(async (trx) => {
    const [id] = await insertWebhookDeliveries(trx, [
      {
        publicId: randomPublicId(),
        endpointId: endpoint.id,
        eventId: body.id,
        eventType: body.type,
        body: JSON.stringify(body),
        status: 'pending',
        attempts: 0,
        createdAt: body.createdAt,
      },
    ]);
    await enqueueDelivery(trx, organisation.id, id!, now);
    return id!;
  });
  return deliveryView((await findWebhookDeliveryById(ctx.db, deliveryId))!, []);
}
