import type { Actor } from '../accounts/actor.js';
import { requirePlatformAdmin } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { listOrganisationAuditPage } from '../db/repositories/application.repository.js';
import { findOrganisationByPublicId } from '../db/repositories/organisation.repository.js';
import { AppError } from '../errors.js';

/** The page size when none is asked for, and the largest one allowed. */
export const DEFAULT_AUDIT_PAGE_SIZE = 50;
export const MAX_AUDIT_PAGE_SIZE = 200;
/** The highest page number accepted (keeps the offset a small integer). */
const MAX_AUDIT_PAGE = 100_000;

/*
 * Detail values shown: numbers and booleans, and strings only under these keys, which hold
 * statuses, roles, kinds and channels. Free text (reasons, messages) and anything else stays in
 * the database, so the trail can never show personal data whatever an event recorded.
 */
const SHOWN_STRING_KEYS: ReadonlySet<string> = new Set([
  'from',
  'to',
  'via',
  'by',
  'kind',
  'role',
  'previousRole',
  'status',
  'previousStatus',
  'mediaType',
]);

/** One event of an issuer's audit trail: what happened, when, who did it, to which objects. */
export interface AuditTrailEvent {
  /** The action, such as `organisation.approved` or `document.issued`. */
  type: string;
  at: string;
  actor: {
    /** user, api_key, recipient or system (the host operator's CLI, the worker). */
    type: string;
    /** The user's or API key's public id; null for the system and recipients. */
    id: string | null;
  };
  /** The organisation's public id and the object the event is about (document, member…). */
  objectIds: { issuerId: string; targetId: string | null };
  /** Statuses, kinds, counts and flags recorded with the event; never free text. */
  detail: Record<string, string | number | boolean>;
}

export interface AuditTrailPage {
  events: AuditTrailEvent[];
  page: number;
  pageSize: number;
  /** Events in the whole trail. */
  total: number;
  /** The next page's number; null on the last page. */
  nextPage: number | null;
}

export function shownDetail(json: string | null): Record<string, string | number | boolean> {
  if (json === null) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
  const shown: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))
      shown[key] = value;
    else if (typeof value === 'string' && SHOWN_STRING_KEYS.has(key) && value.length <= 64)
      shown[key] = value;
  }
  return shown;
}

function checkPaging(value: number | undefined, name: string, fallback: number, max: number) {
  const chosen = value ?? fallback;
  if (!Number.isInteger(chosen) || chosen < 1 || chosen > max)
    throw new AppError('INVALID_INPUT', `${name} must be a whole number from 1 to ${max}.`, {
      details: { field: name },
    });
  return chosen;
}

/**
 * An issuer's whole audit trail for platform admins (application, review, members, keys,
 * documents…), newest first, `pageSize` events a page (50 by default, at most 200). Each event
 * carries its type, time, actor id and object ids, and only those detail values that cannot be
 * personal data (see SHOWN_STRING_KEYS). Unknown issuer: NOT_FOUND.
 */
export async function listIssuerAuditTrail(
  ctx: AppContext,
  actor: Actor | null,
  issuerId: string,
  paging: { page?: number | undefined; pageSize?: number | undefined } = {},
): Promise<AuditTrailPage> {
  requirePlatformAdmin(actor);
  const page = checkPaging(paging.page, 'page', 1, MAX_AUDIT_PAGE);
  const pageSize = checkPaging(
    paging.pageSize,
    'pageSize',
    DEFAULT_AUDIT_PAGE_SIZE,
    MAX_AUDIT_PAGE_SIZE,
  );
  const organisation = await findOrganisationByPublicId(ctx.db, issuerId);
  if (organisation === undefined) throw new AppError('NOT_FOUND', 'No organisation with this id.');
  const { events, total } = await listOrganisationAuditPage(ctx.db, organisation.id, {
    offset: (page - 1) * pageSize,
    limit: pageSize,
  });
  return {
    events: events.map((event) => ({
      type: event.action,
      at: event.occurredAt,
      actor: { type: event.actorType, id: event.actorType === 'recipient' ? null : event.actorId },
      objectIds: { issuerId: organisation.publicId, targetId: event.targetId },
      detail: shownDetail(event.detail),
    })),
    page,
    pageSize,
    total,
    nextPage: page * pageSize < total ? page + 1 : null,
  };
}
