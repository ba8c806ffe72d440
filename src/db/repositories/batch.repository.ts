import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../database.js';
import type {
  BatchesTable,
  BatchItemRow,
  BatchItemsTable,
  BatchRow,
  BatchStateColumn,
  DeliveryStateColumn,
} from '../tables/batches.table.js';
import type { DocumentRow } from '../tables/documents.table.js';

/** Rows per multi-row insert (SQLite's bound-parameter limit allows ~3,000 at 10 columns). */
const CHUNK = 500;

function* chunksOf<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

export async function insertBatch(db: Executor, values: Insertable<BatchesTable>): Promise<number> {
  const row = await db
    .insertInto('batches')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findBatch(
  db: Executor,
  organisationId: number,
  publicId: string,
): Promise<BatchRow | undefined> {
  return db
    .selectFrom('batches')
    .selectAll()
    .where('organisationId', '=', organisationId)
    .where('publicId', '=', publicId)
    .executeTakeFirst();
}

export function findBatchById(db: Executor, id: number): Promise<BatchRow | undefined> {
  return db.selectFrom('batches').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listBatchRows(
  db: Executor,
  organisationId: number,
  page: { limit: number; offset: number },
): Promise<BatchRow[]> {
  return db
    .selectFrom('batches')
    .selectAll()
    .where('organisationId', '=', organisationId)
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countBatchRows(db: Executor, organisationId: number): Promise<number> {
  const row = await db
    .selectFrom('batches')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('organisationId', '=', organisationId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function updateBatch(
  db: Executor,
  id: number,
  values: Updateable<BatchesTable>,
  onlyIn?: readonly BatchStateColumn[],
): Promise<boolean> {
  let query = db.updateTable('batches').set(values).where('id', '=', id);
  if (onlyIn !== undefined) query = query.where('state', 'in', onlyIn);
  const result = await query.executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Takes a batch for one run by `runnerId`: from `validated` or `interrupted`, from `finished`
 * (a re-send of its undelivered, refused or bounced documents: start-batch.ts lets only that
 * start reach here for a finished batch), or from `running` when the process that ran it stopped
 * heart-beating (it died). One statement, so two resumes at once cannot both run it.
 */
export async function claimBatchRun(
  db: Executor,
  values: { id: number; runnerId: string; now: string; expiresAt: string },
): Promise<boolean> {
  const result = await db
    .updateTable('batches')
    .set({
      state: 'running',
      runnerId: values.runnerId,
      runnerExpiresAt: values.expiresAt,
      updatedAt: values.now,
    })
    .where('id', '=', values.id)
    .where((eb) =>
      eb.or([
        eb('state', 'in', ['validated', 'interrupted', 'finished']),
        eb.and([eb('state', '=', 'running'), eb('runnerExpiresAt', '<', values.now)]),
      ]),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Extends the run of a batch this runner holds; false if it lost it (cancelled, taken over). */
export async function heartbeatBatchRun(
  db: Executor,
  values: { id: number; runnerId: string; now: string; expiresAt: string },
): Promise<boolean> {
  const result = await db
    .updateTable('batches')
    .set({ runnerExpiresAt: values.expiresAt, updatedAt: values.now })
    .where('id', '=', values.id)
    .where('state', '=', 'running')
    .where('runnerId', '=', values.runnerId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Inserts batch items, skipping any whose idempotency key the organisation already has (another
 * batch, an earlier run of this one). Returns the document public ids actually inserted: only
 * those documents may be stored, in the same transaction.
 */
export async function insertBatchItems(
  db: Executor,
  rows: readonly Insertable<BatchItemsTable>[],
): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (const chunk of chunksOf(rows, CHUNK)) {
    const result = await db
      .insertInto('batchItems')
      .values(chunk)
      .onConflict((oc) => oc.columns(['organisationId', 'idempotencyKey']).doNothing())
      .returning('documentPublicId')
      .execute();
    for (const row of result) inserted.add(row.documentPublicId);
  }
  return inserted;
}

/** Which of these idempotency keys the organisation has already issued. */
export async function existingRowKeys(
  db: Executor,
  organisationId: number,
  keys: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (const chunk of chunksOf(keys, CHUNK)) {
    if (chunk.length === 0) continue;
    const rows = await db
      .selectFrom('batchItems')
      .select('idempotencyKey')
      .where('organisationId', '=', organisationId)
      .where('idempotencyKey', 'in', chunk)
      .execute();
    for (const row of rows) found.add(row.idempotencyKey);
  }
  return found;
}

/** Sets the delivery state of these documents' items. */
export async function setDeliveryStates(
  db: Executor,
  documentPublicIds: readonly string[],
  values: {
    state: DeliveryStateColumn;
    error: string | null;
    now: string;
    countAttempt: boolean;
  },
): Promise<void> {
  for (const chunk of chunksOf(documentPublicIds, CHUNK)) {
    if (chunk.length === 0) continue;
    await db
      .updateTable('batchItems')
      .set((eb) => ({
        deliveryState: values.state,
        deliveryError: values.error,
        updatedAt: values.now,
        ...(values.state === 'sent' ? { deliveredAt: values.now } : {}),
        ...(values.countAttempt ? { deliveryAttempts: eb('deliveryAttempts', '+', 1) } : {}),
      }))
      .where('documentPublicId', 'in', chunk)
      .execute();
  }
}

/** Counts of a batch's items by delivery state. */
export async function countBatchItems(
  db: Executor,
  batchId: number,
): Promise<Record<DeliveryStateColumn, number>> {
  const rows = await db
    .selectFrom('batchItems')
    .select(['deliveryState', (eb) => eb.fn.countAll<number | string>().as('count')])
    .where('batchId', '=', batchId)
    .groupBy('deliveryState')
    .execute();
  const counts: Record<DeliveryStateColumn, number> = {
    awaiting: 0,
    sent: 0,
    deferred: 0,
    rejected: 0,
    bounced: 0,
  };
  for (const row of rows) counts[row.deliveryState] = Number(row.count);
  return counts;
}

export interface BatchItemWithDocument extends BatchItemRow {
  readonly documentStatus: string;
}

/** A page of a batch's items with their document's status, by row, filtered by delivery state. */
export function listBatchItems(
  db: Executor,
  batchId: number,
  filter: { states?: readonly DeliveryStateColumn[]; limit: number; offset: number },
): Promise<BatchItemWithDocument[]> {
  let query = db
    .selectFrom('batchItems')
    .innerJoin('documents', 'documents.publicId', 'batchItems.documentPublicId')
    .selectAll('batchItems')
    .select('documents.status as documentStatus')
    .where('batchItems.batchId', '=', batchId);
  if (filter.states !== undefined && filter.states.length > 0)
    query = query.where('batchItems.deliveryState', 'in', filter.states);
  return query.orderBy('batchItems.rowNumber').limit(filter.limit).offset(filter.offset).execute();
}

/** The pending documents of a batch whose delivery is in one of these states (to re-key). */
export function pendingDocumentsToDeliver(
  db: Executor,
  batchId: number,
  states: readonly DeliveryStateColumn[],
  limit: number,
  afterId: number,
): Promise<DocumentRow[]> {
  return db
    .selectFrom('documents')
    .innerJoin('batchItems', 'batchItems.documentPublicId', 'documents.publicId')
    .selectAll('documents')
    .where('batchItems.batchId', '=', batchId)
    .where('batchItems.deliveryState', 'in', states)
    .where('documents.status', '=', 'pending')
    .where('documents.id', '>', afterId)
    .orderBy('documents.id')
    .limit(limit)
    .execute();
}

/** Public ids of a batch's documents (revocation by batch). */
export async function documentIdsOfBatch(db: Executor, batchId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('batchItems')
    .select('documentPublicId')
    .where('batchId', '=', batchId)
    .orderBy('rowNumber')
    .execute();
  return rows.map((row) => row.documentPublicId);
}

export async function findSavedMapping(
  db: Executor,
  organisationId: number,
  template: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('batchMappings')
    .select('mapping')
    .where('organisationId', '=', organisationId)
    .where('template', '=', template)
    .executeTakeFirst();
  return row?.mapping;
}

export async function saveMapping(
  db: Executor,
  values: { organisationId: number; template: string; mapping: string; now: string },
): Promise<void> {
  await db
    .insertInto('batchMappings')
    .values({
      organisationId: values.organisationId,
      template: values.template,
      mapping: values.mapping,
      updatedAt: values.now,
    })
    .onConflict((oc) =>
      oc
        .columns(['organisationId', 'template'])
        .doUpdateSet({ mapping: values.mapping, updatedAt: values.now }),
    )
    .execute();
}

export async function insertBatchUpload(
  db: Executor,
  batchId: number,
  sealed: Buffer,
): Promise<void> {
  await db.insertInto('batchUploads').values({ batchId, sealed }).execute();
}

export async function findBatchUpload(db: Executor, batchId: number): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('batchUploads')
    .select('sealed')
    .where('batchId', '=', batchId)
    .executeTakeFirst();
  return row?.sealed;
}

export async function deleteBatchUpload(db: Executor, batchId: number): Promise<void> {
  await db.deleteFrom('batchUploads').where('batchId', '=', batchId).execute();
}

/** Whether a batch's sealed upload is still stored (without reading it). */
export async function hasBatchUpload(db: Executor, batchId: number): Promise<boolean> {
  const row = await db
    .selectFrom('batchUploads')
    .select('batchId')
    .where('batchId', '=', batchId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Deletes the sealed uploads of the batches these documents were issued from (DESIGN §3, erasure):
 * an erased person's row must not wait in an unfinished batch's file. Finished and cancelled
 * batches have none left. The batches whose upload goes are marked `upload_erased` first, so
 * their page says why they end short (the caller's transaction holds both).
 */
export async function deleteBatchUploadsOfDocuments(
  db: Executor,
  documentPublicIds: readonly string[],
): Promise<void> {
  if (documentPublicIds.length === 0) return;
  await db
    .updateTable('batches')
    .set({ shortReason: 'upload_erased' })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('batchUploads')
        .innerJoin('batchItems', 'batchItems.batchId', 'batchUploads.batchId')
        .select('batchUploads.batchId')
        .where('batchItems.documentPublicId', 'in', documentPublicIds),
    )
    .execute();
  await db
    .deleteFrom('batchUploads')
    .where('batchId', 'in', (eb) =>
      eb
        .selectFrom('batchItems')
        .select('batchItems.batchId')
        .where('batchItems.documentPublicId', 'in', documentPublicIds),
    )
    .execute();
}
