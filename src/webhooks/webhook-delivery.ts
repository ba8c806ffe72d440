import type { WebhookAttemptRow, WebhookDeliveryRow } from '../db/tables/webhooks.table.js';

/** One attempt as the delivery log shows it. */
export interface WebhookAttemptView {
  attemptedAt: string;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  /** The first 1 KiB of the receiver's answer. */
  responseBody: string | null;
}

/** A delivery with its attempts, as the API and the console show it. */
export interface WebhookDeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  createdAt: string;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  /** The JSON body sent (ids, states, dates, codes). */
  body: string;
  attemptLog: WebhookAttemptView[];
}

export function deliveryView(
  row: WebhookDeliveryRow,
  attempts: readonly WebhookAttemptRow[],
): WebhookDeliveryView {
  return {
    id: row.publicId,
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.createdAt,
    lastAttemptAt: row.lastAttemptAt,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    deliveredAt: row.deliveredAt,
    body: row.body,
    attemptLog: attempts.map((attempt) => ({
      attemptedAt: attempt.attemptedAt,
      statusCode: attempt.statusCode,
      durationMs: attempt.durationMs,
      error: attempt.error,
      responseBody: attempt.responseBody,
    })),
  };
}
