import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_HANDLERS } from '../../../src/jobs/job-handlers.js';
import { createJobRunner, type JobRunner } from '../../../src/jobs/job-runner.js';
import { checkConsolePage, launchConsoleBrowser } from '../../helpers/console-browser.js';
import type { ConsoleBrowser } from '../../helpers/console-browser.js';
import { newApprovedIssuer } from '../../helpers/factories.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { startWebhookReceiver, type WebhookReceiver } from '../webhooks/webhook-receiver.js';
import { expectHeading, expectPath, logIn } from './console-journey.js';

/*
 * The webhook pages in Chromium (issue 12 #5): an owner adds an endpoint (its secret shown once),
 * sends a test event to a receiver on 127.0.0.1, sees it delivered in the log with its attempt,
 * redelivers it and disables the endpoint; each page checked with axe-core at 1280 and 390 px.
 * One dialect: the API test covers both.
 */
const dialect = DIALECTS[0]!;

describe(`the webhook pages (${dialect})`, () => {
  let platform: TestPlatform;
  let browser: ConsoleBrowser;
  let receiver: WebhookReceiver;
  let runner: JobRunner;

  beforeAll(async () => {
    platform = await startTestPlatform(dialect, { WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: 'true' });
    receiver = await startWebhookReceiver();
    runner = createJobRunner(platform.ctx, { handlers: JOB_HANDLERS, pollIntervalMs: 200 });
    runner.start();
    browser = await launchConsoleBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await runner?.stop();
    await receiver?.stop();
    await platform?.close();
  });

  it('adds an endpoint, sends a test event, sees it in the log, redelivers and disables', async () => {
    const issuer = await newApprovedIssuer(platform, 'Université des Crochets');
    const recorded = await browser.newPage();
    const { page } = recorded;
    const journey = { platform, browser, group: `webhooks-${dialect}` };
    const base = `/console/o/${issuer.organisationId}/webhooks`;
    await logIn(
      journey,
      { email: issuer.email, password: issuer.password, totpSecret: issuer.totpSecret, recorded },
      base,
    );
    await expectPath(page, base);
    await expectHeading(page, 'Webhooks');
    await expect.poll(() => page.getByText('No endpoint yet.').isVisible()).toBe(true);
    await checkConsolePage(recorded, 'webhooks-empty', journey.group);

    // A mistake first: the form says so next to the field.
    await page.fill('#webhook-new-url', 'not a url');
    await page.getByRole('button', { name: 'Add the endpoint' }).click();
    await expect
      .poll(() => page.locator('#webhook-new-url-error').textContent())
      .toContain('not an https URL');

    await page.fill('#webhook-new-url', receiver.url);
    await page.fill('#webhook-new-description', 'Student information system');
    await page.getByLabel(/Document suspended/).check();
    await page.getByRole('button', { name: 'Add the endpoint' }).click();
    await expect.poll(() => page.locator('[data-testid="secret"]').isVisible()).toBe(true);
    const secret = ((await page.locator('[data-testid="secret"]').textContent()) ?? '').trim();
    expect(secret).toMatch(/^whsec_/);
    await checkConsolePage(recorded, 'webhooks-secret', journey.group);
    await page.getByLabel('I have given the secret to the receiving system').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.locator('[data-testid="secret"]').count()).toBe(0);
    await checkConsolePage(recorded, 'webhooks-list', journey.group);

    await page.getByRole('link', { name: `Manage the endpoint ${receiver.url}` }).click();
    await expectPath(page, new RegExp(`^${base}/[A-Za-z0-9_-]{22}$`));
    await expectHeading(page, receiver.url);
    await expect.poll(() => page.getByText('No delivery matches.').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Send a test event' }).click();
    const row = page.locator('[data-testid^="delivery-"]').first();
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('Delivered');
    expect(await row.textContent()).toContain('HTTP 200');
    expect(receiver.received).toHaveLength(1);
    const request = receiver.received[0]!;
    const header = String(request.headers['certa-signature']);
    const t = /^t=(\d+)/.exec(header)![1]!;
    const expected = createHmac('sha256', secret).update(`${t}.${request.rawBody}`).digest('hex');
    expect(header).toContain(`v1=${expected}`);

    await row.getByText('Attempts and body').click();
    await expect
      .poll(() => row.locator('pre.webhook-body').textContent())
      .toContain('webhook.test');
    expect(await row.textContent()).toContain('thanks');
    await checkConsolePage(recorded, 'webhook-log', journey.group);

    await row.getByRole('button', { name: /^Redeliver event / }).click();
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(2);
    expect(receiver.received[1]!.headers['certa-event-id']).toBe(request.headers['certa-event-id']);

    // Filters: no failed delivery.
    await page.selectOption('#webhook-log-status', 'failed');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await expect.poll(() => page.getByText('No delivery matches.').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => page.locator('.webhook-summary .badge').textContent()).toBe('Disabled');
    expect(await page.getByRole('button', { name: 'Send a test event' }).isDisabled()).toBe(true);
    await checkConsolePage(recorded, 'webhook-disabled', journey.group);
  }, 180_000);
});
