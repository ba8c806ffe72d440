import type { Actor } from '../accounts/actor.js';
import { requireOrganisationAccess, requireUser } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { listWebhookEndpoints as listEndpointRows } from '../db/repositories/webhook.repository.js';
import { endpointView, loadEndpoint, type WebhookEndpointView } from './webhook-endpoint.js';

/** The organisation's webhook endpoints, oldest first (owners and admins). */
export async function listWebhookEndpoints(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
): Promise<WebhookEndpointView[]> {
  const organisation = await requireOrganisationAccess(
    ctx,
    requireUser(actor),
    organisationId,
    'manage',
  );
  const now = ctx.now();
  return (await listEndpointRows(ctx.db, organisation.id)).map((row) => endpointView(row, now));
}

/** One endpoint of the organisation. */
export async function getWebhookEndpoint(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; endpointId: string },
): Promise<WebhookEndpointView> {
  const organisation = await requireOrganisationAccess(
    ctx,
    requireUser(actor),
    input.organisationId,
    'manage',
  );
  return endpointView(await loadEndpoint(ctx, organisation, input.endpointId), ctx.now());
}
