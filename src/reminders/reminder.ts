/*
 * Reminders for documents not activated after N days (issue 12, "Delivery"; DESIGN §5
 * "Reminders"). The vocabulary of the area: settings, the schedule, audit actions, the job.
 */

import { DOCUMENT_ACTIONS } from '../documents/document-timeline.js';
import { nextDailyRun } from '../jobs/daily-job.js';

/** An organisation's reminder settings; reminders are off until an owner or admin sets them. */
export interface ReminderSettings {
  enabled: boolean;
  /** Whole days after issuance, ascending: the n-th reminder is due `days[n-1]` days after. */
  days: number[];
  /** The most reminders one document gets. */
  maxReminders: number;
  updatedAt: string | null;
}

/** What reminders did for one document. */
export interface DocumentReminderState {
  documentId: string;
  sentCount: number;
  lastSentAt: string | null;
  /** Since when a reminder waits for an unlocked issuer; null when none is due. */
  dueSince: string | null;
  /** When an issuer stopped its reminders; null while they may go. */
  stoppedAt: string | null;
}

/** Reminders are off until set; the suggested schedule is a week, then three weeks. */
export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  enabled: false,
  days: [7, 21],
  maxReminders: 2,
  updatedAt: null,
};

export const MAX_REMINDER_DAY = 365;
export const MAX_REMINDER_DAYS = 10;
export const MAX_REMINDERS = 10;

/** The daily job that marks due documents (src/jobs/job-handlers.ts). */
export const REMINDERS_JOB = 'reminders.mark-due';
/** The hour (UTC) of the daily check. */
export const REMINDERS_HOUR_UTC = 4;

/** Audit actions of the area (ids only). */
export const REMINDER_ACTIONS = {
  /** Also in the document's timeline (src/documents/document-timeline.ts). */
  sent: DOCUMENT_ACTIONS.reminderSent,
  stopped: 'document.reminders_stopped',
  resumed: 'document.reminders_resumed',
  settingsChanged: 'organisation.reminders_changed',
} as const;

const DAY_MS = 24 * 3_600_000;

/** A stored settings row (or none: the defaults, off) as the area's type. */
export function settingsOf(
  row: { enabled: number; days: string; maxReminders: number; updatedAt: string } | undefined,
): ReminderSettings {
  if (row === undefined) return DEFAULT_REMINDER_SETTINGS;
  const parsed: unknown = JSON.parse(row.days);
  return {
    enabled: row.enabled === 1,
    days: Array.isArray(parsed) ? parsed.filter((day): day is number => Number.isInteger(day)) : [],
    maxReminders: row.maxReminders,
    updatedAt: row.updatedAt,
  };
}

/**
 * When reminder number `count + 1` of a document becomes due: `days[count]` days after issuance;
 * past the listed days, the last interval repeats (`[7, 21]` → 7, 21, 35, 49 …); and never sooner
 * than the first interval after the previous reminder, so a reminder sent late (nobody unlocked
 * for weeks) is not followed by another the next day. Null once `maxReminders` were sent.
 */
export function nextReminderAt(
  settings: Pick<ReminderSettings, 'days' | 'maxReminders'>,
  document: { issuedAt: string; sentCount: number; lastSentAt: string | null },
): Date | null {
  const { days } = settings;
  const count = document.sentCount;
  const first = days[0];
  const last = days[days.length - 1];
  if (count >= settings.maxReminders || first === undefined || last === undefined) return null;
  const interval = days.length > 1 ? last - (days[days.length - 2] ?? 0) : last;
  const offsetDays = days[count] ?? last + (count - days.length + 1) * interval;
  let due = new Date(document.issuedAt).getTime() + offsetDays * DAY_MS;
  if (document.lastSentAt !== null)
    due = Math.max(due, new Date(document.lastSentAt).getTime() + first * DAY_MS);
  return new Date(due);
}

/** The next daily check after `now`, at REMINDERS_HOUR_UTC. */
export function nextRemindersCheck(now: Date): Date {
  return nextDailyRun(now, REMINDERS_HOUR_UTC);
}
