import type { Actor } from '../accounts/actor.js';
import { findSessionUnlock } from '../db/repositories/session.repository.js';
import { requireActor, requireOrganisationAccess } from '../accounts/authorize.js';
import { unlockedOrganisationKeys } from '../accounts/unlock-organisation.js';
import type { AppContext } from '../context.js';
import {
  countDueReminders,
  countReminderSent,
  findDocumentReminder,
  findReminderSettings,
  listDueReminders,
} from '../db/repositories/reminder.repository.js';
import type { Organisation } from '../db/tables/organisations.table.js';
import { runUnlockEnd, type RunUnlockEnd } from '../batches/run-unlock.js';
import { decryptRecord } from '../documents/document-access.js';
import { dekOf, loadOwnDocument } from '../documents/issuer-documents.js';
import { sendNewActivationLink } from '../documents/new-activation-link.js';
import { AppError } from '../errors.js';
import { reminderEmail } from '../mail/templates/reminder-email.js';
import { emitWebhookEvent } from '../webhooks/emit-webhook-event.js';
import { REMINDER_ACTIONS, settingsOf } from './reminder.js';

/** Reminders sent by one call at most; the rest wait for the next (the answer says how many). */
export const MAX_REMINDERS_PER_CALL = 500;

/** What one sending did. */
export interface RemindersSent {
  /** Reminders e-mailed (each with a new link). */
  sent: number;
  /** Documents that changed meanwhile (activated, revoked, stopped, sent by someone else). */
  skipped: number;
  /** Documents that could not be opened or mailed; they stay due. */
  failed: number;
  /** Still due after this call. */
  remaining: number;
  /**
   * Why the call stopped before the due documents ran out: the unlock it started under ended
   * (expired, locked again, logged out) or the relay refused a mail; null when it went through
   * them all (or the 500 of one call).
   */
  stoppedBy: RunUnlockEnd | 'relay_refused' | null;
}

/** Organisations whose reminders this process is sending now: one run at a time each. */
const running = new Set<number>();

/**
 * Sends the reminders due in an organisation (DESIGN §5 "Reminders"): each due document is
 * re-keyed exactly as "re-send the link" does (wrapB → DEK → new secret → new wrapA, conditional
 * on the old wrapA, the mail inside that transaction) and gets the reminder e-mail; its count and
 * time are recorded in the same transaction, only while it is still due, so it is sent once even
 * when two issuers unlock at once. Needs the "issue" permission and the organisation unlocked in
 * this session (UNLOCK_REQUIRED: only the organisation key opens the address and makes a link).
 * Stops at the first mail the relay refuses to take (UPSTREAM_FAILED would fail every other one
 * too), and — as a batch run does (src/batches/run-unlock.ts) — as soon as the unlock it started
 * under no longer holds (expired, locked again, logged out), checked before every reminder: a
 * run of up to 500 must not go on re-keying with keys the member can no longer use. The
 * documents left stay due (`remaining`). Audited per document as `document.reminder_sent` (ids only,
 * shown in the document's timeline), and `document.reminded` emitted to webhooks in the same
 * transaction, so the event exists exactly when the reminder was handed to the relay.
 */
export async function sendDueReminders(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
): Promise<RemindersSent> {
  const present = requireActor(actor);
  const organisation = await requireOrganisationAccess(ctx, present, organisationId, 'issue');
  if (organisation.status !== 'approved')
    throw new AppError(
      'ISSUER_NOT_APPROVED',
      'This organisation is not approved by a platform admin, so it cannot send reminders.',
    );
  const keys = unlockedOrganisationKeys(ctx, present, organisation);
  if (keys === null)
    throw new AppError(
      'UNLOCK_REQUIRED',
      'Enter your password again to unlock the organisation key: only it can open the documents for new links.',
    );
  if (running.has(organisation.id))
    throw new AppError('CONFLICT', 'Reminders are being sent for this organisation already.');
  running.add(organisation.id);
  try {
    return await sendWithKeys(ctx, present, organisation, keys);
  } finally {
    running.delete(organisation.id);
    for (const key of keys.values()) key.fill(0);
  }
}

