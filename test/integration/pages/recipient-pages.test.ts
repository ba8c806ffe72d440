import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConsolePage, launchConsoleBrowser } from '../../helpers/console-browser.js';
import type { ConsoleBrowser, RecordedPage } from '../../helpers/console-browser.js';
import { activationLinkFor, issueOne, newApprovedIssuer } from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { uploadLogo } from '../../helpers/issuer-steps.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { logoPng } from '../templates/images.js';

/*
 * The recipient's pages in Chromium (issue 16): the activation link survives a reload before and
 * after activating (the secret stays in this tab's sessionStorage, never in a URL), a French
 * document opens in French, and the activated document offers its PDF, its proof, a share link,
 * LinkedIn's add-to-profile link with the right fields and a QR code. axe-core on every state.
 */

const BUILT = path.resolve(import.meta.dirname, '../../../dist/pages/.vite/manifest.json');

describe('the recipient’s pages in Chromium', () => {
  let platform: TestPlatform;
  let issuer: TestIssuer;
  let browser: ConsoleBrowser;

  /** A page that records every URL it asks for (the secret must never be in one). */
  async function openPage(locale?: string): Promise<RecordedPage & { urls: string[] }> {
    const recorded = await browser.newPage({
      ...(locale === undefined ? {} : { locale }),
      // The proof waits for its anchoring batch: the page says so in words (409).
      allowedErrors: [/Failed to load resource.*409/],
    });
    const urls: string[] = [];
    recorded.page.on('request', (request) => urls.push(request.url()));
    return { ...recorded, urls };
  }

  beforeAll(async () => {
    if (!fs.existsSync(BUILT))
      throw new Error('The page scripts are not built: run `npm run build:web` first.');
    platform = await startTestPlatform('sqlite', {}, { rateLimits: false });
    issuer = await newApprovedIssuer(platform, 'École des Recettes Partagées');
    await uploadLogo(platform, issuer, logoPng());
    browser = await launchConsoleBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('keeps working after a reload before and after activating, and offers what comes next', async () => {
    const documentId = await issueOne(platform, issuer, {
      title: 'Certificate in Applied Cryptography',
      recipient: { name: 'Noor Reloader', email: 'noor@example.org' },
      expiresAt: '2031-06-30T00:00:00.000Z',
    });
    const link = await activationLinkFor(platform, documentId);
    const recorded = await openPage();
    const { page } = recorded;

    await page.goto(`${platform.baseUrl}/activate/${documentId}#${link.secret}`);
    await expect.poll(() => page.url()).toBe(`${platform.baseUrl}/activate/${documentId}`);
    expect(await page.locator('#issuer-logo').getAttribute('alt')).toBe(
      'Logo of École des Recettes Partagées',
    );
    await expect
      .poll(() => page.evaluate<number>("document.getElementById('issuer-logo').naturalWidth"))
      .toBeGreaterThan(0);
    await checkConsolePage(recorded, 'activate-pending', 'recipient');

    // F5 before activating: the fragment is gone, the secret is still in this tab.
    await page.reload();
    expect(await page.locator('#activation-message').textContent()).toBe('');
    expect(await page.locator('#activate-button').isEnabled()).toBe(true);
    await page.check('#accept-terms');
    await page.click('#activate-button');
    await page.locator('#ready').waitFor({ state: 'visible' });
    const sha256 = await page.locator('#ready-sha256').textContent();
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);

    // F5 after activating: the document is shown again without a click.
    await page.reload();
    await page.locator('#ready').waitFor({ state: 'visible' });
    expect(await page.locator('#ready-sha256').textContent()).toBe(sha256);
    expect(await page.locator('.state').textContent()).toBe('Active');

    // Share link, copied to the clipboard.
    const verifyUrl = `${platform.config.publicUrl}/verify/${documentId}`;
    expect(await page.locator('#share-link').inputValue()).toBe(verifyUrl);
    await page.click('#copy-link');
    await expect.poll(() => page.locator('#copy-message').textContent()).toBe('Link copied.');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(verifyUrl);

    // LinkedIn's public add-to-profile link with the document's public facts, never the name.
    const href = await page.locator('#linkedin-link').getAttribute('href');
    const linkedIn = new URL(href ?? '');
    expect(`${linkedIn.origin}${linkedIn.pathname}`).toBe('https://www.linkedin.com/profile/add');
    expect(Object.fromEntries(linkedIn.searchParams)).toEqual({
      startTask: 'CERTIFICATION_NAME',
      name: 'Certificate in Applied Cryptography',
      organizationName: 'École des Recettes Partagées',
      issueYear: String(new Date().getUTCFullYear()),
      issueMonth: String(new Date().getUTCMonth() + 1),
      expirationYear: '2031',
      expirationMonth: '6',
      certId: documentId,
      certUrl: verifyUrl,
    });
    expect(href).not.toContain('Noor');
    expect(await page.locator('#linkedin-link').getAttribute('rel')).toContain('noopener');

    // The QR code is drawn in the page (some dark and some light pixels).
    const shades = await page.evaluate<number>(`(() => {
      const canvas = document.getElementById('qr-code');
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      const seen = new Set();
      for (let i = 0; i < pixels.length; i += 4) seen.add(pixels[i]);
      return seen.size;
    })()`);
    expect(shades).toBeGreaterThan(1);
    await checkConsolePage(recorded, 'activate-ready', 'recipient');

    // The PDF and its proof (which waits for the next anchoring batch here).
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#download-button'),
    ]);
    expect(download.suggestedFilename()).toBe(`${documentId}.pdf`);
    await expect.poll(() => page.locator('#download-message').textContent()).toContain('started');
    await page.click('#proof-button');
    await expect
      .poll(() => page.locator('#download-message').textContent())
      .toContain('not ready yet');

    // Your data and rights: see what is held, take it, hide it, and erase it after confirming.
    await page.click('#rights-see');
    await expect
      .poll(() => page.locator('#rights-held-facts').textContent())
      .toContain('Noor Reloader');
    expect(await page.locator('#rights-held-facts').textContent()).toContain('noor@example.org');
    const [zip] = await Promise.all([page.waitForEvent('download'), page.click('#rights-export')]);
    expect(zip.suggestedFilename()).toBe(`${documentId}-data.zip`);
    await page.click('#rights-restrict');
    await expect
      .poll(() => page.locator('#rights-message').textContent())
      .toBe('The document is hidden from verification.');
    await page.click('#rights-unrestrict');
    await expect
      .poll(() => page.locator('#rights-message').textContent())
      .toBe('The document is shown to verification again.');
    await page.click('#rights-erase');
    await expect
      .poll(() => page.locator('#rights-message').textContent())
      .toContain('Tick the box');
    await page.check('#rights-erase-confirm');
    await page.click('#rights-erase');
    await expect
      .poll(() => page.locator('#rights-message').textContent())
      .toBe('The document and your data have been erased.');
    expect(await page.locator('#download-button').isVisible()).toBe(false);

    // The secret never travelled in a URL.
    expect(recorded.urls.slice(1).filter((url) => url.includes(link.secret))).toEqual([]);
  });

  it('a French document opens in French, and the language switch keeps the secret', async () => {
    const documentId = await issueOne(platform, issuer, {
      title: 'Diplôme de pâtissier',
      locale: 'fr',
    });
    const link = await activationLinkFor(platform, documentId);
    const recorded = await openPage('en-GB');
    const { page } = recorded;

    await page.goto(`${platform.baseUrl}/activate/${documentId}#${link.secret}`);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.locator('h1').textContent()).toBe('Activez votre document');
    expect(await page.locator('#terms').getAttribute('lang')).toBe('fr');
    expect(await page.locator('#issuer-logo').getAttribute('alt')).toBe(
      'Logo de École des Recettes Partagées',
    );
    await checkConsolePage(recorded, 'activate-french', 'recipient');

    await Promise.all([page.waitForURL(/lang=en/), page.click('.lang-switch a[lang="en"]')]);
    expect(page.url()).toBe(`${platform.baseUrl}/activate/${documentId}?lang=en`);
    expect(await page.locator('h1').textContent()).toBe('Activate your document');
    await page.check('#accept-terms');
    await page.click('#activate-button');
    await page.locator('#ready').waitFor({ state: 'visible' });
    expect(await page.locator('#linkedin-link').textContent()).toBe('Add to LinkedIn profile');

    // A tab that never had the link cannot activate or download.
    const other = await openPage();
    await other.page.goto(`${platform.baseUrl}/activate/${documentId}`);
    expect(await other.page.locator('#activation-message').textContent()).toContain(
      'Ce lien est incomplet',
    );
    expect(await other.page.locator('#ready').isVisible()).toBe(false);
  });
});
