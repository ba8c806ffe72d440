import { PostgresAdapter, sql } from 'kysely';
import type { Expression, ExpressionBuilder, Insertable, SqlBool } from 'kysely';
import type { Executor } from '../database.js';
import { reusableQuery } from '../reusable-query.js';
import type { AnchorDigestKind, DocumentsTable } from '../tables/documents.table.js';
import type { Database } from '../tables/index.js';

/**
 * Inserts many documents with as few statements as the parameter limits allow; returns each
 * row's id by public id (RETURNING order is not guaranteed on SQLite).
 */
export async function insertDocuments(
  db: Executor,
  rows: readonly Insertable<DocumentsTable>[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const chunk of chunksOf(rows, INSERT_CHUNK_ROWS)) {
    const inserted = await db
      .insertInto('documents')
      .values([...chunk])
      .returning(['id', 'publicId'])
      .execute();
    for (const row of inserted) ids.set(row.publicId, row.id);
  }
  return ids;
}

/** Rows per multi-row INSERT: ~20 columns × 400 stays far below SQLite's and PostgreSQL's limits. */
const INSERT_CHUNK_ROWS = 400;

function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    chunks.push(items.slice(start, start + size));
  return chunks;
}

export function findDocumentByPublicId(db: Executor, publicId: string) {
  return db.selectFrom('documents').selectAll().where('publicId', '=', publicId).executeTakeFirst();
}

const documentByPdfSha256 = reusableQuery((db, sha256: string) =>
  db.selectFrom('documents').selectAll().where('pdfSha256', '=', sha256),
);

/** The document whose PDF has this SHA-256 (the verify hot path: a reusable query). */
export async function findDocumentByPdfSha256(db: Executor, sha256: string) {
  return (await documentByPdfSha256(db, sha256))[0];
}

/** Records a failed activation try and, past the threshold, a lock until `lockedUntil`. */
export async function recordFailedActivation(
  db: Executor,
  id: number,
  attempts: number,
  lockedUntil: string | null,
): Promise<void> {
  await db
    .updateTable('documents')
    .set({ failedActivationAttempts: attempts, activationLockedUntil: lockedUntil })
    .where('id', '=', id)
    .execute();
}

