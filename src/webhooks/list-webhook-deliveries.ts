import type { Actor } from '../accounts/actor.js';
import { requireOrganisationAccess, requireUser } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import {
  findWebhookDelivery,
  listWebhookAttempts,
  listWebhookDeliveries as listDeliveryRows,
} from '../db/repositories/webhook.repository.js';
import type { WebhookDeliveryStatus } from '../db/tables/webhooks.table.js';
import { AppError } from '../errors.js';
import { deliveryView, type WebhookDeliveryView } from './webhook-delivery.js';
import { loadEndpoint } from './webhook-endpoint.js';
import { isWebhookEventType, WEBHOOK_TEST_EVENT } from './webhook-event.js';

const STATUSES: readonly WebhookDeliveryStatus[] = ['pending', 'succeeded', 'failed'];
export const MAX_DELIVERIES_PER_PAGE = 100;

/**
 * An endpoint's delivery log, newest first, each delivery with its attempts: filtered by status
 * and event type, a page at a time (`before` = the last delivery id of the previous page).
 */
export async function listWebhookDeliveries(
  ctx: AppContext,
  actor: Actor | null,
  input: {
    organisationId: string;
    endpointId: string;
    status?: string;
    eventType?: string;
    before?: string;
    limit?: number;
  },
): Promise<{ items: WebhookDeliveryView[]; nextBefore: string | null }> {
  const organisation = await requireOrganisationAccess(
    ctx,
    requireUser(actor),
    input.organisationId,
    'manage',
  );
  const endpoint = await loadEndpoint(ctx, organisation, input.endpointId);
  if (input.status !== undefined && !(STATUSES as readonly string[]).includes(input.status))
    throw new AppError('INVALID_INPUT', `status must be one of ${STATUSES.join(', ')}.`, {
      details: { field: 'status' },
    });
  if (
    input.eventType !== undefined &&
    !isWebhookEventType(input.eventType) &&
    input.eventType !== WEBHOOK_TEST_EVENT
  )
    throw new AppError('INVALID_INPUT', 'eventType is not a webhook event type.', {
      details: { field: 'eventType' },
    });
  const limit = input.limit ?? 25;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_DELIVERIES_PER_PAGE)
    throw new AppError('INVALID_INPUT', `limit must be 1 to ${MAX_DELIVERIES_PER_PAGE}.`, {
      details: { field: 'limit' },
    });
  let beforeId: number | undefined;
  if (input.before !== undefined) {
    const cursor = await findWebhookDelivery(ctx.db, endpoint.id, input.before);
    if (cursor === undefined)
      throw new AppError('INVALID_INPUT', 'before names no delivery of this endpoint.', {
        details: { field: 'before' },
      });
    beforeId = cursor.id;
  }
  const rows = await listDeliveryRows(ctx.db, endpoint.id, {
    ...(input.status === undefined ? {} : { status: input.status as WebhookDeliveryStatus }),
    ...(input.eventType === undefined ? {} : { eventType: input.eventType }),
    ...(beforeId === undefined ? {} : { beforeId }),
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const attempts = await listWebhookAttempts(
    ctx.db,
    page.map((row) => row.id),
  );
  return {
    items: page.map((row) =>
      deliveryView(
        row,
        attempts.filter((attempt) => attempt.deliveryId === row.id),
      ),
    ),
    nextBefore: rows.length > limit ? (page.at(-1)?.publicId ?? null) : null,
  };
}
