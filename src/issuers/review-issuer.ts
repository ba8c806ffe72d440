import type { Actor } from '../accounts/actor.js';
import { requirePlatformAdmin } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import {
  findOrganisationByPublicId,
  listOrganisations,
  updateOrganisationStatus,
} from '../db/repositories/organisation.repository.js';
import type { OrganisationStatus } from '../db/tables/organisations.table.js';
import { AppError } from '../errors.js';
import { issuerProfile } from './issuer.js';
import type { IssuerProfile } from './issuer.js';

/** Who decides: a platform admin over HTTP, or the host operator through the CLI. */
export type Reviewer = { kind: 'actor'; actor: Actor | null } | { kind: 'host' };

async function reviewerIdentity(
  reviewer: Reviewer,
): Promise<{ userId: number | null; auditId: string | null; actorType: 'user' | 'system' }> {
  if (reviewer.kind === 'host') return { userId: null, auditId: null, actorType: 'system' };
  const admin = requirePlatformAdmin(reviewer.actor);
  return Promise.resolve({ userId: admin.userId, auditId: admin.userPublicId, actorType: 'user' });
}

async function decide(
  ctx: AppContext,
  reviewer: Reviewer,
  organisationId: string,
  status: Extract<OrganisationStatus, 'approved' | 'rejected'>,
): Promise<IssuerProfile> {
  const who = await reviewerIdentity(reviewer);
  const organisation = await findOrganisationByPublicId(ctx.db, organisationId);
  if (organisation === undefined) throw new AppError('NOT_FOUND', 'No organisation with this id.');
  const at = ctx.now().toISOString();
  const changed = await ctx.db.transaction().execute(async (trx) => {
    const updated = await updateOrganisationStatus(trx, organisation.id, 'submitted', {
      status,
      approvedAt: status === 'approved' ? at : null,
      approvedByUserId: status === 'approved' ? who.userId : null,
    });
    if (updated) {
      await insertAuditEvent(trx, {
        occurredAt: at,
        actorType: who.actorType,
        actorId: who.auditId,
        action: `organisation.${status}`,
        organisationId: organisation.id,
        targetId: organisation.publicId,
      });
    }
    return updated;
  });
  if (!changed)
    throw new AppError(
      'CONFLICT',
      `This organisation is ${organisation.status}, not waiting for review.`,
    );
  const after = await findOrganisationByPublicId(ctx.db, organisationId);
  if (after === undefined) throw new AppError('NOT_FOUND', 'No organisation with this id.');
  return issuerProfile(after);
}

/** Approves an organisation that is waiting for review: from now on it may issue. */
export function approveIssuer(
  ctx: AppContext,
  reviewer: Reviewer,
  organisationId: string,
): Promise<IssuerProfile> {
  return decide(ctx, reviewer, organisationId, 'approved');
}

/** Rejects an organisation that is waiting for review. */
export function rejectIssuer(
  ctx: AppContext,
  reviewer: Reviewer,
  organisationId: string,
): Promise<IssuerProfile> {
  return decide(ctx, reviewer, organisationId, 'rejected');
}

/** Organisations, optionally by status, for the review queue. */
export async function listIssuers(
  ctx: AppContext,
  reviewer: Reviewer,
  status?: OrganisationStatus,
): Promise<IssuerProfile[]> {
  await reviewerIdentity(reviewer);
  const rows = await listOrganisations(ctx.db, status);
  return rows.map(issuerProfile);
}

/** The public profile of one issuer (anyone may read it). */
export async function getIssuerProfile(
  ctx: AppContext,
  organisationId: string,
): Promise<IssuerProfile> {
  const organisation = await findOrganisationByPublicId(ctx.db, organisationId);
  if (organisation === undefined) throw new AppError('NOT_FOUND', 'No issuer with this id.');
  return issuerProfile(organisation);
}
