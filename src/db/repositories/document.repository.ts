import type { Insertable } from 'kysely';
import type { Executor } from '../database.js';
import type { AnchorDigestKind, DocumentsTable } from '../tables/documents.table.js';

export async function insertDocument(
  db: Executor,
  values: Insertable<DocumentsTable>,
): Promise<number> {
  const row = await db
    .insertInto('documents')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findDocumentByPublicId(db: Executor, publicId: string) {
  return db.selectFrom('documents').selectAll().where('publicId', '=', publicId).executeTakeFirst();
}

export function findDocumentByPdfSha256(db: Executor, sha256: string) {
  return db.selectFrom('documents').selectAll().where('pdfSha256', '=', sha256).executeTakeFirst();
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

export function findAnchorDigests(db: Executor, documentId: number) {
  return db
    .selectFrom('anchorDigests')
    .selectAll()
    .where('documentId', '=', documentId)
    .orderBy('id')
    .execute();
}
