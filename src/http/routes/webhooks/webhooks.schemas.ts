import { Type } from 'typebox';
import {
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_TEST_EVENT,
  type WebhookEventType as WebhookEventTypeName,
} from '../../../webhooks/webhook-event.js';
import { Nullable, PublicId } from '../../schemas.js';

/** One of the event types (typed as the union for handlers and the generated console types). */
export const WebhookEventType = Type.Unsafe<WebhookEventTypeName>(
  Type.Union(WEBHOOK_EVENT_TYPES.map((type) => Type.Literal(type))),
);

export const WebhookEndpointView = Type.Object({
  id: Type.String(),
  url: Type.String(),
  description: Type.String(),
  eventTypes: Type.Array(WebhookEventType),
  enabled: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  secretRotatedAt: Nullable(Type.String()),
  previousSecretUntil: Nullable(Type.String()),
});

export const WebhookEndpointWithSecret = Type.Intersect([
  WebhookEndpointView,
  Type.Object({
    secret: Type.String({ description: 'The signing secret, shown this once.' }),
  }),
]);

export const WebhookAttemptView = Type.Object({
  attemptedAt: Type.String(),
  statusCode: Nullable(Type.Integer()),
  durationMs: Type.Integer(),
  error: Nullable(Type.String()),
  responseBody: Nullable(Type.String()),
});

export const WebhookDeliveryStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
]);

export const WebhookDeliveryView = Type.Object({
  id: Type.String(),
  eventId: Type.String(),
  eventType: Type.String(),
  status: WebhookDeliveryStatus,
  attempts: Type.Integer(),
  createdAt: Type.String(),
  lastAttemptAt: Nullable(Type.String()),
  lastStatusCode: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  deliveredAt: Nullable(Type.String()),
  body: Type.String({ description: 'The JSON body sent: ids, states, dates and codes.' }),
  attemptLog: Type.Array(WebhookAttemptView),
});

export const EndpointParams = Type.Object({ organisationId: PublicId, endpointId: PublicId });

export const EndpointFields = {
  url: Type.String({ maxLength: 2000, description: 'https URL on the public Internet.' }),
  description: Type.String({ maxLength: 200 }),
  eventTypes: Type.Array(WebhookEventType, { minItems: 1, maxItems: WEBHOOK_EVENT_TYPES.length }),
  enabled: Type.Boolean(),
};

export const DeliveryQuery = Type.Object({
  status: Type.Optional(WebhookDeliveryStatus),
  eventType: Type.Optional(
    Type.Union([WebhookEventType, Type.Literal(WEBHOOK_TEST_EVENT)], {
      description: 'Only deliveries of this event type.',
    }),
  ),
  before: Type.Optional(PublicId),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});
