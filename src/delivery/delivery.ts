import { randomBytes } from 'node:crypto';
import type { DeliveryState } from '../batches/batch.js';

/**
 * Delivery of one message, as the API shows it: the batch items' states (src/batches/batch.ts) —
 * `awaiting`, `sent`, `deferred`, `rejected`, `bounced` — and the relay's or the delivery
 * report's codes (`550 5.1.1`, `5.1.1 smtp; 550 5.1.1`), never an address.
 */
export interface DeliveryView {
  readonly state: DeliveryState;
  readonly error: string | null;
}

/** Audit action of a delivery report saying a message could not be delivered (ids only). */
export const DELIVERY_BOUNCED_ACTION = 'document.delivery_bounced';

/** What a delivery token looks like: 128 random bits, lower-case hex (safe in a local part). */
export const DELIVERY_TOKEN_PATTERN = /^[0-9a-f]{32}$/;

/**
 * A fresh delivery token: the random id of one message's delivery record, carried in its VERP
 * envelope sender (`bounces+<token>@…`) and `X-Certa-Delivery` header. Not guessable, no
 * personal data; a new message (re-send, corrected address) gets a new one, so a late report
 * about an older message finds nothing.
 */
export function newDeliveryToken(): string {
  return randomBytes(16).toString('hex');
}

/** How long a single issuance waits for the relay by default (MAIL_DELIVERY_WAIT_SECONDS). */
export const DEFAULT_DELIVERY_WAIT_MS = 10_000;
