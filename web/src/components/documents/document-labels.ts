import type { MessageId } from '../../i18n/index.js';

/** A document's state as the API names it (src/documents/document.ts). */
export type DocumentState = 'pending' | 'active' | 'revoked' | 'expired';

export const DOCUMENT_STATES: readonly DocumentState[] = [
  'pending',
  'active',
  'revoked',
  'expired',
];

/** The badge tone of each state: the words always say it too (StatusBadge). */
export const STATE_TONE: Record<DocumentState, 'ok' | 'warn' | 'bad' | 'info'> = {
  pending: 'info',
  active: 'ok',
  revoked: 'bad',
  expired: 'warn',
};

export const STATE_LABEL: Record<DocumentState, MessageId> = {
  pending: 'documents.states.pending',
  active: 'documents.states.active',
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
