import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { insertOrganisation } from '../../../src/db/repositories/organisation.repository.js';
import { checkConsolePage, DESKTOP, PHONE, useConsoleTest } from '../../helpers/console-browser.js';
import type { RecordedPage } from '../../helpers/console-browser.js';
import { issueOne, newApprovedIssuer } from '../../helpers/factories.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { expectHeading, expectPath } from './console-journey.js';

/*
 * The console's list pages, built from one DataTable / FilterBar / PaginationNav: each is checked
 * with axe-core and photographed at 1280 and 390 px, and at 390 px nothing makes the page wider
 * than the screen. A batch's columns are re-mapped after its report (the same batch, checked
 * again from the stored file once the organisation is unlocked); the platform admins' issuer
 * list is paged by the server and filtered by status and by name, with both in the address.
 */
const dialect = DIALECTS[0]!;
const PASSWORD = 'a platform admin passphrase';
const SHOTS = process.env.CONSOLE_LIST_SHOTS;

/** At phone width the page scrolls only downwards: no table or form pushes it sideways. */
async function expectNoSidewaysScroll(page: Page, name: string): Promise<void> {
  await page.setViewportSize(PHONE);
  const width = await page.evaluate<number>('document.documentElement.scrollWidth');
  if (SHOTS !== undefined) {
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `${name}-390.png`), fullPage: true });
    await page.setViewportSize(DESKTOP);
    await page.screenshot({ path: path.join(SHOTS, `${name}-1280.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
  expect(width, `${name} at ${PHONE.width} px`).toBeLessThanOrEqual(PHONE.width);
}

async function checkList(recorded: RecordedPage, name: string, group: string): Promise<void> {
  await checkConsolePage(recorded, name, group);
  await expectNoSidewaysScroll(recorded.page, name);
}

describe(`the console's list pages (${dialect})`, () => {
  const journey = useConsoleTest(dialect, 'lists');

  it('re-maps a batch without a new upload, and shows every list of an organisation', async () => {
    const { platform, group } = journey;
    const issuer = await newApprovedIssuer(platform, 'Université des Listes');
    await issueOne(platform, issuer);
    const organisation = `/console/o/${issuer.organisationId}`;
    const recorded = await journey.logInAs(issuer, `${organisation}/batches`);
    const { page } = recorded;
    await expectHeading(page, 'Batches');

    const file = path.join(platform.dataDir, 'two-addresses.csv');
    fs.writeFileSync(
      file,
      'name;email;work_email\nAda Lovelace;not-an-address;ada@work.example\nCléo Dupont;cleo@example.org;cleo@work.example\n',
    );
    await page.fill('#batch-title', 'Certificate of attendance');
    await page.setInputFiles('#batch-file', file);
    await expectPath(page, new RegExp(`^${organisation}/batches/[A-Za-z0-9_-]{22}$`));
    const batchPath = new URL(page.url()).pathname;
    const summary = page.locator('[data-testid="batch-summary"]');
    await expect
      .poll(() => summary.textContent(), { timeout: 15_000 })
      .toContain('1 valid rows, 1 with problems');

    // Another column for the addresses: the file is sealed, so the page asks to unlock first.
    await page.getByLabel('email', { exact: true }).selectOption('ignore');
    await page.getByLabel('work_email', { exact: true }).selectOption('recipient.email');
    const recheck = page.getByRole('button', { name: 'Check the file again with these columns' });
    await recheck.click();
    await expect
      .poll(() => page.getByText(/unlock the organisation \(below\)/).isVisible())
      .toBe(true);
    await page.getByLabel('Your password').fill(issuer.password);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect.poll(() => page.getByText(/^Unlocked/).isVisible()).toBe(true);
    await recheck.click();
    await expect.poll(() => summary.textContent()).toContain('2 valid rows, 0 with problems');
    expect(new URL(page.url()).pathname).toBe(batchPath);
    expect(await page.locator('[data-testid^="problem-"]').count()).toBe(0);
    await checkList(recorded, 'batch-remapped', group);

    for (const [route, heading, name] of [
      ['batches', 'Batches', 'batches-list'],
      ['documents', 'Documents', 'documents-list'],
      ['webhooks', 'Webhooks', 'webhooks-list'],
      ['api-keys', 'API keys', 'api-keys-list'],
      ['audit', 'Audit trail', 'organisation-audit-list'],
    ] as const) {
      await page.goto(`${platform.baseUrl}${organisation}/${route}`);
      await expectHeading(page, heading);
      await page.waitForLoadState('networkidle');
      await checkList(recorded, name, group);
    }
    // The batch re-mapped above is still the only one.
    await page.goto(`${platform.baseUrl}${organisation}/batches`);
    await expect.poll(() => page.locator('[data-testid^="batch-"]').count()).toBe(1);
    // Documents sort by a header button that says its order to screen readers.
    await page.goto(`${platform.baseUrl}${organisation}/documents`);
    const titleHeader = page.getByRole('columnheader', { name: /Title/ });
    await expect.poll(() => titleHeader.getAttribute('aria-sort')).toBe('none');
    await titleHeader.getByRole('button').click();
    await expect.poll(() => titleHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(new URL(page.url()).searchParams.get('sort')).toBe('title');
  }, 180_000);

  it('pages and filters the issuers for platform admins, with the filters in the address', async () => {
    const { platform, group } = journey;
    for (let i = 1; i <= 30; i += 1)
      await insertOrganisation(platform.ctx.db, {
        publicId: randomBytes(16).toString('base64url'),
        name: `École numéro ${String(i).padStart(2, '0')}`,
        legalName: null,
        status: i % 2 === 0 ? 'approved' : 'submitted',
        createdAt: '2026-12-01T00:00:00.000Z',
        submittedAt: `2026-11-01T00:00:${String(i).padStart(2, '0')}.000Z`,
        approvedAt: null,
        approvedByUserId: null,
      });
    const admin = await journey.newPlatformAdmin(
      `lists-admin@platform-${dialect}.example`,
      PASSWORD,
    );
    const recorded = await journey.logInAs(admin, '/console/admin/issuers');
    const { page } = recorded;
    await expectHeading(page, 'Issuers');
    const rows = page.locator('[data-testid^="issuer-"]');
    await expect.poll(() => rows.count()).toBe(25);
    await expect.poll(() => page.getByText(/^1–25 of 3\d$/).isVisible()).toBe(true);
    await checkList(recorded, 'admin-issuers', group);

    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('page')).toBe('2');
    await expect.poll(() => page.getByText(/^26–3\d of 3\d$/).isVisible()).toBe(true);

    // A status and a part of the name, accents aside: page 1 again, both in the address.
    await page.selectOption('#issuers-status', 'submitted');
    await page.fill('#issuers-search', 'ecole numero 1');
    await page.keyboard.press('Enter');
    await expect.poll(() => rows.count()).toBe(5); // 11, 13, 15, 17 and 19
    const query = new URL(page.url()).searchParams;
    expect([query.get('status'), query.get('q'), query.get('page')]).toEqual([
      'submitted',
      'ecole numero 1',
      null,
    ]);
    expect(await page.getByRole('status').filter({ hasText: '5 organisations' }).count()).toBe(1);
    await checkList(recorded, 'admin-issuers-filtered', group);

    // The address alone gives the same list (reload, bookmark).
    await page.reload();
    await expect.poll(() => rows.count()).toBe(5);
    expect(await page.inputValue('#issuers-search')).toBe('ecole numero 1');
    await page.getByRole('button', { name: 'Clear the filters' }).click();
    await expect.poll(() => rows.count()).toBe(25);

    await page.goto(`${platform.baseUrl}/console/admin`);
    await expectHeading(page, 'Review queue');
    await expect.poll(() => page.locator('[data-testid^="queue-"]').count()).toBe(15);
    await checkList(recorded, 'review-queue', group);
  }, 180_000);
});
