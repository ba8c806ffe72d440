import { randomPublicId } from '../crypto/random.js';
import type { Executor } from '../db/database.js';
import { findOrganisationById } from '../db/repositories/organisation.repository.js';
import {
  insertWebhookDeliveries,
  listEnabledWebhookEndpoints,
} from '../db/repositories/webhook.repository.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import type { WebhookBody, WebhookEvent } from './webhook-event.js';

/** The durable job that sends one delivery (src/jobs/webhook-deliver.job.ts). */
export const WEBHOOK_DELIVER_JOB = 'webhook.deliver';

/**
 * Tries per delivery before it is marked failed; the jobs module spaces them with exponential
 * backoff and jitter (5 s doubling up to 1 h: a receiver down for about five hours still gets
 * the event).
 */
export const WEBHOOK_MAX_ATTEMPTS = 16;

/** Rows per multi-row insert (PostgreSQL caps bind parameters at 65,535). */
const INSERT_CHUNK = 500;

/**
 * Emits one event to every enabled endpoint of the organisation subscribed to its type: a
 * delivery row each (the signed body is fixed now) and a `webhook.deliver` job each, written
 * with `db` — pass the transaction of the state change, so the event exists exactly when the
 * change does. Costs one query when the organisation has no endpoint.
 *
 * @returns how many deliveries were queued
 */
export async function emitWebhookEvent(
  db: Executor,
  organisationId: number,
  event: WebhookEvent,
): Promise<number> {
  return emitWebhookEvents(db, organisationId, [event]);
}

/** {@link emitWebhookEvent} for many events at once (a batch): multi-row inserts. */
export async function emitWebhookEvents(
  db: Executor,
  organisationId: number,
  events: readonly WebhookEvent[],
): Promise<number> {
  if (events.length === 0) return 0;
  const endpoints = await listEnabledWebhookEndpoints(db, organisationId);
  if (endpoints.length === 0) return 0;
  const subscribers = endpoints.map((endpoint) => ({
    id: endpoint.id,
    types: new Set(endpoint.eventTypes.split(' ')),
  }));
  const organisation = await findOrganisationById(db, organisationId);
  if (organisation === undefined) return 0;
  const rows: Array<{
    publicId: string;
    endpointId: number;
    eventId: string;
    eventType: string;
    body: string;
    status: 'pending';
    attempts: number;
    createdAt: string;
  }> = [];
  for (const event of events) {
    const targets = subscribers.filter((endpoint) => endpoint.types.has(event.type));
    if (targets.length === 0) continue;
    const body: WebhookBody = {
      id: `evt_${randomPublicId()}`,
      type: event.type,
      createdAt: event.occurredAt,
      organisationId: organisation.publicId,
      data: { documentId: event.documentId, ...withoutAddresses(event.data) },
    };
    const json = JSON.stringify(body);
    for (const endpoint of targets) {
      rows.push({
        publicId: randomPublicId(),
        endpointId: endpoint.id,
        eventId: body.id,
        eventType: event.type,
        body: json,
        status: 'pending',
        attempts: 0,
        createdAt: event.occurredAt,
      });
    }
  }
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK);
    const ids = await insertWebhookDeliveries(db, chunk);
    for (const [index, deliveryId] of ids.entries()) {
      await enqueueDelivery(db, organisationId, deliveryId, new Date(chunk[index]!.createdAt));
    }
  }
  return rows.length;
}

const ADDRESS = /[^\s<>"'(),;:@]+@[^\s<>"'(),;:@]+/g;

/**
 * The event's data with any e-mail address in a text replaced by `[address]`: a relay's reply
 * quoted as a reason ("550 5.1.1 <zoe@example.org>: no such user") must not carry the
 * recipient's address to another system.
 */
function withoutAddresses(data: WebhookEvent['data']): WebhookEvent['data'] {
  if (data === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => [
      key,
      typeof value === 'string' ? value.replace(ADDRESS, '[address]') : value,
    ]),
  );
}

/** Queues the job that sends one delivery (also used by redeliveries and test events). */
export async function enqueueDelivery(
  db: Executor,
  organisationId: number,
  deliveryId: number,
  now: Date,
): Promise<void> {
  await enqueueJob(db, {
    kind: WEBHOOK_DELIVER_JOB,
    payload: { deliveryId },
    organisationId,
    maxAttempts: WEBHOOK_MAX_ATTEMPTS,
    now,
  });
}
