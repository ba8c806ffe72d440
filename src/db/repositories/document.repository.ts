import type { Insertable } from 'kysely';
import type { Executor } from '../database.js';
import { reusableQuery } from '../reusable-query.js';
import type { AnchorDigestKind, DocumentsTable } from '../tables/documents.table.js';

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

/** A page of an organisation's documents, newest first, after the cursor (internal id). */
export function listDocumentsOfOrganisation(
  db: Executor,
  organisationId: number,
  limit: number,
  beforeId: number | null,
) {
  let query = db
    .selectFrom('documents')
    .selectAll()
    .where('organisationId', '=', organisationId)
    .orderBy('id', 'desc')
    .limit(limit);
  if (beforeId !== null) query = query.where('id', '<', beforeId);
  return query.execute();
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

export async function markDocumentRevoked(
  db: Executor,
  id: number,
  values: { revokedAt: string; revocationReason: string },
): Promise<boolean> {
  const result = await db
    .updateTable('documents')
    .set({ ...values, status: 'revoked' })
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'active'])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function insertConsent(
  db: Executor,
  values: { documentId: number; termsVersion: number; acceptedAt: string },
): Promise<void> {
  await db.insertInto('consents').values(values).execute();
}

export function findConsent(db: Executor, documentId: number) {
  return db
    .selectFrom('consents')
    .selectAll()
    .where('documentId', '=', documentId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
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
