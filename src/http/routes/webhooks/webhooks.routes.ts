import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.js';
import { createWebhookEndpoint } from '../../../webhooks/create-webhook-endpoint.js';
import { deleteWebhookEndpoint } from '../../../webhooks/delete-webhook-endpoint.js';
import { listWebhookDeliveries } from '../../../webhooks/list-webhook-deliveries.js';
import {
  getWebhookEndpoint,
  listWebhookEndpoints,
} from '../../../webhooks/list-webhook-endpoints.js';
import { redeliverWebhook } from '../../../webhooks/redeliver-webhook.js';
import { rotateWebhookSecret } from '../../../webhooks/rotate-webhook-secret.js';
import { sendTestWebhook } from '../../../webhooks/send-test-webhook.js';
import { updateWebhookEndpoint } from '../../../webhooks/update-webhook-endpoint.js';
import { BearerSecurity, errors, PublicId } from '../../schemas.js';
import {
  DeliveryQuery,
  EndpointFields,
  EndpointParams,
  WebhookDeliveryView,
  WebhookEndpointView,
  WebhookEndpointWithSecret,
} from './webhooks.schemas.js';

const TAGS = ['webhooks'];
const MANAGED =
  'Organisation owners and admins (session with two-factor authentication); API keys cannot.';

/** Webhook endpoints of an organisation and their delivery log (DESIGN §5 "Webhooks"). */
export function webhookRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const organisationParams = Type.Object({ organisationId: PublicId });
    const base = '/api/organisations/:organisationId/webhooks';

    app.post(
      base,
      {
        schema: {
          tags: TAGS,
          summary: 'Add a webhook endpoint',
          description: `The signing secret is in the answer, this once. ${MANAGED}`,
          security: BearerSecurity,
          params: organisationParams,
          body: Type.Object({
            url: EndpointFields.url,
            description: Type.Optional(EndpointFields.description),
            eventTypes: EndpointFields.eventTypes,
            enabled: Type.Optional(EndpointFields.enabled),
          }),
          response: { 201: WebhookEndpointWithSecret, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(
          await createWebhookEndpoint(ctx, request.actor, {
            organisationId: request.params.organisationId,
            ...request.body,
          }),
        ),
    );

    app.get(
      base,
      {
        schema: {
          tags: TAGS,
          summary: 'List webhook endpoints',
          description: MANAGED,
          security: BearerSecurity,
          params: organisationParams,
          response: { 200: Type.Array(WebhookEndpointView), ...errors(401, 403, 404) },
        },
      },
      async (request) => listWebhookEndpoints(ctx, request.actor, request.params.organisationId),
    );

    app.get(
      `${base}/:endpointId`,
      {
        schema: {
          tags: TAGS,
          summary: 'Get a webhook endpoint',
          security: BearerSecurity,
          params: EndpointParams,
          response: { 200: WebhookEndpointView, ...errors(401, 403, 404) },
        },
      },
      async (request) => getWebhookEndpoint(ctx, request.actor, request.params),
    );

    app.patch(
      `${base}/:endpointId`,
      {
        schema: {
          tags: TAGS,
          summary: 'Change a webhook endpoint',
          description: `URL, description, event types, enabled: what is given changes. ${MANAGED}`,
          security: BearerSecurity,
          params: EndpointParams,
          body: Type.Partial(Type.Object(EndpointFields)),
          response: { 200: WebhookEndpointView, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) =>
        updateWebhookEndpoint(ctx, request.actor, { ...request.params, ...request.body }),
    );

    app.delete(
      `${base}/:endpointId`,
      {
        schema: {
          tags: TAGS,
          summary: 'Delete a webhook endpoint and its delivery log',
          security: BearerSecurity,
          params: EndpointParams,
          response: { 204: Type.Null(), ...errors(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await deleteWebhookEndpoint(ctx, request.actor, request.params);
        return reply.status(204).send(null);
      },
    );

    app.post(
      `${base}/:endpointId/rotate-secret`,
      {
        schema: {
          tags: TAGS,
          summary: 'Rotate the signing secret',
          description:
            'The new secret is in the answer, this once. The previous one keeps signing (a second v1) for 24 hours unless expireNow is true.',
          security: BearerSecurity,
          params: EndpointParams,
          body: Type.Optional(Type.Object({ expireNow: Type.Optional(Type.Boolean()) })),
          response: { 200: WebhookEndpointWithSecret, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) =>
        rotateWebhookSecret(ctx, request.actor, {
          ...request.params,
          expireNow: request.body?.expireNow === true,
        }),
    );

    app.post(
      `${base}/:endpointId/test`,
      {
        schema: {
          tags: TAGS,
          summary: 'Send a test event',
          description: 'Queues a signed webhook.test event for this endpoint.',
          security: BearerSecurity,
          params: EndpointParams,
          response: { 202: WebhookDeliveryView, ...errors(401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        reply.status(202).send(await sendTestWebhook(ctx, request.actor, request.params)),
    );

    app.get(
      `${base}/:endpointId/deliveries`,
      {
        schema: {
          tags: TAGS,
          summary: "An endpoint's delivery log",
          description:
            'Newest first, with every attempt (status code, duration, error, the first 1 KiB of the answer). Page with before = nextBefore.',
          security: BearerSecurity,
          params: EndpointParams,
          querystring: DeliveryQuery,
          response: {
            200: Type.Object({
              items: Type.Array(WebhookDeliveryView),
              nextBefore: Type.Union([Type.String(), Type.Null()]),
            }),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      async (request) =>
        listWebhookDeliveries(ctx, request.actor, { ...request.params, ...request.query }),
    );

    app.post(
      `${base}/:endpointId/deliveries/:deliveryId/redeliver`,
      {
        schema: {
          tags: TAGS,
          summary: 'Redeliver an event',
          description: 'Same body and Certa-Event-Id, fresh signature.',
          security: BearerSecurity,
          params: Type.Object({
            organisationId: PublicId,
            endpointId: PublicId,
            deliveryId: PublicId,
          }),
          response: { 202: WebhookDeliveryView, ...errors(401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        reply.status(202).send(await redeliverWebhook(ctx, request.actor, request.params)),
    );
  };
}
