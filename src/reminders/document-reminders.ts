import type { Actor } from '../accounts/actor.js';
import { auditActor } from '../accounts/actor.js';
import { requireActor, requireOrganisationAccess } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import {
  findDocumentReminder,
  setDocumentRemindersStopped as storeRemindersStopped,
} from '../db/repositories/reminder.repository.js';
import { loadOwnDocument } from '../documents/issuer-documents.js';
import type { DocumentReminderState } from './reminder.js';
import { REMINDER_ACTIONS } from './reminder.js';

async function stateOf(
  ctx: AppContext,
  document: { id: number; publicId: string },
): Promise<DocumentReminderState> {
  const row = await findDocumentReminder(ctx.db, document.id);
  return {
    documentId: document.publicId,
    sentCount: row?.sentCount ?? 0,
    lastSentAt: row?.lastSentAt ?? null,
    dueSince: row?.dueSince ?? null,
    stoppedAt: row?.stoppedAt ?? null,
  };
}

/** What reminders did for one document: how many, the last one, due or stopped (readers). */
export async function getDocumentReminders(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; documentId: string },
): Promise<DocumentReminderState> {
  const organisation = await requireOrganisationAccess(ctx, actor, input.organisationId, 'read');
  return stateOf(ctx, await loadOwnDocument(ctx, organisation, input.documentId));
}

/**
 * Stops a document's reminders (`stopped: true`, e.g. the recipient asked, or was reached
 * another way), or allows them again; anyone who may issue. A stopped document gets no reminder
 * whatever the organisation's settings; its due mark is cleared. Setting the state it already has
 * changes nothing and writes no audit entry; a change is audited (ids only).
 */
export async function setDocumentRemindersStopped(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; documentId: string; stopped: boolean },
): Promise<DocumentReminderState> {
  const present = requireActor(actor);
  const organisation = await requireOrganisationAccess(ctx, present, input.organisationId, 'issue');
  const document = await loadOwnDocument(ctx, organisation, input.documentId);
  const current = await stateOf(ctx, document);
  if ((current.stoppedAt !== null) === input.stopped) return current;
  const at = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await storeRemindersStopped(trx, document.id, organisation.id, input.stopped ? at : null);
    await insertAuditEvent(trx, {
      occurredAt: at,
      ...auditActor(present),
      action: input.stopped ? REMINDER_ACTIONS.stopped : REMINDER_ACTIONS.resumed,
      organisationId: organisation.id,
      targetId: document.publicId,
    });
  });
  return stateOf(ctx, document);
}
