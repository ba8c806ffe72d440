/**
 * The events an issuer's system can subscribe to (DESIGN §5 "Webhooks"). Each is about one
 * document; its data holds ids, states, dates and reason codes — never the recipient's name,
 * e-mail address or fields, nor the issuer's free-text reasons (they may name people).
 * `document.reminded`: a reminder with a new activation link was handed to the relay (its own
 * type: `document.delivered` means the first link's delivery, and receivers count on that).
 */
export const WEBHOOK_EVENT_TYPES = [
  'document.issued',
  'document.delivered',
  'document.delivery_failed',
  'document.reminded',
  'document.activated',
  'document.revoked',
  'document.suspended',
  'document.reinstated',
  'document.superseded',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent only by "send a test event", to one endpoint, whatever it subscribed to. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

/** What an event may carry: ids, states, ISO dates, codes, counts and flags. */
export type WebhookEventData = Readonly<Record<string, string | number | boolean | null>>;

/** An event as callers emit it: the document it is about and what happened. */
export interface WebhookEvent {
  readonly type: WebhookEventType;
  /** ISO 8601 time of the change (the caller's clock). */
  readonly occurredAt: string;
  /** The document's public id. */
  readonly documentId: string;
  /** State, dates and codes; never personal data. */
  readonly data?: WebhookEventData;
}

/** The JSON body every attempt of one delivery POSTs, byte for byte. */
export interface WebhookBody {
  /** The event's id, also sent as `Certa-Event-Id`: receivers de-duplicate on it. */
  readonly id: string;
  readonly type: WebhookEventType | typeof WEBHOOK_TEST_EVENT;
  readonly createdAt: string;
  /** The organisation's public id. */
  readonly organisationId: string;
  readonly data: WebhookEventData;
}

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}
