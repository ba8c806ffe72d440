import { auditActor } from '../accounts/actor.js';
import type { Actor } from '../accounts/actor.js';
import { requireOrganisationAccess, requireUser } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import {
  findWebhookEndpointById,
  updateWebhookEndpoint,
} from '../db/repositories/webhook.repository.js';
import {
  endpointView,
  loadEndpoint,
  PREVIOUS_SECRET_GRACE_MS,
  type WebhookEndpointView,
} from './webhook-endpoint.js';
import { newWebhookSecret, sealWebhookSecret } from './webhook-secret.js';

/**
 * Gives the endpoint a new signing secret, returned this once. For a day the old one still
 * signs too (a second `v1=` in `Certa-Signature`), so the receiver can switch without losing
 * events; `expireNow` ends that at once (for a leaked secret). Audited.
 */
export async function rotateWebhookSecret(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; endpointId: string; expireNow?: boolean },
): Promise<WebhookEndpointView & { secret: string }> {
  const user = requireUser(actor);
  const organisation = await requireOrganisationAccess(ctx, user, input.organisationId, 'manage');
  const row = await loadEndpoint(ctx, organisation, input.endpointId);
  const secret = newWebhookSecret();
  const now = ctx.now();
  const at = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await updateWebhookEndpoint(trx, row.id, {
      secretSealed: sealWebhookSecret(ctx.masterKey, secret, row.publicId),
      previousSecretSealed: input.expireNow === true ? null : row.secretSealed,
      previousSecretUntil:
        input.expireNow === true
          ? null
          : new Date(now.getTime() + PREVIOUS_SECRET_GRACE_MS).toISOString(),
      secretRotatedAt: at,
      updatedAt: at,
    });
    await insertAuditEvent(trx, {
      occurredAt: at,
      ...auditActor(user),
      action: 'webhook.secret_rotated',
      organisationId: organisation.id,
      targetId: row.publicId,
      detail: JSON.stringify({ expireNow: input.expireNow === true }),
    });
  });
  const updated = await findWebhookEndpointById(ctx.db, row.id);
  return { ...endpointView(updated!, now), secret };
}
