import { t, type MessageId } from '../../i18n/index.js';

/** Batch states and delivery states in words, with a badge tone. */
export type BatchStateName = 'validated' | 'running' | 'interrupted' | 'finished' | 'cancelled';
export type DeliveryStateName = 'awaiting' | 'sent' | 'deferred' | 'rejected' | 'bounced';

export const DELIVERY_STATES: readonly DeliveryStateName[] = [
  'awaiting',
  'sent',
  'deferred',
  'rejected',
  'bounced',
];

const STATE_TONES: Record<BatchStateName, 'ok' | 'warn' | 'bad' | 'info' | 'neutral'> = {
  validated: 'info',
  running: 'info',
  interrupted: 'warn',
  finished: 'ok',
  cancelled: 'neutral',
};
const DELIVERY_TONES: Record<DeliveryStateName, 'ok' | 'warn' | 'bad' | 'info' | 'neutral'> = {
  awaiting: 'info',
  sent: 'ok',
  deferred: 'warn',
  rejected: 'bad',
  bounced: 'bad',
};

export function stateLabel(state: BatchStateName): string {
  return t(`batches.states.${state}` as MessageId);
}
export function stateTone(state: BatchStateName): 'ok' | 'warn' | 'bad' | 'info' | 'neutral' {
  return STATE_TONES[state];
}
export function deliveryLabel(state: DeliveryStateName): string {
  return t(`batches.deliveries.${state}` as MessageId);
}
export function deliveryTone(state: DeliveryStateName): 'ok' | 'warn' | 'bad' | 'info' | 'neutral' {
  return DELIVERY_TONES[state];
}

/** Why rows of a batch were not issued (the API's `leftOver` reasons). */
export type LeftOverReasonName =
  'invalid_rows_skipped' | 'upload_erased' | 'upload_missing' | 'skipped_at_run' | 'cancelled';

/** One reason rows were left unissued, with their count, in words. */
export function leftOverText(item: { reason: LeftOverReasonName; rows: number }): string {
  return t(`batches.leftOver.${item.reason}` as MessageId, { count: item.rows });
}
