import type { Actor } from '../accounts/actor.js';
import { auditActor } from '../accounts/actor.js';
import type { AppContext } from '../context.js';
import type { Executor } from '../db/database.js';
import { appendAuditEvents } from './append-entries.js';

/** The actions of the security events recorded outside the domain use cases. */
export const SECURITY_ACTIONS = {
  loggedIn: 'session.created',
  loginFailed: 'session.login_failed',
  loggedOut: 'session.ended',
  otherSessionsEnded: 'session.others_ended',
  unlocked: 'organisation.unlocked',
  locked: 'organisation.locked',
  recipientDataViewed: 'document.recipient_data_viewed',
  recipientDataListed: 'documents.recipient_data_listed',
  pdfDownloaded: 'document.pdf_downloaded',
} as const;

/**
 * Appends one security event (log-in, log-out, unlock, an issuer user's decryption of recipient
 * data…): ids and codes only. `db` is the caller's transaction when there is one.
 */
export async function recordSecurityEvent(
  ctx: AppContext,
  event: {
    action: string;
    actor: Actor | { actorType: 'user' | 'system'; actorId: string | null };
    organisationId?: number | null;
    targetId?: string | null;
    detail?: Record<string, string | number | boolean>;
  },
  db: Executor = ctx.db,
): Promise<void> {
  const who = 'kind' in event.actor ? auditActor(event.actor) : event.actor;
  await appendAuditEvents(db, [
    {
      occurredAt: ctx.now().toISOString(),
      ...who,
      action: event.action,
      organisationId: event.organisationId ?? null,
      targetId: event.targetId ?? null,
      detail: event.detail === undefined ? null : JSON.stringify(event.detail),
    },
  ]);
}
