import { auditActor } from '../accounts/actor.js';
import type { Actor } from '../accounts/actor.js';
import { requireOrganisationAccess, requireUser } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import {
  findWebhookDelivery,
  findWebhookDeliveryById,
  listWebhookAttempts,
  markWebhookDeliveryPending,
} from '../db/repositories/webhook.repository.js';
import { AppError } from '../errors.js';
import { enqueueDelivery } from './emit-webhook-event.js';
import { deliveryView, type WebhookDeliveryView } from './webhook-delivery.js';
import { loadEndpoint } from './webhook-endpoint.js';

/**
 * Sends a delivered or failed event again, with the same body and `Certa-Event-Id` (receivers
 * de-duplicate on it) and a fresh signature; its earlier attempts stay in the log. CONFLICT while
 * it is still pending (its own retries are under way) or when the endpoint is disabled.
 */
export async function redeliverWebhook(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; endpointId: string; deliveryId: string },
): Promise<WebhookDeliveryView> {
  const user = requireUser(actor);
  const organisation = await requireOrganisationAccess(ctx, user, input.organisationId, 'manage');
  const endpoint = await loadEndpoint(ctx, organisation, input.endpointId);
  const delivery = await findWebhookDelivery(ctx.db, endpoint.id, input.deliveryId);
  if (delivery === undefined)
    throw new AppError('NOT_FOUND', 'No delivery with this id for this webhook endpoint.');
  if (endpoint.enabled !== 1)
    throw new AppError('CONFLICT', 'The endpoint is disabled; enable it to redeliver.', {
      details: { field: 'enabled' },
    });
  if (delivery.status === 'pending')
    throw new AppError('CONFLICT', 'This delivery is still being tried; wait for its outcome.');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await markWebhookDeliveryPending(trx, delivery.id);
    await enqueueDelivery(trx, organisation.id, delivery.id, now);
    await insertAuditEvent(trx, {
      occurredAt: now.toISOString(),
      ...auditActor(user),
      action: 'webhook.redelivered',
      organisationId: organisation.id,
      targetId: endpoint.publicId,
      detail: JSON.stringify({ delivery: delivery.publicId, eventId: delivery.eventId }),
    });
  });
  const updated = await findWebhookDeliveryById(ctx.db, delivery.id);
  return deliveryView(updated!, await listWebhookAttempts(ctx.db, [delivery.id]));
}
