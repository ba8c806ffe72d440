import type { AppContext } from '../context.js';
import { findWebhookEndpoint } from '../db/repositories/webhook.repository.js';
import type { Organisation } from '../db/tables/organisations.table.js';
import type { WebhookEndpointRow } from '../db/tables/webhooks.table.js';
import { AppError } from '../errors.js';
import { checkText } from '../input/check-text.js';
import { isWebhookEventType, WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhook-event.js';
import { openWebhookSecret } from './webhook-secret.js';

/** Most endpoints one organisation may have. */
export const MAX_ENDPOINTS_PER_ORGANISATION = 20;
export const MAX_DESCRIPTION_LENGTH = 200;
/** How long the previous secret still signs after a rotation. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 3600 * 1000;

/** An endpoint as the API and the console show it (never its secret). */
export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string;
  eventTypes: WebhookEventType[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  secretRotatedAt: string | null;
  /** Until when the secret before the last rotation still signs (a second `v1`); null if none. */
  previousSecretUntil: string | null;
}

export function endpointView(row: WebhookEndpointRow, now: Date): WebhookEndpointView {
  const graceLeft =
    row.previousSecretUntil !== null && Date.parse(row.previousSecretUntil) > now.getTime();
  return {
    id: row.publicId,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes.split(' ').filter(isWebhookEventType),
    enabled: row.enabled === 1,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    secretRotatedAt: row.secretRotatedAt,
    previousSecretUntil: graceLeft ? row.previousSecretUntil : null,
  };
}

/** The endpoint of the organisation, or NOT_FOUND. */
export async function loadEndpoint(
  ctx: AppContext,
  organisation: Organisation,
  endpointId: string,
): Promise<WebhookEndpointRow> {
  const row = await findWebhookEndpoint(ctx.db, organisation.id, endpointId);
  if (row === undefined)
    throw new AppError('NOT_FOUND', 'No webhook endpoint with this id in this organisation.');
  return row;
}

/** The secrets a delivery is signed with now: the current one, then the previous in its grace. */
export function endpointSecrets(ctx: AppContext, row: WebhookEndpointRow, now: Date): string[] {
  const secrets = [openWebhookSecret(ctx.masterKey, row.secretSealed, row.publicId)];
  if (
    row.previousSecretSealed !== null &&
    row.previousSecretUntil !== null &&
    Date.parse(row.previousSecretUntil) > now.getTime()
  )
    secrets.push(openWebhookSecret(ctx.masterKey, row.previousSecretSealed, row.publicId));
  return secrets;
}

/** 1..n known event types, without repeats, in the catalogue's order. */
export function checkEventTypes(value: unknown): WebhookEventType[] {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((type): type is string => typeof type === 'string' && isWebhookEventType(type))
  )
    throw new AppError(
      'INVALID_INPUT',
      `eventTypes must list one or more of ${WEBHOOK_EVENT_TYPES.join(', ')}.`,
      { details: { field: 'eventTypes' } },
    );
  const chosen = new Set(value);
  return WEBHOOK_EVENT_TYPES.filter((type) => chosen.has(type));
}

/** An optional description: empty is allowed. */
export function checkDescription(value: unknown): string {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
    return '';
  return checkText(value, 'description', MAX_DESCRIPTION_LENGTH);
}
