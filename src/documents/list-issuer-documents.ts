import type { Actor } from '../accounts/actor.js';
import { requireOrganisationAccess } from '../accounts/authorize.js';
import { unlockedOrganisationKeys } from '../accounts/unlock-organisation.js';
import { recordSecurityEvent, SECURITY_ACTIONS } from '../audit/security-events.js';
import type { AppContext } from '../context.js';
import { isPublicId } from '../crypto/random.js';
import {
  countOrganisationDocuments,
  findDocumentByPublicId,
  listOrganisationDocuments,
} from '../db/repositories/document.repository.js';
import type {
  DocumentListFilter,
  DocumentListSort,
} from '../db/repositories/document.repository.js';
import { AppError } from '../errors.js';
import type { DocumentState } from './document.js';
import { loadOwnDocument, viewOf } from './issuer-documents.js';
import type { IssuerDocumentView } from './issuer-documents.js';

export const DOCUMENT_LIST_SORTS = ['issuedAt', '-issuedAt', 'title', '-title', 'status'] as const;
export type DocumentListOrder = (typeof DOCUMENT_LIST_SORTS)[number];
export const DOCUMENT_STATES = ['pending', 'active', 'suspended', 'revoked', 'expired'] as const;

/** Page sizes the list accepts; `limit` (the older name) keeps its own ceiling of 200. */
export const PAGE_SIZE = { default: 25, max: 100, legacyMax: 200 } as const;

/**
 * `total` is exact up to this many matching documents; beyond, `totalIsEstimate` is true and
 * `total` is this number ("more than 10,000"), while `next` and further pages keep working.
 * Counting costs time in proportion to the matches on every page request: for an organisation
 * with 100,000 documents (bench/documents-list.bench.ts) an exact count took 4 ms on SQLite and
 * 18 ms on PostgreSQL — a third of the 50 ms first-page budget there, and growing with the
 * organisation — against 0.4 ms and 1.2 ms capped; a title search, which no index serves, would
 * scan every row to count. A console needs no more than "10,000+" (400 pages of 25).
 */
export const EXACT_TOTAL_LIMIT = 10_000;

export interface DocumentListInput {
  organisationId: string;
  page: number;
  pageSize: number;
  /** A document id (exact match) or a piece of the title (case-insensitive). */
  q: string | null;
  state: DocumentState | null;
  /** YYYY-MM-DD, UTC: issued on or after that day / on or before that day. */
  issuedFrom: string | null;
  issuedTo: string | null;
  sort: DocumentListOrder;
  /** The older keyset cursor: continue after this document in newest-first order. */
  before: string | null;
}

