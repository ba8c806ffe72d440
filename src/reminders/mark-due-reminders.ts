import type { AppContext } from '../context.js';
import type { Executor } from '../db/database.js';
import {
  clearRemindersDue,
  clearStaleRemindersDue,
  countDueReminders,
  listEnabledReminderSettings,
  listReminderCandidates,
  markRemindersDue,
  recordReminderCheck,
} from '../db/repositories/reminder.repository.js';
import type { ReminderSettings } from './reminder.js';
import { nextReminderAt, REMINDERS_HOUR_UTC, REMINDERS_JOB, settingsOf } from './reminder.js';
import { ensureDailyJob } from '../jobs/daily-job.js';

/**
 * Marks which of an organisation's documents are due for a reminder at `now` (by the injected
 * clock) and clears the marks that no longer hold (activated, revoked, erased, stopped, settings
 * changed or turned off). Reads no record and no address — it cannot (DESIGN §3): the reminders
 * go out only when an issuer unlocks. Stores the count on the settings row and returns it.
 */
export async function markDueReminders(
  db: Executor,
  organisationId: number,
  settings: ReminderSettings,
  now: Date,
): Promise<number> {
  const at = now.toISOString();
  if (!settings.enabled) {
    await clearStaleRemindersDue(db, organisationId, true);
    await recordReminderCheck(db, organisationId, { checkedAt: at, dueCount: 0 });
    return 0;
  }
  await clearStaleRemindersDue(db, organisationId, false);
  const candidates = await listReminderCandidates(db, organisationId, {
    now: at,
    maxReminders: settings.maxReminders,
  });
  const newlyDue: number[] = [];
  const noLongerDue: number[] = [];
  for (const candidate of candidates) {
    const next = nextReminderAt(settings, {
      issuedAt: candidate.issuedAt,
      sentCount: candidate.sentCount ?? 0,
      lastSentAt: candidate.lastSentAt,
    });
    const due = next !== null && next.getTime() <= now.getTime();
    if (due && candidate.dueSince === null) newlyDue.push(candidate.id);
    if (!due && candidate.dueSince !== null && candidate.dueSince !== undefined)
      noLongerDue.push(candidate.id);
  }
  await markRemindersDue(db, organisationId, newlyDue, at);
  await clearRemindersDue(db, noLongerDue);
  const dueCount = await countDueReminders(db, organisationId);
  await recordReminderCheck(db, organisationId, { checkedAt: at, dueCount });
  return dueCount;
}

/** The daily check: marks due documents in every organisation whose reminders are on. */
export async function markAllDueReminders(ctx: AppContext): Promise<void> {
  const now = ctx.now();
  for (const row of await listEnabledReminderSettings(ctx.db)) {
    await ctx.db
      .transaction()
      .execute((trx) => markDueReminders(trx, row.organisationId, settingsOf(row), now));
  }
}

/** Queues the next daily check unless one is already waiting or running (other than `currentJobId`). */
export function ensureRemindersJob(
  db: Executor,
  now: Date,
  currentJobId: number | null = null,
): Promise<void> {
  return ensureDailyJob(db, {
    kind: REMINDERS_JOB,
    hourUtc: REMINDERS_HOUR_UTC,
    now,
    currentJobId,
  });
}
