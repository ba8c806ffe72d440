import type { Actor } from '../accounts/actor.js';
import { auditActor } from '../accounts/actor.js';
import { requireOrganisationAccess, requireUser } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import {
  countDueReminders,
  findReminderSettings,
  saveReminderSettings,
} from '../db/repositories/reminder.repository.js';
import { AppError } from '../errors.js';
import { ensureRemindersJob, markDueReminders } from './mark-due-reminders.js';
import type { ReminderSettings } from './reminder.js';
import {
  settingsOf,
  MAX_REMINDER_DAY,
  MAX_REMINDER_DAYS,
  MAX_REMINDERS,
  REMINDER_ACTIONS,
} from './reminder.js';

/** The settings and what the last check found. */
export interface ReminderSettingsView extends ReminderSettings {
  /** Documents due for a reminder now (sent at the next unlock or "Send due reminders"). */
  dueCount: number;
  checkedAt: string | null;
}

async function viewOf(ctx: AppContext, organisationId: number): Promise<ReminderSettingsView> {
  const row = await findReminderSettings(ctx.db, organisationId);
  const settings = settingsOf(row);
  return {
    ...settings,
    dueCount: settings.enabled ? await countDueReminders(ctx.db, organisationId) : 0,
    checkedAt: row?.checkedAt ?? null,
  };
}

/** An organisation's reminder settings (any member or API key that may read). */
export async function getReminderSettings(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
): Promise<ReminderSettingsView> {
  const organisation = await requireOrganisationAccess(ctx, actor, organisationId, 'read');
  return viewOf(ctx, organisation.id);
}

function checkSettings(input: { days: number[]; maxReminders: number }): void {
  const { days, maxReminders } = input;
  if (days.length === 0 || days.length > MAX_REMINDER_DAYS)
    throw new AppError(
      'INVALID_INPUT',
      `Give from 1 to ${MAX_REMINDER_DAYS} days after issuance.`,
      { details: { field: 'days' } },
    );
  for (let index = 0; index < days.length; index += 1) {
    const day = days[index] ?? 0;
    if (!Number.isInteger(day) || day < 1 || day > MAX_REMINDER_DAY)
      throw new AppError(
        'INVALID_INPUT',
        `Each day must be a whole number from 1 to ${MAX_REMINDER_DAY}.`,
        { details: { field: 'days' } },
      );
    if (index > 0 && day <= (days[index - 1] ?? 0))
      throw new AppError('INVALID_INPUT', 'The days must go up, each later than the one before.', {
        details: { field: 'days' },
      });
  }
  if (!Number.isInteger(maxReminders) || maxReminders < 1 || maxReminders > MAX_REMINDERS)
    throw new AppError(
      'INVALID_INPUT',
      `The most reminders per document is a whole number from 1 to ${MAX_REMINDERS}.`,
      { details: { field: 'maxReminders' } },
    );
}

/**
 * Sets an organisation's reminders (owners and admins): on or off, the days after issuance, the
 * most per document. Turning them off stops every reminder not yet sent. Audited with the new
 * values; the due documents are marked at once (so the count is right away), and the daily check
 * is queued.
 */
export async function setReminderSettings(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
  input: { enabled: boolean; days: number[]; maxReminders: number },
): Promise<ReminderSettingsView> {
  const user = requireUser(actor);
  const organisation = await requireOrganisationAccess(ctx, user, organisationId, 'manage');
  checkSettings(input);
  const now = ctx.now();
  const updatedAt = now.toISOString();
  const settings: ReminderSettings = { ...input, updatedAt };
  await ctx.db.transaction().execute(async (trx) => {
    await saveReminderSettings(trx, {
      organisationId: organisation.id,
      enabled: input.enabled ? 1 : 0,
      days: JSON.stringify(input.days),
      maxReminders: input.maxReminders,
      updatedAt,
    });
    await insertAuditEvent(trx, {
      occurredAt: updatedAt,
      ...auditActor(user),
      action: REMINDER_ACTIONS.settingsChanged,
      organisationId: organisation.id,
      targetId: organisation.publicId,
      detail: JSON.stringify(input),
    });
    await markDueReminders(trx, organisation.id, settings, now);
    if (input.enabled) await ensureRemindersJob(trx, now);
  });
  return viewOf(ctx, organisation.id);
}
