import { describe, expect, it } from 'vitest';
import { checkConsolePage, useConsoleTest } from '../../helpers/console-browser.js';
import { newApprovedIssuer } from '../../helpers/factories.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { expectHeading, expectPath } from '../console/console-journey.js';

/*
 * The terms pages in Chromium (issue 13 #1): a platform admin writes issuer terms in English and
 * French, previews and publishes them behind a confirmation; the issuer's owner, going to their
 * documents, is stopped on the acceptance page, reads it in French, accepts, and lands where they were
 * going. The DPO report page is checked too. Every page through axe-core at 1280 and 390 px.
 * One dialect: the API tests cover both.
 */
const dialect = DIALECTS[0]!;
const PASSWORD = 'a platform admin passphrase';

describe(`the terms pages (${dialect})`, () => {
  const journey = useConsoleTest(dialect, 'terms');

  it('an admin publishes issuer terms; the owner must accept them before going on', async () => {
    const { platform, group } = journey;
    const issuer = await newApprovedIssuer(platform, 'Université des Conditions');
    const admin = await journey.newPlatformAdmin(
      `terms-admin@platform-${dialect}.example`,
      PASSWORD,
    );

    // The admin's list: the recipient terms carried over, in force.
    const adminPage = await journey.logInAs(admin, '/console/admin/terms');
    const { page } = adminPage;
    await expectHeading(page, 'Terms of use');
    await expect.poll(() => page.getByRole('link', { name: 'Open 1' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('In force').first().isVisible()).toBe(true);
    await checkConsolePage(adminPage, 'admin-terms', group);

    // A new issuer version: a draft, saved, previewed in French, published after confirming.
    await page.getByRole('link', { name: 'New issuer terms' }).click();
    await expectHeading(page, 'New Issuer terms');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.locator('#terms-label-error').textContent()).not.toBe('');
    await page.fill('#terms-label', '2026-12');
    await page.fill('#terms-body-en', 'Issuers keep recipients informed.\n\nSecond paragraph.');
    await page.fill('#terms-body-fr', 'Les émetteurs informent les destinataires.\n\nDeuxième.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expectPath(page, /^\/console\/admin\/terms\/\d+$/);
    await expectHeading(page, 'Issuer terms — version 2026-12');
    await page.getByRole('radio', { name: 'French' }).check();
    await expect
      .poll(() => page.locator('.terms-text[lang="fr"] p').first().textContent())
      .toBe('Les émetteurs informent les destinataires.');
    await checkConsolePage(adminPage, 'admin-terms-draft', group);
    await page.getByRole('button', { name: 'Publish…' }).click();
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
    await checkConsolePage(adminPage, 'admin-terms-publish-dialog', group);
    await page.getByRole('dialog').getByRole('button', { name: 'Publish' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('Version 2026-12 is published.');
    await expect.poll(() => page.locator('#terms-label').count()).toBe(0);

    // The DPO's report counts nothing yet but describes this installation.
    await page.goto(`${platform.baseUrl}/console/admin/dpo`);
    await expectHeading(page, 'Report for the data protection officer');
    await expect
      .poll(() => page.getByRole('heading', { name: 'Register of processing' }).isVisible())
      .toBe(true);
    await checkConsolePage(adminPage, 'admin-dpo', group);

    // The owner goes to their documents and is asked to accept first; they read it in French.
    const documents = `/console/o/${issuer.organisationId}/documents`;
    const ownerPage = await journey.logInAs(issuer, documents);
    const owner = ownerPage.page;
    await expectPath(owner, '/console/terms/accept');
    await expectHeading(owner, 'New terms of use');
    await expect
      .poll(() => owner.locator('.terms-text p').first().textContent())
      .toBe('Issuers keep recipients informed.');
    await owner.getByRole('radio', { name: 'French' }).check();
    await expect
      .poll(() => owner.locator('.terms-text p').first().textContent())
      .toBe('Les émetteurs informent les destinataires.');
    await checkConsolePage(ownerPage, 'terms-accept', group);
    await owner.getByRole('button', { name: 'Accept and continue' }).click();
    await expect
      .poll(() => owner.locator('#terms-agree-error').textContent())
      .toContain('Tick the box');
    await owner.getByLabel('I have read and accept these terms.').check();
    await owner.getByRole('button', { name: 'Accept and continue' }).click();
    await expectPath(owner, documents);

    // The acceptance names the version and the language shown; the account page lists it.
    const stored = await platform.ctx.db
      .selectFrom('termsAcceptances')
      .select(['kind', 'language', 'method'])
      .where('kind', '=', 'issuer')
      .execute();
    expect(stored).toEqual([{ kind: 'issuer', language: 'fr', method: 'console' }]);
    await owner.goto(`${platform.baseUrl}/console/account`);
    await expect
      .poll(() => owner.getByRole('heading', { name: 'Terms accepted' }).isVisible())
      .toBe(true);
    await expect.poll(() => owner.getByText('Issuer terms — 2026-12').isVisible()).toBe(true);
    await checkConsolePage(ownerPage, 'account-consents', group);
  }, 180_000);
});
