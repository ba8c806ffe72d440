import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.js';
import {
  getDocumentReminders,
  setDocumentRemindersStopped,
} from '../../../reminders/document-reminders.js';
import { getReminderSettings, setReminderSettings } from '../../../reminders/reminder-settings.js';
import { sendDueReminders } from '../../../reminders/send-due-reminders.js';
import { BearerSecurity, errors, PublicId } from '../../schemas.js';
import {
  DocumentReminders,
  ReminderSettings,
  ReminderSettingsBody,
  RemindersDue,
  RemindersSent,
} from './reminders.schemas.js';

/**
 * Reminders for documents not activated after N days (issue 12; DESIGN §5 "Reminders"): the
 * organisation's settings, how many are due, sending them, and stopping them per document.
 */
export function reminderRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const params = Type.Object({ organisationId: PublicId });
    const documentParams = Type.Object({ organisationId: PublicId, documentId: PublicId });

    app.get(
      '/api/organisations/:organisationId/reminders/settings',
      {
        schema: {
          tags: ['reminders'],
          summary: 'Reminder settings',
          description:
            'Members and API keys that may read. Off by default (the suggested days are 7 and 21).',
          security: BearerSecurity,
          params,
          response: { 200: ReminderSettings, ...errors(401, 403, 404) },
        },
      },
      async (request) => getReminderSettings(ctx, request.actor, request.params.organisationId),
    );

    app.put(
      '/api/organisations/:organisationId/reminders/settings',
      {
        schema: {
          tags: ['reminders'],
          summary: 'Set the reminder settings',
          description:
            'Owners and admins. A daily check (04:00 UTC) marks the documents not activated after the given days (counts only: the server cannot read an address or make a link without the organisation key); the reminders go out when a member who may issue unlocks the organisation, or presses send-due. Saving marks the due documents at once. Turning reminders off stops every one not yet sent. Audited.',
          security: BearerSecurity,
          params,
          body: ReminderSettingsBody,
          response: { 200: ReminderSettings, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) =>
        setReminderSettings(ctx, request.actor, request.params.organisationId, request.body),
    );

    app.get(
      '/api/organisations/:organisationId/reminders/due',
      {
        schema: {
          tags: ['reminders'],
          summary: 'How many reminders are due',
          description:
            'Members and API keys that may read: the documents due for a reminder now (0 while reminders are off), and when the daily check last ran.',
          security: BearerSecurity,
          params,
          response: { 200: RemindersDue, ...errors(401, 403, 404) },
        },
      },
      async (request) => {
        const settings = await getReminderSettings(
          ctx,
          request.actor,
          request.params.organisationId,
        );
        return {
          enabled: settings.enabled,
          dueCount: settings.dueCount,
          checkedAt: settings.checkedAt,
        };
      },
    );

    app.post(
      '/api/organisations/:organisationId/reminders/send-due',
      {
        schema: {
          tags: ['reminders'],
          summary: 'Send the due reminders now',
          description: `Needs the "issue" permission and the organisation key unlocked in this session (403 UNLOCK_REQUIRED otherwise; API keys cannot unlock). Each due document is re-keyed as "re-send the link" does and gets the reminder e-mail with a new link; older links stop working. At most 500 per call (\`remaining\` says how many are left). Stops at the first e-mail the relay refuses, and as soon as the unlock it started under ends; those documents stay due, and \`stoppedBy\` says which stopped it. 409 CONFLICT while this organisation's reminders are being sent already.`,
          security: BearerSecurity,
          params,
          response: { 200: RemindersSent, ...errors(401, 403, 404, 409) },
        },
      },
      async (request) => sendDueReminders(ctx, request.actor, request.params.organisationId),
    );

    app.get(
      '/api/organisations/:organisationId/documents/:documentId/reminders',
      {
        schema: {
          tags: ['reminders'],
          summary: 'A document’s reminders',
          description:
            'Members and API keys that may read: how many reminders were sent and when the last one was, whether one is due, whether they were stopped.',
          security: BearerSecurity,
          params: documentParams,
          response: { 200: DocumentReminders, ...errors(401, 403, 404) },
        },
      },
      async (request) => getDocumentReminders(ctx, request.actor, request.params),
    );

    app.put(
      '/api/organisations/:organisationId/documents/:documentId/reminders',
      {
        schema: {
          tags: ['reminders'],
          summary: 'Stop (or allow again) a document’s reminders',
          description:
            'Needs the "issue" permission. `stopped: true` means this document gets no more reminders whatever the settings. A change is audited.',
          security: BearerSecurity,
          params: documentParams,
          body: Type.Object({ stopped: Type.Boolean() }),
          response: { 200: DocumentReminders, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) =>
        setDocumentRemindersStopped(ctx, request.actor, {
          ...request.params,
          stopped: request.body.stopped,
        }),
    );
  };
}
