import { Type } from 'typebox';
import { MAX_REMINDER_DAY, MAX_REMINDER_DAYS, MAX_REMINDERS } from '../../../reminders/reminder.js';
import { Nullable } from '../../schemas.js';

export const ReminderSettingsBody = Type.Object({
  enabled: Type.Boolean({
    description: 'Off stops every reminder not yet sent, for the whole organisation.',
  }),
  days: Type.Array(Type.Integer({ minimum: 1, maximum: MAX_REMINDER_DAY }), {
    minItems: 1,
    maxItems: MAX_REMINDER_DAYS,
    description:
      'Whole days after issuance, going up: the n-th reminder is due that many days after; past the list the last interval repeats.',
  }),
  maxReminders: Type.Integer({
    minimum: 1,
    maximum: MAX_REMINDERS,
    description: 'The most reminders one document gets.',
  }),
});

export const ReminderSettings = Type.Object({
  enabled: Type.Boolean(),
  days: Type.Array(Type.Integer()),
  maxReminders: Type.Integer(),
  updatedAt: Nullable(Type.String({ description: 'Null while never set (reminders off).' })),
  dueCount: Type.Integer({
    description: 'Documents due for a reminder now: sent at the next unlock or send-due.',
  }),
  checkedAt: Nullable(Type.String({ description: 'When the daily check last marked them.' })),
});

export const RemindersDue = Type.Object({
  enabled: Type.Boolean(),
  dueCount: Type.Integer(),
  checkedAt: Nullable(Type.String()),
});

export const RemindersSent = Type.Object({
  sent: Type.Integer({ description: 'Reminders e-mailed, each with a new link.' }),
  skipped: Type.Integer({
    description: 'Documents that changed meanwhile (activated, revoked, stopped, already sent).',
  }),
  failed: Type.Integer({
    description: 'Documents not mailed (the relay refused, a key is missing); they stay due.',
  }),
  remaining: Type.Integer({ description: 'Still due after this call.' }),
  stoppedBy: Type.Union(
    [
      Type.Literal('unlock_expired'),
      Type.Literal('locked'),
      Type.Literal('logged_out'),
      Type.Literal('relay_refused'),
      Type.Null(),
    ],
    {
      description:
        'Why sending stopped before the due documents ran out: the unlock it started under ended (expired, locked again, logged out: unlock and send again), or the relay refused a mail. Null when none stopped it.',
    },
  ),
});

export const DocumentReminders = Type.Object({
  documentId: Type.String(),
  sentCount: Type.Integer(),
  lastSentAt: Nullable(Type.String()),
  dueSince: Nullable(Type.String()),
  stoppedAt: Nullable(Type.String()),
});