/** Moves a pending document to active; false if someone else got there first. */
export async function markDocumentActive(
  db: Executor,
  id: number,
  values: { wrapM: Buffer; activatedAt: string; pdfSha256: string; pdfFile: string },
): Promise<boolean> {
  const result = await db
    .updateTable('documents')
    .set({ ...values, status: 'active', failedActivationAttempts: 0, activationLockedUntil: null })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Revokes a pending, active or suspended document; false when it is already revoked. */
export async function markDocumentRevoked(
  db: Executor,
  id: number,
  values: {
    revokedAt: string;
    revocationReason: string;
    revocationCode: string;
    supersededBy?: string;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('documents')
    .set({ ...values, status: 'revoked' })
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'active', 'suspended'])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Suspends an active document not expired at `now`; false when it is not (any more). */
export async function markDocumentSuspended(
  db: Executor,
  id: number,
  values: { suspendedAt: string; suspensionReason: string },
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('documents')
    .set({ ...values, status: 'suspended' })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('expiresAt', 'is', null), eb('expiresAt', '>', now)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ends a suspension: the document is active again; false when it was not suspended. */
export async function markDocumentReinstated(db: Executor, id: number): Promise<boolean> {
  const result = await db
    .updateTable('documents')
    .set({ status: 'active', suspendedAt: null, suspensionReason: null })
    .where('id', '=', id)
    .where('status', '=', 'suspended')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Queues a digest for anchoring (DESIGN §2); the anchoring worker takes them in batches. */
export async function queueAnchorDigest(
  db: Executor,
  values: { digest: string; kind: AnchorDigestKind; documentId: number; queuedAt: string },
): Promise<void> {
  await db
    .insertInto('anchorDigests')
    .values({ ...values, status: 'queued' })
    .execute();
}

/** Queues many digests for anchoring (see {@link queueAnchorDigest}). */
export async function queueAnchorDigests(
  db: Executor,
  rows: readonly { digest: string; kind: AnchorDigestKind; documentId: number; queuedAt: string }[],
): Promise<void> {
  for (const chunk of chunksOf(rows, INSERT_CHUNK_ROWS)) {
    await db
      .insertInto('anchorDigests')
      .values(chunk.map((row) => ({ ...row, status: 'queued' as const })))
      .execute();
  }
}

export function findAnchorDigests(db: Executor, documentId: number) {
  return db
    .selectFrom('anchorDigests')
    .selectAll()
    .where('documentId', '=', documentId)
    .orderBy('id')
    .execute();
}

// ---------------------------------------------------------------------------------------------
// The issuer console: list, dashboard, timeline, new activation links.

/** A document's state as the console filters it; `expired` is derived from `expires_at`. */
export type DocumentStateFilter = 'pending' | 'active' | 'suspended' | 'revoked' | 'expired';

/** Orders of the console list; `-` is descending. `status` orders by state, newest first within. */
export type DocumentListSort = 'issuedAt' | '-issuedAt' | 'title' | '-title' | 'status';

/** What narrows an organisation's documents in the console list (all optional but the org). */
export interface DocumentListFilter {
  readonly organisationId: number;
  /** Exact public id, or a title substring (matched case-insensitively). */
  readonly search: { readonly publicId: string } | { readonly titleContains: string } | null;
  readonly state: DocumentStateFilter | null;
  /** Issued at or after this instant (ISO-8601). */
  readonly issuedFrom: string | null;
  /** Issued strictly before this instant (ISO-8601). */
  readonly issuedBefore: string | null;
  /** The clock `expired` is judged by (ISO-8601). */
  readonly now: string;
}

type DocumentsExpression = ExpressionBuilder<Database, 'documents'>;

function isPostgres(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** `%`, `_` and `\` taken literally in a LIKE pattern (with `escape '\'`). */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function notExpired(eb: DocumentsExpression, now: string): Expression<SqlBool> {
  return eb.or([eb('expiresAt', 'is', null), eb('expiresAt', '>', now)]);
}

function stateCondition(
  eb: DocumentsExpression,
  state: DocumentStateFilter,
  now: string,
): Expression<SqlBool> {
  switch (state) {
    case 'revoked':
      return eb('status', '=', 'revoked');
    case 'expired':
      return eb.and([
        eb('status', '!=', 'revoked'),
        eb('expiresAt', 'is not', null),
        eb('expiresAt', '<=', now),
      ]);
    case 'pending':
    case 'active':
    case 'suspended':
      return eb.and([eb('status', '=', state), notExpired(eb, now)]);
  }
}

function filterConditions(
  db: Executor,
  eb: DocumentsExpression,
  filter: DocumentListFilter,
): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [eb('organisationId', '=', filter.organisationId)];
  if (filter.search !== null && 'publicId' in filter.search) {
    conditions.push(eb('publicId', '=', filter.search.publicId));
  } else if (filter.search !== null) {
    // PostgreSQL's ILIKE folds every letter's case; SQLite's LIKE folds ASCII letters only.
    const pattern = `%${likeLiteral(filter.search.titleContains)}%`;
    const operator = sql.raw(isPostgres(db) ? 'ilike' : 'like');
    conditions.push(sql<SqlBool>`${eb.ref('title')} ${operator} ${pattern} escape '\\'`);
  }
  if (filter.state !== null) conditions.push(stateCondition(eb, filter.state, filter.now));
  if (filter.issuedFrom !== null) conditions.push(eb('issuedAt', '>=', filter.issuedFrom));
  if (filter.issuedBefore !== null) conditions.push(eb('issuedAt', '<', filter.issuedBefore));
  return eb.and(conditions);
}

/** The state as a number that sorts awaiting activation, active, suspended, expired, revoked. */
function stateRank(eb: DocumentsExpression, now: string) {
  return eb
    .case()
    .when('status', '=', 'revoked')
    .then(4)
    .when(eb.and([eb('expiresAt', 'is not', null), eb('expiresAt', '<=', now)]))
    .then(3)
    .when('status', '=', 'suspended')
    .then(2)
    .when('status', '=', 'active')
    .then(1)
    .else(0)
    .end();
}

/**
 * One page of an organisation's documents, filtered and sorted; ties are broken by id (in the
 * direction of the sort for titles, newest first otherwise) so that pages never overlap. `after` continues the default newest-first order after a
 * document (the keyset cursor of the older API), `offset` skips rows (page numbers).
 */
export function listOrganisationDocuments(
  db: Executor,
  filter: DocumentListFilter,
  page: {
    sort: DocumentListSort;
    limit: number;
    offset: number;
    after: { issuedAt: string; id: number } | null;
  },
) {
  let query = db
    .selectFrom('documents')
    .selectAll()
    .where((eb) => filterConditions(db, eb, filter));
  const after = page.after;
  if (after !== null) {
    query = query.where((eb) =>
      eb.or([
        eb('issuedAt', '<', after.issuedAt),
        eb.and([eb('issuedAt', '=', after.issuedAt), eb('id', '<', after.id)]),
      ]),
    );
  }
  switch (page.sort) {
    case 'issuedAt':
      query = query.orderBy('issuedAt', 'asc').orderBy('id', 'asc');
      break;
    case '-issuedAt':
      query = query.orderBy('issuedAt', 'desc').orderBy('id', 'desc');
      break;
    // Ties in the index's own order, so that the (organisation, title, id) index serves the
    // whole ORDER BY, either way, without sorting the rows of a common title.
    case 'title':
      query = query.orderBy('title', 'asc').orderBy('id', 'asc');
      break;
    case '-title':
      query = query.orderBy('title', 'desc').orderBy('id', 'desc');
      break;
    case 'status':
      query = query
        .orderBy((eb) => stateRank(eb, filter.now), 'asc')
        .orderBy('issuedAt', 'desc')
        .orderBy('id', 'desc');
      break;
  }
  return query.limit(page.limit).offset(page.offset).execute();
}

/**
 * How many documents match, counting at most `cap + 1` of them: the caller learns the exact
 * number up to `cap` and only "more than `cap`" beyond it, so that counting never costs more
 * than reading `cap` index entries, however large the organisation.
 */
export async function countOrganisationDocuments(
  db: Executor,
  filter: DocumentListFilter,
  cap: number,
): Promise<number> {
  const matching = db
    .selectFrom('documents')
    .select(sql<number>`1`.as('one'))
    .where((eb) => filterConditions(db, eb, filter))
    .limit(cap + 1)
    .as('matching');
  const row = await db
    .selectFrom(matching)
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** An organisation's documents by state (each counted once, as `documentState` says), and ever activated. */
export async function countOrganisationDocumentsByState(
  db: Executor,
  organisationId: number,
  now: string,
): Promise<{ all: number; activated: number } & Record<DocumentStateFilter, number>> {
  const rows = await db
    .selectFrom('documents')
    .select((eb) => [
      stateRank(eb, now).as('rank'),
      eb.case().when('activatedAt', 'is not', null).then(1).else(0).end().as('wasActivated'),
      eb.fn.countAll<number | string | bigint>().as('n'),
    ])
    .where('organisationId', '=', organisationId)
    .groupBy(['rank', 'wasActivated'])
    .execute();
  const counts = {
    all: 0,
    activated: 0,
    pending: 0,
    active: 0,
    suspended: 0,
    expired: 0,
    revoked: 0,
  };
  const byRank = ['pending', 'active', 'suspended', 'expired', 'revoked'] as const;
  for (const row of rows) {
    const n = Number(row.n);
    const state = byRank[Number(row.rank)];
    if (state !== undefined) counts[state] += n;
    counts.all += n;
    if (Number(row.wasActivated) === 1) counts.activated += n;
  }
  return counts;
}

/**
 * Documents issued and activated per UTC day (YYYY-MM-DD) since `since` (an ISO instant at
 * midnight UTC); days without any are absent.
 */
export async function countOrganisationDocumentsPerDay(
  db: Executor,
  organisationId: number,
  since: string,
): Promise<{ issued: Map<string, number>; activated: Map<string, number> }> {
  const dayOf = (column: 'issued_at' | 'activated_at') =>
    isPostgres(db)
      ? sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD')`
      : sql<string>`substr(${sql.ref(column)}, 1, 10)`;
  const issued = await db
    .selectFrom('documents')
    .select([dayOf('issued_at').as('day'), (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('organisationId', '=', organisationId)
    .where('issuedAt', '>=', since)
    .groupBy('day')
    .execute();
  const activated = await db
    .selectFrom('documents')
    .select([dayOf('activated_at').as('day'), (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('organisationId', '=', organisationId)
    .where('activatedAt', '>=', since)
    .groupBy('day')
    .execute();
  const asMap = (rows: ReadonlyArray<{ day: string; n: number | string }>) =>
    new Map(rows.map((row) => [row.day, Number(row.n)]));
  return { issued: asMap(issued), activated: asMap(activated) };
}

/**
 * Gives a pending document a new activation wrap (and, when the record changed, its new
 * ciphertext, organisation wrap and commitment), and clears its failed-activation count and
 * lock. Compare-and-swap on the wrap it replaces: false when the document was activated,
 * revoked or given another link meanwhile, and then nothing changed.
 */
export async function replaceActivationWrap(
  db: Executor,
  id: number,
  previousWrapA: Buffer,
  values: {
    wrapA: Buffer;
    recordCiphertext?: Buffer;
    wrapB?: Buffer;
    organisationKeyId?: number;
    commitment?: string;
    /** The corrected address's blind index (src/privacy/email-index.ts). */
    recipientEmailIndex?: string;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('documents')
    .set({ ...values, failedActivationAttempts: 0, activationLockedUntil: null })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('wrapA', '=', previousWrapA)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
