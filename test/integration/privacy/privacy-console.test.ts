import { describe, expect, it } from 'vitest';
import { checkConsolePage, useConsoleTest } from '../../helpers/console-browser.js';
import { issueOne, newApprovedIssuer } from '../../helpers/factories.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { expectHeading, expectPath } from '../console/console-journey.js';

/*
 * The console's privacy pieces in Chromium (issue 13): an owner sets retention rules (a mistake
 * first, said next to the field) and erases a document from its page behind a confirmation with
 * a reason; each page checked with axe-core at 1280 and 390 px. One dialect: the API tests cover
 * both.
 */
const dialect = DIALECTS[0]!;

describe(`the retention page and the erase action (${dialect})`, () => {
  const journey = useConsoleTest(dialect, 'privacy');

  it('sets the retention rules, then erases a document with a reason', async () => {
    const { platform } = journey;
    const issuer = await newApprovedIssuer(platform, 'Université de l’Oubli');
    const documentId = await issueOne(platform, issuer, {
      recipient: { name: 'Oubliée Durand', email: 'oubliee@oubli.example' },
    });
    const base = `/console/o/${issuer.organisationId}`;
    const recorded = await journey.logInAs(issuer, `${base}/retention`);
    const { page } = recorded;
    await expectPath(page, `${base}/retention`);
    await expectHeading(page, 'Data retention');
    await expect.poll(() => page.getByText('No run yet.').isVisible()).toBe(true);
    await checkConsolePage(recorded, 'retention-off', journey.group);

    await page.getByLabel('Erase documents never activated').check();
    await page.fill('#retention-months', '0');
    await page.getByRole('button', { name: 'Save the rules' }).click();
    await expect
      .poll(() => page.locator('#retention-months-error').textContent())
      .toContain('from 1 to 120');
    await page.fill('#retention-months', '18');
    await page.getByRole('button', { name: 'Save the rules' }).click();
    await expect
      .poll(() => page.getByText('The retention rules are saved.').count())
      .toBeGreaterThan(0);
    await checkConsolePage(recorded, 'retention-set', journey.group);
    const rules = await platform.ctx.db
      .selectFrom('retentionRules')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(rules).toMatchObject({ pendingMonths: 18, activatedYears: null });

    await page.goto(`${platform.baseUrl}${base}/documents/${documentId}`);
    await page.getByRole('button', { name: 'Erase this document’s data…' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.selectOption('#erase-reason', 'issued_in_error');
    await checkConsolePage(recorded, 'erase-confirm', journey.group);
    await dialog.getByRole('button', { name: 'Erase for good' }).click();
    await expect
      .poll(() => page.getByText('The document’s personal data are erased.').count())
      .toBeGreaterThan(0);
    const row = await platform.ctx.db
      .selectFrom('documents')
      .select(['erasedAt', 'erasureCause'])
      .where('publicId', '=', documentId)
      .executeTakeFirstOrThrow();
    expect(row.erasureCause).toBe('issuer');
    const event = await platform.ctx.db
      .selectFrom('auditEvents')
      .select('detail')
      .where('action', '=', 'document.erased')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.detail ?? '{}')).toMatchObject({ reason: 'issued_in_error' });
  });
});
