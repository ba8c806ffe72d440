import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConsolePage, launchConsoleBrowser } from '../../helpers/console-browser.js';
import type { ConsoleBrowser } from '../../helpers/console-browser.js';
import { newApprovedIssuer } from '../../helpers/factories.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { expectHeading, expectPath, logIn } from './console-journey.js';

/*
 * The batch pages in Chromium (issue 12 #4): an owner uploads a small CSV by its file input,
 * sees the columns and the row with a problem, unlocks, issues the valid rows only, watches the
 * batch finish and sees each document's delivery state; each page checked with axe-core at 1280
 * and 390 px. One dialect: the batch API tests cover both.
 */
const dialect = DIALECTS[0]!;

describe(`the batch pages (${dialect})`, () => {
  let platform: TestPlatform;
  let browser: ConsoleBrowser;

  beforeAll(async () => {
    platform = await startTestPlatform(dialect);
    browser = await launchConsoleBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('uploads a CSV, shows a row error, issues the valid rows and shows their delivery', async () => {
    const issuer = await newApprovedIssuer(platform, 'Université des Lots');
    const recorded = await browser.newPage();
    const { page } = recorded;
    const journey = { platform, browser, group: `batches-${dialect}` };
    const base = `/console/o/${issuer.organisationId}/batches`;
    await logIn(
      journey,
      { email: issuer.email, password: issuer.password, totpSecret: issuer.totpSecret, recorded },
      base,
    );
    await expectPath(page, base);
    await expectHeading(page, 'Batches');
    await expect.poll(() => page.getByText('No batch yet.').isVisible()).toBe(true);
    await checkConsolePage(recorded, 'batches-empty', journey.group);

    const file = path.join(platform.dataDir, 'graduates.csv');
    fs.writeFileSync(
      file,
      'name;email\nAda Lovelace;ada@example.org\nBob Sans Adresse;not-an-address\nCléo Dupont;cleo@example.org\n',
    );
    await page.fill('#batch-title', 'Master of Science in Physics');
    await page.setInputFiles('#batch-file', file);
    await expectPath(page, new RegExp(`^${base}/[A-Za-z0-9_-]{22}$`));
    await expect
      .poll(() => page.locator('[data-testid="batch-summary"]').textContent(), { timeout: 15_000 })
      .toContain('2 valid rows, 1 with problems');
    expect(await page.locator('[data-testid="problem-2"]').textContent()).toContain('email');
    await checkConsolePage(recorded, 'batch-validated', journey.group);
    // "All rows" is refused while a row has a problem.
    expect(await page.getByRole('button', { name: 'Issue all 2 rows' }).isDisabled()).toBe(true);

    await page.getByLabel('Your password').fill(issuer.password);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect.poll(() => page.getByText(/^Unlocked/).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Issue the 2 valid rows only' }).click();
    await expect
      .poll(() => page.getByText('The batch is finished.').isVisible(), { timeout: 30_000 })
      .toBe(true);
    expect(await page.locator('[data-testid="batch-sent"]').textContent()).toContain('2 / 2');
    await expect.poll(() => page.locator('[data-testid^="batch-row-"]').count()).toBe(2);
    for (const row of [1, 3])
      expect(await page.locator(`[data-testid="batch-row-${row}"]`).textContent()).toContain(
        'Sent',
      );
    await checkConsolePage(recorded, 'batch-finished', journey.group);

    await page.getByRole('link', { name: 'Batches of this organisation' }).click();
    await expectPath(page, base);
    await expect.poll(() => page.locator('[data-testid^="batch-"]').count()).toBe(1);
    await checkConsolePage(recorded, 'batches-list', journey.group);
  }, 180_000);
});
