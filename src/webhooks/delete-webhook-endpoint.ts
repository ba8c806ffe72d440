import { auditActor } from '../accounts/actor.js';
import type { Actor } from '../accounts/actor.js';
import { requireOrganisationAccess, requireUser } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import { deleteWebhookEndpoint as deleteEndpointRows } from '../db/repositories/webhook.repository.js';
import { loadEndpoint } from './webhook-endpoint.js';

/**
 * Deletes an endpoint with its delivery log; jobs still queued for it find nothing and end.
 * Audited.
 */
export async function deleteWebhookEndpoint(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; endpointId: string },
): Promise<void> {
  const user = requireUser(actor);
  const organisation = await requireOrganisationAccess(ctx, user, input.organisationId, 'manage');
  const row = await loadEndpoint(ctx, organisation, input.endpointId);
  const at = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await deleteEndpointRows(trx, row.id);
    await insertAuditEvent(trx, {
      occurredAt: at,
      ...auditActor(user),
      action: 'webhook.deleted',
      organisationId: organisation.id,
      targetId: row.publicId,
    });
  });
}
