import { auditActor } from '../accounts/actor.js';
import type { Actor } from '../accounts/actor.js';
import { requireOrganisationAccess, requireUser } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import {
  findWebhookEndpointById,
  updateWebhookEndpoint as storeEndpointChanges,
} from '../db/repositories/webhook.repository.js';
import type { WebhookEndpointsTable } from '../db/tables/webhooks.table.js';
import { AppError } from '../errors.js';
import {
  checkDescription,
  checkEventTypes,
  endpointView,
  loadEndpoint,
  type WebhookEndpointView,
} from './webhook-endpoint.js';
import { checkWebhookUrl } from './webhook-url.js';

/**
 * Changes an endpoint's URL, description, event types or enabled flag (what is given; the rest
 * stays). A disabled endpoint receives nothing: events emitted while it is disabled are not
 * queued for it, and pending deliveries are not sent. Audited with the fields that changed.
 */
export async function updateWebhookEndpoint(
  ctx: AppContext,
  actor: Actor | null,
  input: {
    organisationId: string;
    endpointId: string;
    url?: unknown;
    description?: unknown;
    eventTypes?: unknown;
    enabled?: unknown;
  },
): Promise<WebhookEndpointView> {
  const user = requireUser(actor);
  const organisation = await requireOrganisationAccess(ctx, user, input.organisationId, 'manage');
  const row = await loadEndpoint(ctx, organisation, input.endpointId);
  const changes: Partial<
    Pick<WebhookEndpointsTable, 'url' | 'description' | 'eventTypes' | 'enabled'>
  > = {};
  if (input.url !== undefined)
    changes.url = checkWebhookUrl(
      input.url,
      ctx.webhooks?.allowPrivateAddresses ?? false,
    ).toString();
  if (input.description !== undefined) changes.description = checkDescription(input.description);
  if (input.eventTypes !== undefined)
    changes.eventTypes = checkEventTypes(input.eventTypes).join(' ');
  if (input.enabled !== undefined) {
    if (typeof input.enabled !== 'boolean')
      throw new AppError('INVALID_INPUT', 'enabled must be true or false.', {
        details: { field: 'enabled' },
      });
    changes.enabled = input.enabled ? 1 : 0;
  }
  const now = ctx.now();
  const at = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await storeEndpointChanges(trx, row.id, { ...changes, updatedAt: at });
    await insertAuditEvent(trx, {
      occurredAt: at,
      ...auditActor(user),
      action: 'webhook.updated',
      organisationId: organisation.id,
      targetId: row.publicId,
      detail: JSON.stringify({
        fields: Object.keys(changes),
        ...(changes.enabled === undefined ? {} : { enabled: changes.enabled === 1 }),
      }),
    });
  });
  const updated = await findWebhookEndpointById(ctx.db, row.id);
  return endpointView(updated!, now);
}
