import type { DeliveryState } from '../batches/batch.js';
import type { AppContext } from '../context.js';
import { listAuditEventsOfTarget } from '../db/repositories/audit.repository.js';
import type { DocumentRow } from '../db/tables/documents.table.js';
import type { TimedDocumentDelivery } from '../delivery/delivery-of-document.js';

/** Audit actions about one document, as its use cases write them (ids only, DESIGN §3). */
export const DOCUMENT_ACTIONS = {
  issued: 'document.issued',
  activationLinkResent: 'document.activation_link_resent',
  recipientEmailCorrected: 'document.recipient_email_corrected',
  reminderSent: 'document.reminder_sent',
  activated: 'document.activated',
  suspended: 'document.suspended',
  reinstated: 'document.reinstated',
  revoked: 'document.revoked',
} as const;

/**
 * - `issued`: the document was stored, awaiting delivery (its e-mail goes out after the commit);
 * - the delivery of its current message, as stored (src/delivery/): `emailed` when the relay
 *   took it, `delivery_deferred` (the relay or its silence put it off; its link is lost),
 *   `delivery_rejected` (refused) or `delivery_bounced` (a delivery report came back), with the
 *   codes as `reason` (`550 5.1.1`, never an address); nothing while still `awaiting`. Only the
 *   newest message's state is kept: once a link is re-sent, this entry is about that one;
 * - `activation_link_resent`: a new link replaced the old one and was e-mailed;
 * - `recipient_email_corrected`: the address was corrected and a new link e-mailed to it;
 * - `reminder_sent`: a reminder with a new link was e-mailed (src/reminders/);
 * - `activated` (by the recipient), `suspended` (with its reason while it lasts) and
 *   `reinstated`, `revoked` (with its reason); the reasons are read from the row.
 */
export type TimelineEventType =
  | 'issued'
  | 'emailed'
  | 'delivery_deferred'
  | 'delivery_rejected'
  | 'delivery_bounced'
  | 'activation_link_resent'
  | 'recipient_email_corrected'
  | 'reminder_sent'
  | 'activated'
  | 'suspended'
  | 'reinstated'
  | 'revoked';

export interface TimelineEvent {
  type: TimelineEventType;
  at: string;
  /** Who did it: `user` / `api_key` with their public id, `recipient` or `system` without. */
  actorType: 'user' | 'api_key' | 'recipient' | 'system' | null;
  actorId: string | null;
  /** The revocation or suspension reason, or a failed delivery's codes; null otherwise. */
  reason: string | null;
}

const TYPE_OF_ACTION: Readonly<Record<string, TimelineEventType>> = {
  [DOCUMENT_ACTIONS.issued]: 'issued',
  [DOCUMENT_ACTIONS.activationLinkResent]: 'activation_link_resent',
  [DOCUMENT_ACTIONS.recipientEmailCorrected]: 'recipient_email_corrected',
  [DOCUMENT_ACTIONS.reminderSent]: 'reminder_sent',
  [DOCUMENT_ACTIONS.activated]: 'activated',
  [DOCUMENT_ACTIONS.suspended]: 'suspended',
  [DOCUMENT_ACTIONS.reinstated]: 'reinstated',
  [DOCUMENT_ACTIONS.revoked]: 'revoked',
};

/** The timeline entry of each delivery state of the current message; none while awaiting. */
const DELIVERY_EVENT: Readonly<Record<DeliveryState, TimelineEventType | null>> = {
  awaiting: null,
  sent: 'emailed',
  deferred: 'delivery_deferred',
  rejected: 'delivery_rejected',
  bounced: 'delivery_bounced',
};

/** Events that sent a message with a new link: the delivery state is about the newest. */
const MESSAGE_EVENTS: ReadonlySet<TimelineEventType> = new Set([
  'issued',
  'activation_link_resent',
  'recipient_email_corrected',
  'reminder_sent',
]);

/**
 * The issuer's free-text reasons live on the document's row, never in the audit trail (it is
 * permanent; free text may name people): the revocation's, and the current suspension's — a
 * suspension ended by reinstatement keeps no text (its event still shows who and when).
 */
function reasonsFromRow(
  row: DocumentRow,
  audit: readonly { action: string }[],
): (type: TimelineEventType, index: number) => string | null {
  let lastSuspension = -1;
  audit.forEach((event, index) => {
    if (event.action === DOCUMENT_ACTIONS.suspended) lastSuspension = index;
  });
  return (type, index) => {
    if (type === 'revoked') return row.revocationReason;
    if (type === 'suspended' && index === lastSuspension && row.status === 'suspended')
      return row.suspensionReason;
    return null;
  };
}

/**
 * What happened to one document, oldest first, from its audit events; the dates on the row
 * fill in an issuance, activation or revocation that has no event (rows written by hand or
 * imported), so the timeline never contradicts the document's state. `delivery` is the
 * document's current message's state (`timedDeliveryOfDocument`), read by the caller.
 */
export async function documentTimeline(
  ctx: AppContext,
  row: DocumentRow,
  delivery: TimedDocumentDelivery,
): Promise<TimelineEvent[]> {
  const audit = await listAuditEventsOfTarget(ctx.db, row.organisationId, row.publicId);
  const reasonOf = reasonsFromRow(row, audit);
  const events: TimelineEvent[] = [];
  for (const [index, event] of audit.entries()) {
    const type = TYPE_OF_ACTION[event.action];
    if (type === undefined) continue;
    const entry: TimelineEvent = {
      type,
      at: event.occurredAt,
      actorType: event.actorType,
      actorId: event.actorId,
      reason: reasonOf(type, index),
    };
    events.push(entry);
  }
  const has = (type: TimelineEventType) => events.some((event) => event.type === type);
  const fromRow = (type: TimelineEventType, at: string, reason: string | null = null) =>
    events.push({ type, at, actorType: null, actorId: null, reason });
  if (!has('issued')) fromRow('issued', row.issuedAt);
  const deliveryType = DELIVERY_EVENT[delivery.state];
  if (deliveryType !== null) {
    // A state recorded before its time was (delivery_updated_at): no earlier than its message.
    const lastMessageAt = events
      .filter((event) => MESSAGE_EVENTS.has(event.type))
      .reduce(
        (latest, event) => (Date.parse(event.at) > Date.parse(latest) ? event.at : latest),
        row.issuedAt,
      );
    fromRow(
      deliveryType,
      delivery.at ?? lastMessageAt,
      deliveryType === 'emailed' ? null : delivery.error,
    );
  }
  if (row.activatedAt !== null && !has('activated')) fromRow('activated', row.activatedAt);
  if (row.revokedAt !== null && !has('revoked'))
    fromRow('revoked', row.revokedAt, row.revocationReason);
  // A stable sort: events of the same instant keep their order (a message before its delivery).
  return events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
