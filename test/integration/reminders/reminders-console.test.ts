import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recordDeliveryReport } from '../../../src/delivery/record-delivery-report.js';
import { JOB_HANDLERS } from '../../../src/jobs/job-handlers.js';
import type { JobHandler } from '../../../src/jobs/job.js';
import { REMINDERS_JOB } from '../../../src/reminders/reminder.js';
import { checkConsolePage, useConsoleTest } from '../../helpers/console-browser.js';
import { issueOne, newApprovedIssuer } from '../../helpers/factories.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { expectHeading, expectPath } from '../console/console-journey.js';

/*
 * The console's reminders in Chromium (issue 12): an owner sets them on the organisation page (a
 * mistake first, said next to the field), sees "1 reminder is due — send it now" on the documents
 * page once unlocked, sends it, sees it in the document's history and stops the document's
 * reminders on its page, then sees it bounced (a delivery report) in the history with the
 * codes; each step checked with axe-core at 1280 and 390 px. One dialect: the API tests cover
 * both.
 */
const dialect = DIALECTS[0]!;
const DAY = 24 * 3_600_000;

describe(`reminders in the console (${dialect})`, () => {
  const journey = useConsoleTest(dialect, 'reminders');

  it('sets reminders, sends the due one from the banner, and stops a document’s reminders', async () => {
    const { platform } = journey;
    const issuer = await newApprovedIssuer(platform, 'Université des Rappels');
    const documentId = await issueOne(platform, issuer, {
      recipient: { name: 'Rémi Rappel', email: 'remi@rappels.example' },
    });
    const base = `/console/o/${issuer.organisationId}`;
    const recorded = await journey.logInAs(issuer, `${base}/organisation`);
    const { page } = recorded;
    await expectPath(page, `${base}/organisation`);
    await expect.poll(() => page.getByRole('heading', { name: 'Reminders' }).count()).toBe(1);

    await page.getByLabel('Send reminders').check();
    await page.fill('#reminder-days', '21, 7');
    await page.getByRole('button', { name: 'Save the reminders' }).click();
    await expect
      .poll(() => page.locator('#reminder-days-error').textContent())
      .toContain('each larger than the one before');
    await page.fill('#reminder-days', '7, 21');
    await page.getByRole('button', { name: 'Save the reminders' }).click();
    await expect.poll(() => page.getByText('0 reminders are due now.').count()).toBe(1);
    await checkConsolePage(recorded, 'reminder-settings', journey.group);

    await page.goto(`${platform.baseUrl}${base}/documents`);
    await expectHeading(page, 'Documents');
    await page.fill('#unlock-password', issuer.password);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => page.getByTestId('unlock-countdown').count()).toBe(1);

    // Eight days later by the injected clock, the daily check marks the document due.
    platform.clock.advance(8 * DAY);
    try {
      await (JOB_HANDLERS[REMINDERS_JOB] as JobHandler)(platform.ctx, {
        id: 0,
      } as Parameters<JobHandler>[1]);
    } finally {
      platform.clock.reset();
    }
    await page.reload();
    const banner = page.getByRole('heading', { name: '1 reminder is due — send it now' });
    await expect.poll(() => banner.count(), { timeout: 15_000 }).toBe(1);
    await checkConsolePage(recorded, 'reminders-due', journey.group);
    await page.getByRole('button', { name: 'Send now' }).click();
    await expect.poll(() => page.getByText('1 reminder sent.').count()).toBe(1);
    await checkConsolePage(recorded, 'reminders-sent', journey.group);

    await page.goto(`${platform.baseUrl}${base}/documents/${documentId}`);
    await expect
      .poll(() => page.getByText(/^1 reminder sent, the last on/).count(), { timeout: 15_000 })
      .toBe(1);
    // The document's history shows the reminder after its issuance, then its delivery.
    await expect
      .poll(async () =>
        (await page.locator('.timeline .timeline-what').allTextContents()).map((text) =>
          text.trim(),
        ),
      )
      .toEqual([
        'Issued',
        'Reminder e-mailed with a new activation link',
        'E-mail taken by the mail server',
      ]);
    await page.getByRole('button', { name: 'Stop reminders' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: 'Allow reminders again' }).count())
      .toBe(1);
    await checkConsolePage(recorded, 'document-reminders-stopped', journey.group);

    // The reminder comes back undelivered (a delivery report): its history says so, with codes.
    const { deliveryToken } = await platform.ctx.db
      .selectFrom('documents')
      .select('deliveryToken')
      .where('publicId', '=', documentId)
      .executeTakeFirstOrThrow();
    const report = readFileSync(
      new URL('../delivery/fixtures/postfix-dsn-failed.eml', import.meta.url),
      'utf8',
    ).replaceAll('{{TOKEN}}', deliveryToken ?? '');
    expect(await recordDeliveryReport(platform.ctx, Buffer.from(report))).toMatchObject({
      ignored: false,
      state: 'bounced',
    });
    await page.reload();
    await expect
      .poll(() =>
        page.getByText('E-mail returned undelivered: correct the address or re-send').count(),
      )
      .toBe(1);
    await expect
      .poll(() => page.getByText('Mail server’s answer: 5.1.1 smtp; 550 5.1.1').count())
      .toBe(1);
    await checkConsolePage(recorded, 'document-delivery-bounced', journey.group);
    const row = await platform.ctx.db
      .selectFrom('documentReminders')
      .select(['sentCount', 'stoppedAt'])
      .executeTakeFirstOrThrow();
    expect(row.sentCount).toBe(1);
    expect(row.stoppedAt).not.toBeNull();
  });
});
