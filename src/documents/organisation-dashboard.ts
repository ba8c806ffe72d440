import type { Actor } from '../accounts/actor.js';
import { requireOrganisationAccess } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { listRecentAuditEvents } from '../db/repositories/audit.repository.js';
import {
  countOrganisationDocumentsByState,
  countOrganisationDocumentsPerDay,
} from '../db/repositories/document.repository.js';
import { AppError } from '../errors.js';

export const DASHBOARD_DAYS = { default: 30, min: 7, max: 365 } as const;

/** Audit events the dashboard shows. */
export const RECENT_ACTIVITY_SIZE = 20;

export interface OrganisationDashboard {
  /** Counts of the organisation's documents now; each document is in exactly one state. */
  counts: {
    /** Every document ever issued (all states). */
    issued: number;
    /** Pending and not expired: the recipient has not activated yet. */
    awaitingActivation: number;
    /** Ever activated, whatever they are now (revoked or expired included). */
    activated: number;
    /** Activated, not revoked and not expired. */
    active: number;
    /** Suspended by the issuer (e.g. during an inquiry) and not revoked or expired. */
    suspended: number;
    revoked: number;
    /** Past their expiry date and not revoked (activated or not). */
    expired: number;
  };
  /** One entry per UTC day, oldest first, the last one today; days without events count 0. */
  daily: Array<{ date: string; issued: number; activated: number }>;
  /** The organisation's latest audit events, newest first: ids only, never personal data. */
  recentActivity: Array<{
    type: string;
    at: string;
    actorType: 'user' | 'api_key' | 'recipient' | 'system';
    actorId: string | null;
    /** The document's public id, for document events. */
    documentId: string | null;
  }>;
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The console's overview of one organisation, for anyone who may read its documents (members,
 * API keys with the read scope): document counts by state, documents issued and activated per
 * UTC day over the last `days` days (today included), and the latest audit events. Counting
 * groups the organisation's rows by state in the database; the series reads only the rows of the
 * period through the (organisation, issued_at) and (organisation, activated_at) indexes.
 */
export async function organisationDashboard(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; days: number },
): Promise<OrganisationDashboard> {
  const { days } = input;
  if (!Number.isInteger(days) || days < DASHBOARD_DAYS.min || days > DASHBOARD_DAYS.max) {
    throw new AppError(
      'INVALID_INPUT',
      `days must be between ${DASHBOARD_DAYS.min} and ${DASHBOARD_DAYS.max}.`,
      { details: { field: 'days' } },
    );
  }
  const organisation = await requireOrganisationAccess(ctx, actor, input.organisationId, 'read');
  const now = ctx.now();
  const first = new Date(`${day(now)}T00:00:00.000Z`);
  first.setUTCDate(first.getUTCDate() - (days - 1));
  const [counts, perDay, recent] = await Promise.all([
    countOrganisationDocumentsByState(ctx.db, organisation.id, now.toISOString()),
    countOrganisationDocumentsPerDay(ctx.db, organisation.id, first.toISOString()),
    listRecentAuditEvents(ctx.db, organisation.id, RECENT_ACTIVITY_SIZE),
  ]);
  const daily: OrganisationDashboard['daily'] = [];
  for (let index = 0; index < days; index += 1) {
    const date = new Date(first);
    date.setUTCDate(first.getUTCDate() + index);
    const key = day(date);
    daily.push({
      date: key,
      issued: perDay.issued.get(key) ?? 0,
      activated: perDay.activated.get(key) ?? 0,
    });
  }
  return {
    counts: {
      issued: counts.all,
      awaitingActivation: counts.pending,
      activated: counts.activated,
      active: counts.active,
      suspended: counts.suspended,
      revoked: counts.revoked,
      expired: counts.expired,
    },
    daily,
    recentActivity: recent.map((event) => ({
      type: event.action,
      at: event.occurredAt,
      actorType: event.actorType,
      actorId: event.actorId,
      documentId: event.action.startsWith('document.') ? event.targetId : null,
    })),
  };
}
