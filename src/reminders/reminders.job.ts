import type { JobHandler } from '../jobs/job.js';
import { ensureRemindersJob, markAllDueReminders } from './mark-due-reminders.js';

/**
 * `reminders.mark-due` {}: marks the documents due for a reminder in every organisation whose
 * reminders are on (counts only), then queues the next daily check. Idempotent: a document
 * already marked keeps its mark.
 */
export const markDueRemindersJob: JobHandler = async (ctx, job) => {
  await markAllDueReminders(ctx);
  await ensureRemindersJob(ctx.db, ctx.now(), job.id);
};
