import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConsolePage, launchConsoleBrowser } from '../../helpers/console-browser.js';
import type { ConsoleBrowser, RecordedPage } from '../../helpers/console-browser.js';
import {
  activate,
  activationLinkFor,
  issueOne,
  newApprovedIssuer,
  outboxLinkToken,
} from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

/*
 * The holder's lost-link pages in Chromium (issue 13 point 2): ask by e-mail address on
 * /recipient/lost-link, open the e-mailed /recipient/requests#<token> link, see the documents
 * issued to the address, export them (the link is then used up and refused), ask again and erase
 * them behind a confirmation. The token never travels in a URL. axe-core at 1280 and 390 px.
 */

const BUILT = path.resolve(import.meta.dirname, '../../../dist/pages/.vite/manifest.json');
const ADDRESS = 'lost.holder@example.org';

describe('the lost-link pages in Chromium', () => {
  let platform: TestPlatform;
  let issuer: TestIssuer;
  let browser: ConsoleBrowser;
  let activeId: string;
  let pendingId: string;

  async function openPage(locale?: string): Promise<RecordedPage & { urls: string[] }> {
    const recorded = await browser.newPage({
      ...(locale === undefined ? {} : { locale }),
      // A used-up link is a 410, said in words on the page.
      allowedErrors: [/Failed to load resource.*410/],
    });
    const urls: string[] = [];
    recorded.page.on('request', (request) => urls.push(request.url()));
    return { ...recorded, urls };
  }

  /** Fills the lost-link form and waits for the answer (the same whatever the address). */
  async function ask(recorded: RecordedPage, address: string, lang: 'en' | 'fr'): Promise<string> {
    const { page } = recorded;
    await page.goto(`${platform.baseUrl}/recipient/lost-link?lang=${lang}`);
    await page.fill('#lost-link-email', address);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('#lost-link-message').getAttribute('class'))
      .toBe('notice notice-ok');
    return (await page.locator('#lost-link-message').textContent()) ?? '';
  }

  beforeAll(async () => {
    if (!fs.existsSync(BUILT))
      throw new Error('The page scripts are not built: run `npm run build:web` first.');
    platform = await startTestPlatform('sqlite', {}, { rateLimits: false });
    issuer = await newApprovedIssuer(platform, 'Institut des Liens Retrouvés');
    const recipient = { name: 'Lina Lost', email: ADDRESS };
    activeId = await issueOne(platform, issuer, { title: 'Diploma in Wayfinding', recipient });
    pendingId = await issueOne(platform, issuer, { title: 'Certificate of Return', recipient });
    await activate(platform, await activationLinkFor(platform, activeId));
    browser = await launchConsoleBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('asks by address, lists, exports, refuses the used link, then erases with a new one', async () => {
    // The home page and the activation page lead to the form.
    const recorded = await openPage();
    const { page } = recorded;
    await page.goto(`${platform.baseUrl}/`);
    await Promise.all([page.waitForURL(/\/recipient\/lost-link$/), page.click('#lost-link-link')]);
    await checkConsolePage(recorded, 'lost-link-form', 'recipient');

    // An empty address is refused in words; a known and an unknown address get the same answer.
    await page.click('#lost-link-submit');
    expect(await page.locator('#lost-link-message').textContent()).toContain('Enter your e-mail');
    expect(await page.locator('#lost-link-email').getAttribute('aria-invalid')).toBe('true');
    const known = await ask(recorded, ADDRESS, 'en');
    const unknown = await ask(recorded, 'nobody.here@example.org', 'en');
    expect(known).toBe(unknown);
    expect(known).toContain('If documents were issued to this address');
    await checkConsolePage(recorded, 'lost-link-sent', 'recipient');

    // The e-mailed link: the token leaves the address bar at once and the documents are listed.
    const token = await outboxLinkToken(platform, ADDRESS, '/recipient/requests');
    await page.goto(`${platform.baseUrl}/recipient/requests#${token}`);
    await expect.poll(() => page.url()).toBe(`${platform.baseUrl}/recipient/requests`);
    await page.locator('#requests-documents').waitFor({ state: 'visible' });
    const items = page.locator('#requests-list > li');
    expect(await items.count()).toBe(2);
    const byId = Object.fromEntries(
      await Promise.all(
        (await items.all()).map(async (item) => [
          await item.getAttribute('data-document-id'),
          await item.textContent(),
        ]),
      ),
    ) as Record<string, string>;
    expect(byId[activeId]).toContain('Diploma in Wayfinding');
    expect(byId[activeId]).toContain('Active');
    expect(byId[pendingId]).toContain('Not activated: it can be erased here, not downloaded.');
    expect(await page.locator('#requests-expiry').textContent()).toContain('This link works until');
    await checkConsolePage(recorded, 'lost-link-documents', 'recipient');

    // Export: a ZIP; the link is then used up, and the page offers to ask again.
    const [zip] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#requests-export'),
    ]);
    expect(zip.suggestedFilename()).toMatch(/\.zip$/);
    const zipPath = await zip.path();
    expect(fs.readFileSync(zipPath).subarray(0, 2).toString('latin1')).toBe('PK');
    await expect
      .poll(() => page.locator('#requests-message').textContent())
      .toContain('This link is now used up');
    expect(await page.locator('#requests-actions').isVisible()).toBe(false);
    expect(await page.locator('#requests-ask-again').isVisible()).toBe(true);

    // The same link again (reload in this tab, and opened afresh): refused in plain words.
    await page.reload();
    await expect
      .poll(() => page.locator('#requests-message').textContent())
      .toContain('it was already used, it has expired');
    expect(await page.locator('#requests-ask-again a').getAttribute('href')).toBe(
      '/recipient/lost-link',
    );
    await page.goto(`${platform.baseUrl}/recipient/requests#${token}`);
    await expect
      .poll(() => page.locator('#requests-message').textContent())
      .toContain('it was already used');
    await checkConsolePage(recorded, 'lost-link-used', 'recipient');

    // A link without its token says what is missing.
    const bare = await openPage();
    await bare.page.goto(`${platform.baseUrl}/recipient/requests`);
    await expect
      .poll(() => bare.page.locator('#requests-message').textContent())
      .toContain('the part after the # sign is missing');
    await bare.context.close();

    // Ask again (in French), erase behind the confirmation.
    expect(await ask(recorded, ADDRESS, 'fr')).toContain('un message avec un lien');
    const second = await outboxLinkToken(platform, ADDRESS, '/recipient/requests');
    expect(second).not.toBe(token);
    await page.goto(`${platform.baseUrl}/recipient/requests?lang=fr#${second}`);
    await page.locator('#requests-documents').waitFor({ state: 'visible' });
    expect(await page.locator('h1').textContent()).toBe('Vos documents');
    await checkConsolePage(recorded, 'lost-link-documents-fr', 'recipient');
    await page.click('#requests-erase');
    expect(await page.locator('#requests-message').textContent()).toContain('Cochez la case');
    await page.check('#requests-erase-confirm');
    await page.click('#requests-erase');
    await expect
      .poll(() => page.locator('#requests-message').textContent())
      .toBe('C’est fait : 2 document(s) et vos données ont été effacés.');
    expect(await page.locator('#requests-documents').isVisible()).toBe(false);

    // Erased: the platform's public check says so for both documents.
    for (const id of [activeId, pendingId]) {
      const verified = await fetch(`${platform.baseUrl}/api/documents/${id}/status`);
      const status = (await verified.json()) as { erasedAt?: unknown };
      expect(typeof status.erasedAt, id).toBe('string');
    }

    // The tokens never travelled in a URL.
    const leaked = recorded.urls.filter((url) => url.includes(token) || url.includes(second));
    expect(leaked).toEqual([]);
  });
});
