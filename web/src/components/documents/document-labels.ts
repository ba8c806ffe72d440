import type { MessageId } from '../../i18n/index.js';

/** A document's state as the API names it (src/documents/document.ts). */
export type DocumentState = 'pending' | 'active' | 'suspended' | 'revoked' | 'expired';

export const DOCUMENT_STATES: readonly DocumentState[] = [
  'pending',
  'active',
  'suspended',
  'revoked',
  'expired',
];

/** The badge tone of each state: the words always say it too (StatusBadge). */
export const STATE_TONE: Record<DocumentState, 'ok' | 'warn' | 'bad' | 'info'> = {
  pending: 'info',
  active: 'ok',
  suspended: 'warn',
  revoked: 'bad',
  expired: 'warn',
};

export const STATE_LABEL: Record<DocumentState, MessageId> = {
  pending: 'documents.states.pending',
  active: 'documents.states.active',
  suspended: 'documents.states.suspended',
  revoked: 'documents.states.revoked',
  expired: 'documents.states.expired',
};

/** Who did something, in words (audit actor types). */
export const ACTOR_LABEL: Record<'user' | 'api_key' | 'recipient' | 'system', MessageId> = {
  user: 'documents.actors.user',
  api_key: 'documents.actors.api_key',
  recipient: 'documents.actors.recipient',
  system: 'documents.actors.system',
};

/** The built-in template's name in the API; anything else is a designed template's id. */
export const BUILT_IN_TEMPLATE = 'certificate';

/**
 * The last day a document is valid, as the issuer chose it: an expiry given as a date is stored
 * as the next midnight UTC ("valid through 30 June" is "expires 1 July 00:00 UTC"), so such an
 * instant shows as the day before; any other instant shows with its time.
 */
export function validUntil(
  expiresAt: string,
  format: { date: (iso: string) => string; dateTime: (iso: string) => string },
): string {
  if (!expiresAt.endsWith('T00:00:00.000Z')) return format.dateTime(expiresAt);
  const lastDay = new Date(expiresAt);
  lastDay.setUTCDate(lastDay.getUTCDate() - 1);
  return format.date(lastDay.toISOString());
}
