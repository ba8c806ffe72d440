import type { Generated, Selectable } from 'kysely';

/** An organisation's webhook endpoint (DESIGN §5 "Webhooks"). */
export interface WebhookEndpointsTable {
  id: Generated<number>;
  publicId: string;
  organisationId: number;
  /** An https URL (plain http only towards loopback when private addresses are allowed). */
  url: string;
  description: string;
  /** Subscribed event types, space-separated. */
  eventTypes: string;
  /** 1 = deliveries are made, 0 = none. */
  enabled: number;
  /** The signing secret, AES-256-GCM under a master-key subkey, bound to publicId. */
  secretSealed: Buffer;
  /** The secret before the last rotation, still signed with until previousSecretUntil. */
  previousSecretSealed: Buffer | null;
  previousSecretUntil: string | null;
  createdAt: string;
  updatedAt: string;
  secretRotatedAt: string | null;
}

export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** One event for one endpoint; its body is sent as is by every attempt. */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  publicId: string;
  endpointId: number;
  /** Sent as `Certa-Event-Id`: the same for every attempt and redelivery of this event. */
  eventId: string;
  eventType: string;
  /** The JSON body: ids, states, dates and reason codes, never personal data. */
  body: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  createdAt: string;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
}

/** One HTTP attempt of a delivery. */
export interface WebhookAttemptsTable {
  id: Generated<number>;
  deliveryId: number;
  attemptedAt: string;
  /** The receiver's HTTP status; null when no answer came (refused, timeout, SSRF guard). */
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  /** The first bytes of the receiver's answer (truncated). */
  responseBody: string | null;
}

export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type WebhookAttemptRow = Selectable<WebhookAttemptsTable>;
