import { describe, expect, it } from 'vitest';
import { checkConsolePage, useConsoleTest } from '../../helpers/console-browser.js';
import { issueOne, newApprovedIssuer } from '../../helpers/factories.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { expectHeading } from '../console/console-journey.js';

/*
 * The audit trail pages in Chromium (issue 13 #3): a platform admin sees the whole trail with
 * the chain's state and filters it by action; an organisation's owner sees their own. Every page
 * through axe-core at 1280 and 390 px. One dialect: the API tests cover both.
 */
const dialect = DIALECTS[0]!;
const PASSWORD = 'a platform admin passphrase';

describe(`the audit trail pages (${dialect})`, () => {
  const journey = useConsoleTest(dialect, 'audit');

  it('the admin reads the whole chain and filters it; the owner reads their own', async () => {
    const { platform, group } = journey;
    const issuer = await newApprovedIssuer(platform, 'Université du Journal');
    const documentId = await issueOne(platform, issuer);
    const admin = await journey.newPlatformAdmin(
      `audit-admin@platform-${dialect}.example`,
      PASSWORD,
    );

    const adminPage = await journey.logInAs(admin, '/console/admin/audit');
    const { page } = adminPage;
    await expectHeading(page, 'Audit trail');
    await expect
      .poll(() => page.getByText(/Verified from entry 1 up to entry/).isVisible())
      .toBe(true);
    await expect
      .poll(() => page.getByText('No head is anchored in Bitcoin yet.').isVisible())
      .toBe(true);
    await expect.poll(() => page.getByRole('cell', { name: 'document.issued' }).count()).toBe(1);
    await checkConsolePage(adminPage, 'admin-audit', group);

    await page.selectOption('#audit-action', 'document.issued');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('.audit-table tbody tr').count()).toBe(1);
    await expect.poll(() => page.getByText(documentId).isVisible()).toBe(true);
    await checkConsolePage(adminPage, 'admin-audit-filtered', group);

    const ownerPage = await journey.logInAs(issuer, `/console/o/${issuer.organisationId}/audit`);
    const owner = ownerPage.page;
    await expectHeading(owner, 'Audit trail');
    await expect.poll(() => owner.getByRole('cell', { name: 'document.issued' }).count()).toBe(1);
    await expect
      .poll(() => owner.getByRole('link', { name: 'Audit trail' }).isVisible())
      .toBe(true);
    await checkConsolePage(ownerPage, 'organisation-audit', group);
  }, 180_000);
});
