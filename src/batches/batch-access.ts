import type { Actor, Permission } from '../accounts/actor.js';
import { requireOrganisationAccess } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { findBatch } from '../db/repositories/batch.repository.js';
import type { BatchRow } from '../db/tables/batches.table.js';
import type { Organisation } from '../db/tables/organisations.table.js';
import { AppError } from '../errors.js';

/** The organisation (checked for `permission`) and one of its batches; NOT_FOUND otherwise. */
export async function requireBatch(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; batchId: string },
  permission: Permission,
): Promise<{ organisation: Organisation; batch: BatchRow }> {
  const organisation = await requireOrganisationAccess(
    ctx,
    actor,
    input.organisationId,
    permission,
  );
  const batch = await findBatch(ctx.db, organisation.id, input.batchId);
  if (batch === undefined) throw new AppError('NOT_FOUND', 'There is no such batch.');
  return { organisation, batch };
}

/** The organisation may issue (approved), as for any issuance. */
export function requireApproved(organisation: Organisation): void {
  if (organisation.status !== 'approved')
    throw new AppError(
      'ISSUER_NOT_APPROVED',
      'This organisation has not been approved by a platform admin yet, so it cannot issue.',
    );
}
