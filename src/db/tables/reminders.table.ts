/** An organisation's reminder settings (issue 12): absent means reminders are off. */
export interface ReminderSettingsTable {
  organisationId: number;
  /** 1 = reminders are marked and sent; 0 = stopped for the whole organisation. */
  enabled: number;
  /** JSON array of whole days after issuance, ascending, e.g. `[7,21]`. */
  days: string;
  /** The most reminders one document gets. */
  maxReminders: number;
  updatedAt: string;
  /** When the daily check last ran for this organisation; null before the first. */
  checkedAt: string | null;
  /** How many documents that check found due (a count only). */
  dueCount: number;
}

/** What reminders did for one document: sent, marked due, or stopped by the issuer. */
export interface DocumentRemindersTable {
  documentId: number;
  organisationId: number;
  sentCount: number;
  lastSentAt: string | null;
  /** Since when a reminder is due (marked by the daily check); null when none is. */
  dueSince: string | null;
  /** An issuer stopped reminders for this document; null while they may go. */
  stoppedAt: string | null;
}
