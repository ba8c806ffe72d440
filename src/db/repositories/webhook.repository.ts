import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../database.js';
import type {
  WebhookAttemptsTable,
  WebhookDeliveriesTable,
  WebhookDeliveryStatus,
  WebhookEndpointsTable,
} from '../tables/webhooks.table.js';

export async function insertWebhookEndpoint(
  db: Executor,
  values: Insertable<WebhookEndpointsTable>,
): Promise<number> {
  const row = await db
    .insertInto('webhookEndpoints')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function listWebhookEndpoints(db: Executor, organisationId: number) {
  return db
    .selectFrom('webhookEndpoints')
    .selectAll()
    .where('organisationId', '=', organisationId)
    .orderBy('id')
    .execute();
}

/** The organisation's enabled endpoints (each filters the event types itself). */
export function listEnabledWebhookEndpoints(db: Executor, organisationId: number) {
  return db
    .selectFrom('webhookEndpoints')
    .select(['id', 'eventTypes'])
    .where('organisationId', '=', organisationId)
    .where('enabled', '=', 1)
    .orderBy('id')
    .execute();
}

export function findWebhookEndpoint(db: Executor, organisationId: number, publicId: string) {
  return db
    .selectFrom('webhookEndpoints')
    .selectAll()
    .where('organisationId', '=', organisationId)
    .where('publicId', '=', publicId)
    .executeTakeFirst();
}

export function findWebhookEndpointById(db: Executor, id: number) {
  return db.selectFrom('webhookEndpoints').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateWebhookEndpoint(
  db: Executor,
  id: number,
  values: Updateable<WebhookEndpointsTable>,
): Promise<void> {
  await db.updateTable('webhookEndpoints').set(values).where('id', '=', id).execute();
}

/** Deletes the endpoint with its deliveries and their attempts. */
export async function deleteWebhookEndpoint(db: Executor, id: number): Promise<void> {
  const deliveries = db.selectFrom('webhookDeliveries').select('id').where('endpointId', '=', id);
  await db.deleteFrom('webhookAttempts').where('deliveryId', 'in', deliveries).execute();
  await db.deleteFrom('webhookDeliveries').where('endpointId', '=', id).execute();
  await db.deleteFrom('webhookEndpoints').where('id', '=', id).execute();
}

/** Inserts deliveries and returns their ids in the same order. */
export async function insertWebhookDeliveries(
  db: Executor,
  rows: readonly Insertable<WebhookDeliveriesTable>[],
): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insertInto('webhookDeliveries')
    .values([...rows])
    .returning(['id', 'publicId'])
    .execute();
  const byPublicId = new Map(inserted.map((row) => [row.publicId, row.id]));
  return rows.map((row) => byPublicId.get(row.publicId)!);
}

export function findWebhookDeliveryById(db: Executor, id: number) {
  return db.selectFrom('webhookDeliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findWebhookDelivery(db: Executor, endpointId: number, publicId: string) {
  return db
    .selectFrom('webhookDeliveries')
    .selectAll()
    .where('endpointId', '=', endpointId)
    .where('publicId', '=', publicId)
    .executeTakeFirst();
}

/** One page of an endpoint's deliveries, newest first, before the cursor `beforeId`. */
export function listWebhookDeliveries(
  db: Executor,
  endpointId: number,
  filter: {
    status?: WebhookDeliveryStatus;
    eventType?: string;
    beforeId?: number;
    limit: number;
  },
) {
  let query = db
    .selectFrom('webhookDeliveries')
    .selectAll()
    .where('endpointId', '=', endpointId)
    .orderBy('id', 'desc')
    .limit(filter.limit);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.eventType !== undefined) query = query.where('eventType', '=', filter.eventType);
  if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
  return query.execute();
}

export function listWebhookAttempts(db: Executor, deliveryIds: readonly number[]) {
  if (deliveryIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('webhookAttempts')
    .selectAll()
    .where('deliveryId', 'in', [...deliveryIds])
    .orderBy('id')
    .execute();
}

/** Records one attempt and the delivery's state after it. */
export async function recordWebhookAttempt(
  db: Executor,
  attempt: Insertable<WebhookAttemptsTable>,
  delivery: { status: WebhookDeliveryStatus; deliveredAt: string | null },
): Promise<void> {
  await db.insertInto('webhookAttempts').values(attempt).execute();
  await db
    .updateTable('webhookDeliveries')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      status: delivery.status,
      lastAttemptAt: attempt.attemptedAt,
      lastStatusCode: attempt.statusCode ?? null,
      lastError: attempt.error ?? null,
      deliveredAt: delivery.deliveredAt,
    }))
    .where('id', '=', attempt.deliveryId)
    .execute();
}

/** Puts a delivery back to pending (a redelivery); its attempts stay in the log. */
export async function markWebhookDeliveryPending(db: Executor, id: number): Promise<void> {
  await db
    .updateTable('webhookDeliveries')
    .set({ status: 'pending', deliveredAt: null })
    .where('id', '=', id)
    .execute();
}

export async function markWebhookDeliveryFailed(db: Executor, id: number): Promise<void> {
  await db
    .updateTable('webhookDeliveries')
    .set({ status: 'failed' })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}
