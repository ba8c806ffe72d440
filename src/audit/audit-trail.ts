import type { Actor } from '../accounts/actor.js';
import { requireOrganisationAccess, requirePlatformAdmin } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import {
  listAuditActions,
  listAuditEntries,
  type AuditEntryFilter,
} from '../db/repositories/audit.repository.js';
import {
  findOrganisationById,
  findOrganisationByPublicId,
} from '../db/repositories/organisation.repository.js';
import { findMembership } from '../db/repositories/user.repository.js';
import { AppError } from '../errors.js';
import { shownDetail } from '../issuers/issuer-audit-trail.js';
import { verifyAuditChain, type ChainBreak } from './verify-chain.js';

/** Entries a page when none is asked for, and the most one page holds. */
export const DEFAULT_TRAIL_PAGE = 50;
export const MAX_TRAIL_PAGE = 200;

/** One entry of the audit chain as the console shows it. */
export interface TrailEntry {
  seq: number;
  at: string;
  action: string;
  actor: { type: string; id: string | null };
  /** The organisation's public id; null for platform-wide events. */
  issuerId: string | null;
  targetId: string | null;
  /** Statuses, kinds, counts and flags; never free text (see shownDetail). */
  detail: Record<string, string | number | boolean>;
  hash: string;
}

export interface TrailPage {
  entries: TrailEntry[];
  /** Pass as `before` for the next (older) page; null on the last one. */
  nextBefore: number | null;
  /** The actions that occur in this trail, for the filter. */
  actions: string[];
}

/** What the console may filter on (all optional); `issuerId` only for platform admins. */
export interface TrailQuery {
  issuerId?: string | undefined;
  action?: string | undefined;
  actorId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  before?: number | undefined;
  limit?: number | undefined;
}

function isoOrThrow(value: string | undefined, field: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time))
    throw new AppError('INVALID_INPUT', `${field} must be an ISO date or time.`, {
      details: { field },
    });
  return new Date(time).toISOString();
}

async function page(
  ctx: AppContext,
  filter: AuditEntryFilter,
  limit: number,
  scopeOrganisationId: number | undefined,
): Promise<TrailPage> {
  const rows = await listAuditEntries(ctx.db, filter, limit + 1);
  const shown = rows.slice(0, limit);
  const publicIds = new Map<number, string>();
  for (const id of new Set(shown.map((row) => row.organisationId))) {
    if (id === null) continue;
    const organisation = await findOrganisationById(ctx.db, Number(id));
    if (organisation !== undefined) publicIds.set(Number(id), organisation.publicId);
  }
  const entries = shown.map((row) => ({
    seq: Number(row.seq),
    at: row.occurredAt,
    action: row.action,
    actor: { type: row.actorType, id: row.actorType === 'recipient' ? null : row.actorId },
    issuerId:
      row.organisationId === null ? null : (publicIds.get(Number(row.organisationId)) ?? null),
    targetId: row.targetId,
    detail: shownDetail(row.detail),
    hash: row.hash,
  }));
  return {
    entries,
    nextBefore: rows.length > limit ? (entries.at(-1)?.seq ?? null) : null,
    actions: await listAuditActions(ctx.db, scopeOrganisationId),
  };
}

function filterOf(query: TrailQuery): { filter: AuditEntryFilter; limit: number } {
  const limit = query.limit ?? DEFAULT_TRAIL_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TRAIL_PAGE)
    throw new AppError(
      'INVALID_INPUT',
      `limit must be a whole number from 1 to ${MAX_TRAIL_PAGE}.`,
      {
        details: { field: 'limit' },
      },
    );
  const from = isoOrThrow(query.from, 'from');
  const to = isoOrThrow(query.to, 'to');
  return {
    filter: {
      ...(query.action === undefined || query.action === '' ? {} : { action: query.action }),
      ...(query.actorId === undefined || query.actorId === '' ? {} : { actorId: query.actorId }),
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
      ...(query.before === undefined ? {} : { beforeSeq: query.before }),
    },
    limit,
  };
}

/**
 * The whole audit trail for platform admins, newest first, filtered by organisation, action,
 * actor and time (keyset pages by seq). Ids, actions and non-personal detail only.
 */
export async function listPlatformTrail(
  ctx: AppContext,
  actor: Actor | null,
  query: TrailQuery,
): Promise<TrailPage> {
  requirePlatformAdmin(actor);
  const { filter, limit } = filterOf(query);
  if (query.issuerId !== undefined && query.issuerId !== '') {
    const organisation = await findOrganisationByPublicId(ctx.db, query.issuerId);
    if (organisation === undefined)
      throw new AppError('NOT_FOUND', 'No organisation with this id.', {
        details: { field: 'issuerId' },
      });
    return page(ctx, { ...filter, organisationId: organisation.id }, limit, undefined);
  }
  return page(ctx, filter, limit, undefined);
}

/** One organisation's audit trail, for its owners (as the platform trail, scoped). */
export async function listOrganisationTrail(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
  query: TrailQuery,
): Promise<TrailPage> {
  const organisation = await requireOrganisationAccess(ctx, actor, organisationId, 'manage');
  if (actor?.kind !== 'user') throw new AppError('FORBIDDEN', 'Only owners see the audit trail.');
  const membership = await findMembership(ctx.db, actor.userId, organisation.id);
  if (membership?.role !== 'owner')
    throw new AppError('FORBIDDEN', 'Only the organisation’s owners see its audit trail.');
  const { filter, limit } = filterOf(query);
  return page(ctx, { ...filter, organisationId: organisation.id }, limit, organisation.id);
}

/** Where the chain stands, as the console's header says it. */
export interface ChainState {
  ok: boolean;
  /** The check ran from this seq (the newest head anchored in Bitcoin, or 1)… */
  verifiedFromSeq: number;
  /** …up to this one. */
  verifiedUpToSeq: number;
  headHash: string;
  anchoredHeads: number;
  lastAnchoredHead: { seq: number; bitcoinTime: string | null; batchId: string | null } | null;
  break: ChainBreak | null;
}

/**
 * Checks the chain from its newest Bitcoin-anchored head (what came before is vouched for by
 * that anchor and by `certa audit verify`'s full check), for platform admins.
 */
export async function auditChainState(ctx: AppContext, actor: Actor | null): Promise<ChainState> {
  requirePlatformAdmin(actor);
  const result = await verifyAuditChain(ctx.db, { fromAnchor: true });
  const anchored = result.lastAnchoredHead;
  return {
    ok: result.ok,
    verifiedFromSeq: result.fromSeq,
    verifiedUpToSeq: result.head.seq,
    headHash: result.head.hash,
    anchoredHeads: result.anchoredHeads,
    lastAnchoredHead:
      anchored === null
        ? null
        : { seq: anchored.seq, bitcoinTime: anchored.bitcoinTime, batchId: anchored.batchPublicId },
    break: result.break,
  };
}
