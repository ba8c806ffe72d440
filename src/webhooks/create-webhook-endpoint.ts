import { auditActor } from '../accounts/actor.js';
import type { Actor } from '../accounts/actor.js';
import { requireOrganisationAccess, requireUser } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { randomPublicId } from '../crypto/random.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import {
  findWebhookEndpointById,
  insertWebhookEndpoint,
  listWebhookEndpoints,
} from '../db/repositories/webhook.repository.js';
import { AppError } from '../errors.js';
import {
  checkDescription,
  checkEventTypes,
  endpointView,
  MAX_ENDPOINTS_PER_ORGANISATION,
  type WebhookEndpointView,
} from './webhook-endpoint.js';
import { newWebhookSecret, sealWebhookSecret } from './webhook-secret.js';
import { checkWebhookUrl } from './webhook-url.js';

/**
 * Adds a webhook endpoint to the organisation (owners and admins): an https URL on the public
 * Internet, a description, the event types it receives, enabled or not (enabled by default).
 * Its signing secret is returned this once; the platform keeps it sealed (webhook-secret.ts).
 */
export async function createWebhookEndpoint(
  ctx: AppContext,
  actor: Actor | null,
  input: {
    organisationId: string;
    url: unknown;
    description?: unknown;
    eventTypes: unknown;
    enabled?: unknown;
  },
): Promise<WebhookEndpointView & { secret: string }> {
  const user = requireUser(actor);
  const organisation = await requireOrganisationAccess(ctx, user, input.organisationId, 'manage');
  const url = checkWebhookUrl(input.url, ctx.webhooks?.allowPrivateAddresses ?? false);
  const description = checkDescription(input.description);
  const eventTypes = checkEventTypes(input.eventTypes);
  if (input.enabled !== undefined && typeof input.enabled !== 'boolean')
    throw new AppError('INVALID_INPUT', 'enabled must be true or false.', {
      details: { field: 'enabled' },
    });
  const existing = await listWebhookEndpoints(ctx.db, organisation.id);
  if (existing.length >= MAX_ENDPOINTS_PER_ORGANISATION)
    throw new AppError(
      'CONFLICT',
      `An organisation has at most ${MAX_ENDPOINTS_PER_ORGANISATION} webhook endpoints; delete one first.`,
    );
  const publicId = randomPublicId();
  const secret = newWebhookSecret();
  const now = ctx.now();
  const at = now.toISOString();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await insertWebhookEndpoint(trx, {
      publicId,
      organisationId: organisation.id,
      url: url.toString(),
      description,
      eventTypes: eventTypes.join(' '),
      enabled: input.enabled === false ? 0 : 1,
      secretSealed: sealWebhookSecret(ctx.masterKey, secret, publicId),
      previousSecretSealed: null,
      previousSecretUntil: null,
      createdAt: at,
      updatedAt: at,
      secretRotatedAt: null,
    });
    await insertAuditEvent(trx, {
      occurredAt: at,
      ...auditActor(user),
      action: 'webhook.created',
      organisationId: organisation.id,
      targetId: publicId,
      detail: JSON.stringify({ eventTypes }),
    });
    return inserted;
  });
  const row = await findWebhookEndpointById(ctx.db, id);
  return { ...endpointView(row!, now), secret };
}
