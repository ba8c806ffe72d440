import { t, type MessageId } from '../../i18n/index.js';

/** Event types an endpoint can subscribe to, in the order the API lists them. */
export const EVENT_TYPES = [
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
export type EventType = (typeof EVENT_TYPES)[number];

const EVENT_LABELS: Record<EventType | 'webhook.test', MessageId> = {
  'document.issued': 'webhooks.eventTypes.document_issued',
  'document.delivered': 'webhooks.eventTypes.document_delivered',
  'document.delivery_failed': 'webhooks.eventTypes.document_delivery_failed',
  'document.reminded': 'webhooks.eventTypes.document_reminded',
  'document.activated': 'webhooks.eventTypes.document_activated',
  'document.revoked': 'webhooks.eventTypes.document_revoked',
  'document.suspended': 'webhooks.eventTypes.document_suspended',
  'document.reinstated': 'webhooks.eventTypes.document_reinstated',
  'document.superseded': 'webhooks.eventTypes.document_superseded',
  'webhook.test': 'webhooks.eventTypes.webhook_test',
};

/** The event type in words (the type itself when the console does not know it). */
export function eventLabel(type: string): string {
  return Object.hasOwn(EVENT_LABELS, type) ? t(EVENT_LABELS[type as EventType]) : type;
}