/**
 * The hook after an unlock (like a batch's resume, the reminders wait for one): when the member
 * may issue, the organisation is approved, its reminders are on and some are due, sends them in
 * the background and resolves when done; otherwise resolves at once. Never rejects: a failure is
 * logged (ids only) and the documents stay due for the next unlock.
 */
export async function sendRemindersAfterUnlock(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
  logger?: { warn(details: object, message: string): void },
): Promise<RemindersSent | null> {
  try {
    const present = await withStoredUnlock(ctx, requireActor(actor));
    const organisation = await requireOrganisationAccess(ctx, present, organisationId, 'issue');
    if (organisation.status !== 'approved' || running.has(organisation.id)) return null;
    const settings = settingsOf(await findReminderSettings(ctx.db, organisation.id));
    if (!settings.enabled || (await countDueReminders(ctx.db, organisation.id)) === 0) return null;
    return await sendDueReminders(ctx, present, organisationId);
  } catch (error) {
    if (error instanceof AppError && (error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND'))
      return null;
    logger?.warn(
      { organisationId, code: error instanceof AppError ? error.code : 'INTERNAL' },
      'due reminders were not sent after an unlock; they stay due',
    );
    return null;
  }
}

/** The actor with its session's unlock as stored now (the request's actor predates it). */
async function withStoredUnlock(ctx: AppContext, actor: Actor): Promise<Actor> {
  if (actor.kind !== 'user') return actor;
  const unlock = await findSessionUnlock(ctx.db, actor.session.id);
  return unlock === undefined ? actor : { ...actor, session: { ...actor.session, ...unlock } };
}

async function sendWithKeys(
  ctx: AppContext,
  actor: Actor,
  organisation: Organisation,
  keys: Map<number, Buffer>,
): Promise<RemindersSent> {
  const result: RemindersSent = {
    sent: 0,
    skipped: 0,
    failed: 0,
    remaining: 0,
    stoppedBy: null,
  };
  const due = await listDueReminders(ctx.db, organisation.id, MAX_REMINDERS_PER_CALL);
  for (const { publicId } of due) {
    result.stoppedBy = await runUnlockEnd(ctx, actor, organisation.id);
    if (result.stoppedBy !== null) break;
    const outcome = await sendOne(ctx, actor, organisation, keys, publicId);
    if (outcome === 'relay_failed') {
      result.failed += 1;
      result.stoppedBy = 'relay_refused';
      break;
    }
    result[outcome] += 1;
  }
  result.remaining = await countDueReminders(ctx.db, organisation.id);
  return result;
}

async function sendOne(
  ctx: AppContext,
  actor: Actor,
  organisation: Organisation,
  keys: Map<number, Buffer>,
  publicId: string,
): Promise<'sent' | 'skipped' | 'failed' | 'relay_failed'> {
  const row = await loadOwnDocument(ctx, organisation, publicId);
  if (row.status !== 'pending' || row.erasedAt !== null) return 'skipped';
  let dek: Buffer;
  try {
    dek = dekOf(row, keys);
  } catch {
    return 'failed';
  }
  try {
    const record = decryptRecord(row, dek);
    await sendNewActivationLink(
      ctx,
      { actor, organisation, row, keys },
      {
        dek,
        to: record.recipient.email,
        action: REMINDER_ACTIONS.sent,
        email: reminderEmail,
        inTransaction: async (trx, sentAt) => {
          if (!(await countReminderSent(trx, row.id, sentAt)))
            throw new AppError('CONFLICT', 'This reminder is no longer due.');
          const reminder = await findDocumentReminder(trx, row.id);
          await emitWebhookEvent(trx, organisation.id, {
            type: 'document.reminded',
            occurredAt: sentAt,
            documentId: row.publicId,
            data: { status: 'pending', reminder: reminder?.sentCount ?? 1, sentAt },
          });
        },
      },
    );
    return 'sent';
  } catch (error) {
    if (error instanceof AppError && error.code === 'CONFLICT') return 'skipped';
    if (error instanceof AppError && error.code === 'UPSTREAM_FAILED') return 'relay_failed';
    return 'failed';
  } finally {
    dek.fill(0);
  }
}
