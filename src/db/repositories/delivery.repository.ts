import { PostgresAdapter } from 'kysely';
import type { Executor } from '../database.js';
import type { DeliveryStateColumn } from '../tables/batches.table.js';

/** Rows per `IN (…)` list: well under both dialects' parameter limits. */
const CHUNK = 500;

/**
 * Sets the delivery state kept on these documents' rows — those issued on their own; a batch's
 * document keeps it on its batch item (batch.repository.ts `setDeliveryStates`) and is left
 * alone, unless `includeUntracked` (a document issued before delivery was recorded, whose row
 * holds no state yet).
 */
export async function setDocumentDeliveryStates(
  db: Executor,
  documentPublicIds: readonly string[],
  values: {
    state: DeliveryStateColumn;
    error: string | null;
    now: string;
    countAttempt: boolean;
    includeUntracked?: boolean;
  },
): Promise<void> {
  for (let start = 0; start < documentPublicIds.length; start += CHUNK) {
    const chunk = documentPublicIds.slice(start, start + CHUNK);
    let query = db
      .updateTable('documents')
      .set((eb) => ({
        deliveryState: values.state,
        deliveryError: values.error,
        deliveryUpdatedAt: values.now,
        ...(values.state === 'sent' ? { deliveredAt: values.now } : {}),
        ...(values.countAttempt ? { deliveryAttempts: eb('deliveryAttempts', '+', 1) } : {}),
      }))
      .where('publicId', 'in', chunk);
    if (values.includeUntracked !== true) query = query.where('deliveryState', 'is not', null);
    await query.execute();
  }
}

/** The document whose current message has this delivery token. */
export function findDocumentByDeliveryToken(db: Executor, token: string) {
  return db
    .selectFrom('documents')
    .select(['id', 'publicId', 'organisationId', 'status', 'deliveryState'])
    .where('deliveryToken', '=', token)
    .executeTakeFirst();
}

/** The batch item of a document (its delivery state and batch), if it came from a batch. */
export function findBatchDeliveryOf(db: Executor, documentPublicId: string) {
  return db
    .selectFrom('batchItems')
    .innerJoin('batches', 'batches.id', 'batchItems.batchId')
    .select([
      'batchItems.deliveryState',
      'batchItems.deliveryError',
      'batchItems.deliveredAt',
      'batchItems.updatedAt',
      'batches.publicId as batchPublicId',
    ])
    .where('batchItems.documentPublicId', '=', documentPublicId)
    .executeTakeFirst();
}

/**
 * Whether `token` is still the document's current one, taking the row's lock until the caller's
 * transaction ends (an UPDATE that changes nothing, as the audit chain's head does): a re-send
 * swapping the token waits for the caller, or — committed first — makes this false, because
 * PostgreSQL re-checks the WHERE on the row's newest version. SQLite runs one transaction at a
 * time anyway.
 */
export async function holdCurrentDeliveryToken(
  db: Executor,
  documentId: number,
  token: string,
): Promise<boolean> {
  const result = await db
    .updateTable('documents')
    .set((eb) => ({ deliveryToken: eb.ref('deliveryToken') }))
    .where('id', '=', documentId)
    .where('deliveryToken', '=', token)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Of these delivery tokens, those still a document's current one, as the documents' public ids,
 * taking each such row's lock until the caller's transaction ends (as
 * {@link holdCurrentDeliveryToken} does for one): an outcome recorded under it cannot land on a
 * message a re-send swapped in meanwhile, whichever commits first. Tokens are unique, so the
 * token alone names its document.
 */
export async function holdCurrentDeliveryTokens(
  db: Executor,
  tokens: readonly string[],
): Promise<string[]> {
  const held: string[] = [];
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (let start = 0; start < tokens.length; start += CHUNK) {
    const chunk = tokens.slice(start, start + CHUNK);
    // PostgreSQL: rows locked in id order, so two recorders holding overlapping documents wait
    // for each other instead of deadlocking. SQLite's writer holds the whole database anyway.
    const rows = postgres
      ? await db
          .selectFrom('documents')
          .select('publicId')
          .where('deliveryToken', 'in', chunk)
          .orderBy('id')
          .forUpdate()
          .execute()
      : await db
          .updateTable('documents')
          .set((eb) => ({ deliveryToken: eb.ref('deliveryToken') }))
          .where('deliveryToken', 'in', chunk)
          .returning('publicId')
          .execute();
    for (const row of rows) held.push(row.publicId);
  }
  return held;
}

/** Gives a document's next message a new delivery token. */
export async function replaceDeliveryToken(
  db: Executor,
  documentId: number,
  token: string,
): Promise<void> {
  await db
    .updateTable('documents')
    .set({ deliveryToken: token })
    .where('id', '=', documentId)
    .execute();
}
