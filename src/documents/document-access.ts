import type { AppContext } from '../context.js';
import { DecryptionError } from '../crypto/aead.js';
import { decodeKey } from '../crypto/random.js';
import { isPublicId } from '../crypto/random.js';
import { openRecord, unwrapWithActivationSecret } from '../crypto/document-keys.js';
import {
  findDocumentByPublicId,
  recordFailedActivation,
} from '../db/repositories/document.repository.js';
import type { DocumentRow } from '../db/tables/documents.table.js';
import { AppError } from '../errors.js';
import type { RecipientRecord } from './document.js';

/** Free tries before a document's link is locked; then the lock doubles, up to an hour. */
export const FREE_ACTIVATION_ATTEMPTS = 5;
const MAX_LOCK_MINUTES = 60;

function notFound(): AppError {
  return new AppError('NOT_FOUND', 'No document with this id.');
}

function activationFailed(): AppError {
  return new AppError('ACTIVATION_FAILED', 'This activation link is not valid.');
}

/** Loads a document by public id; NOT_FOUND for unknown or malformed ids. */
export async function loadDocument(ctx: AppContext, documentId: string): Promise<DocumentRow> {
  if (!isPublicId(documentId)) throw notFound();
  const row = await findDocumentByPublicId(ctx.db, documentId);
  if (row === undefined) throw notFound();
  return row;
}

function lockMinutes(attempts: number): number {
  return Math.min(2 ** (attempts - FREE_ACTIVATION_ATTEMPTS), MAX_LOCK_MINUTES);
}

/**
 * Opens wrapA with the secret from the recipient's link and returns the DEK. A wrong secret
 * counts against the document: after FREE_ACTIVATION_ATTEMPTS the link is locked for a time
 * that doubles with each further failure (capped), so the 256-bit secret cannot be guessed
 * online and a bad actor can delay, not destroy, the recipient's access.
 */
export async function unwrapWithSecret(
  ctx: AppContext,
  row: DocumentRow,
  encodedSecret: string,
): Promise<Buffer> {
  const now = ctx.now();
  if (row.activationLockedUntil !== null && row.activationLockedUntil > now.toISOString()) {
    const retryAfterSeconds = Math.ceil(
      (Date.parse(row.activationLockedUntil) - now.getTime()) / 1000,
    );
    throw new AppError('RATE_LIMITED', 'Too many wrong tries for this document; try again later.', {
      details: { retryAfterSeconds },
    });
  }
  const secret = decodeKey(encodedSecret);
  try {
    if (secret === null) throw new DecryptionError();
    return unwrapWithActivationSecret(row.wrapA, secret, row.publicId);
  } catch (error) {
    if (!(error instanceof DecryptionError)) throw error;
    const attempts = row.failedActivationAttempts + 1;
    const lockedUntil =
      attempts >= FREE_ACTIVATION_ATTEMPTS
        ? new Date(now.getTime() + lockMinutes(attempts) * 60_000).toISOString()
        : null;
    await recordFailedActivation(ctx.db, row.id, attempts, lockedUntil);
    throw activationFailed();
  }
}

/** Decrypts the recipient record; a failure here means tampering, never a user mistake. */
export function decryptRecord(row: DocumentRow, dek: Buffer): RecipientRecord {
  try {
    return JSON.parse(
      openRecord(dek, row.recordCiphertext, row.publicId).toString('utf8'),
    ) as RecipientRecord;
  } catch (error) {
    throw new AppError('INTEGRITY_FAILURE', 'The stored document failed its integrity check.', {
      cause: error,
      details: { documentId: row.publicId },
    });
  }
}
