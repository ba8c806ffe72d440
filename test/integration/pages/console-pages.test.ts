import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApprovedIssuer } from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { startSmtpSink } from '../../helpers/smtp-sink.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { requestSignUpToken } from '../accounts/account-helpers.js';

/*
 * Pages the console's users pass through: "Page not found" for unknown addresses (documents and
 * issuers keep their own 404), the end of sign-up and of an invitation pointing to /login, and
 * the issuer profile saying what was verified.
 */

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];
const UNKNOWN_ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const PASSWORD = 'lanterns along the quiet canal';

describe('console-facing pages in Chromium', () => {
  let platform: TestPlatform;
  let sink: SmtpSink;
  let issuer: TestIssuer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function openPage(locale = 'en-GB'): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ locale });
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      if (/Failed to load resource.*404/.test(message.text())) return;
      problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    return { page, problems };
  }

  beforeAll(async () => {
    sink = await startSmtpSink();
    platform = await startTestPlatform('sqlite', { SMTP_URL: sink.url }, { rateLimits: false });
    issuer = await newApprovedIssuer(platform, 'Institut des Pages');
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await platform?.close();
    await sink?.close();
  });

  it('an unknown address says "Page not found", in English and French', async () => {
    const { page, problems } = await openPage();
    for (const path of ['/no-such-page', '/nowhere/deep?x=1']) {
      const response = await page.goto(`${platform.baseUrl}${path}`);
      expect(response?.status()).toBe(404);
      expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
      expect(await page.locator('h1').textContent()).toBe('Page not found');
      expect(await page.title()).toMatch(/^Page not found/);
      expect(await page.content()).not.toContain('Document not found');
    }
    await page.goto(`${platform.baseUrl}/no-such-page?lang=fr`);
    expect(await page.locator('h1').textContent()).toBe('Page introuvable');
    const french = await openPage('fr-FR');
    await french.page.goto(`${platform.baseUrl}/nulle-part`);
    expect(await french.page.locator('h1').textContent()).toBe('Page introuvable');
    expect([...problems, ...french.problems]).toEqual([]);
  });

  it('an unknown document id still says "Document not found"; an unknown issuer "Issuer not found"', async () => {
    const { page, problems } = await openPage();
    for (const path of [`/verify/${UNKNOWN_ID}`, `/activate/${UNKNOWN_ID}`]) {
      const response = await page.goto(`${platform.baseUrl}${path}`);
      expect(response?.status()).toBe(404);
      expect(await page.locator('h1').textContent()).toBe('Document not found');
    }
    const response = await page.goto(`${platform.baseUrl}/issuers/${UNKNOWN_ID}`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Issuer not found');
    await page.goto(`${platform.baseUrl}/issuers/${UNKNOWN_ID}?lang=fr`);
    expect(await page.locator('h1').textContent()).toBe('Émetteur introuvable');
    expect(problems).toEqual([]);
  });

  it('sign-up confirmation ends with a link to /login', async () => {
    const email = `pages-${process.pid}@console.example`;
    const token = await requestSignUpToken(platform, sink, email);
    const { page, problems } = await openPage();
    await page.goto(`${platform.baseUrl}/signup/confirm#${token}`);
    await page.fill('#password', PASSWORD);
    await page.fill('#password-confirm', PASSWORD);
    await page.click('#submit-button');
    await expect.poll(() => page.locator('#done').isVisible()).toBe(true);
    const link = page.locator('#done a#login-link');
    expect(await link.getAttribute('href')).toBe('/login');
    expect(await link.textContent()).toBe('Log in');
    expect(await link.isVisible()).toBe(true);
    // It is the last thing in the panel.
    expect(await page.locator('#done > :last-child a').getAttribute('id')).toBe('login-link');
    expect(problems).toEqual([]);
  });

  it('the invitation page and the French pages carry the log-in link too', async () => {
    for (const [path, text] of [
      ['/invitations/accept', 'Log in'],
      ['/signup/confirm?lang=fr', 'Se connecter'],
      ['/invitations/accept?lang=fr', 'Se connecter'],
    ] as const) {
      const html = await (await fetch(`${platform.baseUrl}${path}`)).text();
      const done = html.slice(html.indexOf('<section id="done"'));
      const panel = done.slice(0, done.indexOf('</section>'));
      const expectedHref = path.endsWith('?lang=fr') ? '/login?lang=fr' : '/login';
      expect(panel).toContain(
        `<a class="button" id="login-link" href="${expectedHref}">${text}</a></p>\n`,
      );
      expect(panel.trimEnd().endsWith('</a></p>')).toBe(true);
    }
  });

  it('the issuer profile page says what was verified, not one "Verified issuer" badge', async () => {
    const { page, problems } = await openPage();
    const response = await page.goto(`${platform.baseUrl}/issuers/${issuer.organisationId}`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('.issuer-identity-reviewed').textContent()).toMatch(
      /^✔ Identity reviewed by the platform on \d{1,2} \w+ \d{4}$/,
    );
    expect(await page.locator('.issuer-domain-not-verified').textContent()).toBe(
      'Domain not verified',
    );
    expect(await page.content()).not.toContain('Verified issuer');
    expect(problems).toEqual([]);
  });
});
