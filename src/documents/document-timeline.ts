import type { AppContext } from '../context.js';
import { listAuditEventsOfTarget } from '../db/repositories/audit.repository.js';
import type { DocumentRow } from '../db/tables/documents.table.js';

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
 * - `issued`, then `emailed` at the same instant: issuance commits only once the activation
 *   e-mail was handed over (DESIGN §5), so every issued document was e-mailed then;
 * - `activation_link_resent`: a new link replaced the old one and was e-mailed;
 * - `recipient_email_corrected`: the address was corrected and a new link e-mailed to it;
 * - `reminder_sent`: a reminder with a new link was e-mailed (src/reminders/);
 * - `activated` (by the recipient), `suspended` (with its reason while it lasts) and
 *   `reinstated`, `revoked` (with its reason); the reasons are read from the row.
 */
export type TimelineEventType =
  | 'issued'
  | 'emailed'
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
  /** The revocation or suspension reason; null for every other event. */
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
 * imported), so the timeline never contradicts the document's state.
 */
export async function documentTimeline(
  ctx: AppContext,
  row: DocumentRow,
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
    if (type === 'issued') events.push({ ...entry, type: 'emailed' });
  }
  const has = (type: TimelineEventType) => events.some((event) => event.type === type);
  const fromRow = (type: TimelineEventType, at: string, reason: string | null = null) =>
    events.push({ type, at, actorType: null, actorId: null, reason });
  if (!has('issued')) {
    fromRow('issued', row.issuedAt);
    fromRow('emailed', row.issuedAt);
  }
  if (row.activatedAt !== null && !has('activated')) fromRow('activated', row.activatedAt);
  if (row.revokedAt !== null && !has('revoked'))
    fromRow('revoked', row.revokedAt, row.revocationReason);
  // A stable sort: events of the same instant keep their order (issued before emailed).
  return events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
