import type { JobHandler } from './job.js';
import { retentionRunJob } from '../privacy/retention.job.js';
import { deliverWebhookJob } from './webhook-deliver.job.js';
import { markDueRemindersJob } from '../reminders/reminders.job.js';

/**
 * Every kind of durable job and the handler that runs it: ONE line per kind, e.g.
 * `'webhook.deliver': deliverWebhookJob,`. A runner claims only the kinds listed here; a job of a
 * kind missing from a runner's list waits for a runner that has it.
 */
export const JOB_HANDLERS: Record<string, JobHandler> = {
  'webhook.deliver': deliverWebhookJob,
  'retention.run': retentionRunJob,
  'reminders.mark-due': markDueRemindersJob,
};