export interface DocumentListPage {
  documents: IssuerDocumentView[];
  unlocked: boolean;
  page: number;
  pageSize: number;
  /** Matching documents: exact unless `totalIsEstimate`, then "at least this many". */
  total: number;
  totalIsEstimate: boolean;
  /** The last document's id when the page is full in newest-first order, for `before`. */
  next: string | null;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MAX_QUERY_LENGTH = 200;

function invalid(field: string, message: string): AppError {
  return new AppError('INVALID_INPUT', `${field} ${message}`, { details: { field } });
}

/** Midnight UTC of a YYYY-MM-DD day, plus `days`; INVALID_INPUT for anything else. */
function startOfDay(value: string, field: string, days = 0): string {
  const match = DATE_ONLY.exec(value);
  const [year, month, day] = (match?.slice(1) ?? []).map(Number);
  if (year === undefined || month === undefined || day === undefined)
    throw invalid(field, 'must be a date (YYYY-MM-DD).');
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    throw invalid(field, 'is not a real date.');
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString();
}

function checkPaging(input: DocumentListInput): void {
  if (!Number.isInteger(input.page) || input.page < 1) throw invalid('page', 'must be 1 or more.');
  if (
    !Number.isInteger(input.pageSize) ||
    input.pageSize < 1 ||
    input.pageSize > PAGE_SIZE.legacyMax
  )
    throw invalid('pageSize', `must be between 1 and ${PAGE_SIZE.max}.`);
  if (input.before !== null && input.sort !== '-issuedAt')
    throw invalid('before', 'works only with the default order (sort=-issuedAt).');
}

/**
 * The organisation's documents for the console table: filtered by `q` (a full document id
 * matches exactly; anything else is a case-insensitive piece of the title — titles are stored in
 * the clear, recipient data never is, so it cannot be searched), by state (`expired` is derived
 * from the expiry date against the clock, as verification does), by issue day (UTC, both ends
 * included), sorted, one page at a time with the number of matches (see
 * {@link EXACT_TOTAL_LIMIT}). Recipient data is decrypted only for a user whose session has the
 * organisation key unlocked; otherwise ids and states only.
 */
export async function listIssuerDocuments(
  ctx: AppContext,
  actor: Actor | null,
  input: DocumentListInput,
): Promise<DocumentListPage> {
  checkPaging(input);
  const q = input.q?.trim() ?? '';
  if (q.length > MAX_QUERY_LENGTH)
    throw invalid('q', `must be at most ${MAX_QUERY_LENGTH} characters.`);
  const issuedFrom = input.issuedFrom === null ? null : startOfDay(input.issuedFrom, 'issuedFrom');
  const issuedBefore = input.issuedTo === null ? null : startOfDay(input.issuedTo, 'issuedTo', 1);
  if (issuedFrom !== null && issuedBefore !== null && issuedFrom >= issuedBefore)
    throw invalid('issuedTo', 'must not be before issuedFrom.');

  const organisation = await requireOrganisationAccess(ctx, actor, input.organisationId, 'read');
  const keys = actor === null ? null : unlockedOrganisationKeys(ctx, actor, organisation);
  const after =
    input.before === null ? null : await loadOwnDocument(ctx, organisation, input.before);

  // An id-shaped query is a lookup by id when such a document is ours; otherwise (a title that
  // happens to look like an id) it searches titles like any other text.
  let search: DocumentListFilter['search'] = q === '' ? null : { titleContains: q };
  if (isPublicId(q)) {
    const found = await findDocumentByPublicId(ctx.db, q);
    if (found?.organisationId === organisation.id) search = { publicId: q };
  }
  const filter: DocumentListFilter = {
    organisationId: organisation.id,
    search,
    state: input.state,
    issuedFrom,
    issuedBefore,
    now: ctx.now().toISOString(),
  };
  const sort: DocumentListSort = input.sort;
  const [rows, counted] = await Promise.all([
    listOrganisationDocuments(ctx.db, filter, {
      sort,
      limit: input.pageSize,
      offset: (input.page - 1) * input.pageSize,
      after: after === null ? null : { issuedAt: after.issuedAt, id: after.id },
    }),
    // A lookup by id matches one document at most: the page itself is the count.
    search !== null && 'publicId' in search && input.page === 1 && after === null
      ? null
      : countOrganisationDocuments(ctx.db, filter, EXACT_TOTAL_LIMIT),
  ]);
  const last = rows.at(-1);
  if (keys !== null && actor !== null && rows.length > 0) {
    await recordSecurityEvent(ctx, {
      action: SECURITY_ACTIONS.recipientDataListed,
      actor,
      organisationId: organisation.id,
      detail: { count: rows.length },
    });
  }
  return {
    documents: rows.map((row) => viewOf(ctx, row, keys)),
    unlocked: keys !== null,
    page: input.page,
    pageSize: input.pageSize,
    // Every match of the filter, also after a cursor (which only says where the page starts).
    total: Math.min(counted ?? rows.length, EXACT_TOTAL_LIMIT),
    totalIsEstimate: (counted ?? 0) > EXACT_TOTAL_LIMIT,
    next:
      sort === '-issuedAt' && rows.length === input.pageSize && last !== undefined
        ? last.publicId
        : null,
  };
}
