import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { createPlatformAdmin } from '../../src/accounts/create-platform-admin.js';
import { logIn } from '../integration/console/console-journey.js';
import { call } from './http.js';
import type { Dialect } from './test-database.js';
import { startTestPlatform } from './test-platform.js';
import type { TestPlatform } from './test-platform.js';
import { enrolTwoFactor } from './two-factor.js';

/*
 * Chromium for the console's tests: Debian's browser driven by playwright-core, every page
 * checked with axe-core (no serious or critical violation), for CSP violations and script
 * errors, and photographed at desktop and phone width into test-results/screenshots/ (ignored
 * by git) so a person can look at what the run saw.
 */

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

export const DESKTOP = { width: 1280, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;

const SCREENSHOT_ROOT = path.resolve(import.meta.dirname, '../../test-results/screenshots');
const AXE_SOURCE = fs.readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** Reports CSP violations to the console, where the listeners below catch them. */
const CSP_WATCH = `document.addEventListener('securitypolicyviolation', (event) => {
  console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI);
});`;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

export interface ConsoleBrowser {
  readonly browser: Browser;
  /** A fresh, isolated browser profile (its own cookies) with a page that records problems. */
  newPage(options?: { locale?: string; allowedErrors?: RegExp[] }): Promise<RecordedPage>;
  close(): Promise<void>;
}

export interface RecordedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Console errors, uncaught exceptions and CSP violations seen so far. */
  readonly problems: string[];
}

export async function launchConsoleBrowser(): Promise<ConsoleBrowser> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async newPage(options = {}) {
      const context = await browser.newContext({
        locale: options.locale ?? 'en-GB',
        viewport: DESKTOP,
        acceptDownloads: true,
      });
      contexts.push(context);
      await context.addInitScript(CSP_WATCH);
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      const page = await context.newPage();
      const problems: string[] = [];
      const allowed = options.allowedErrors ?? [];
      page.on('console', (message) => {
        const text = message.text();
        if (message.type() !== 'error' && !text.includes('Content Security Policy')) return;
        // A failed API call is logged by Chromium as a resource error; pages show them in words.
        if (/Failed to load resource: the server responded with a status of 4\d\d/.test(text))
          return;
        if (allowed.some((pattern) => pattern.test(text))) return;
        problems.push(`console ${message.type()}: ${text}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      return { page, context, problems };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}

/** Runs axe-core in the page; returns the serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate<boolean>('typeof window.axe !== "undefined"');
  // Through the DevTools protocol, which the page's CSP does not govern (a <script> would be).
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<AxeViolation[]>(
    `window.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
  );
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * The checks every console page gets: no serious or critical axe-core violation, no script error
 * or CSP violation so far, and screenshots at 1280 and 390 px (the viewport is put back).
 */
export async function checkConsolePage(
  recorded: RecordedPage,
  name: string,
  group: string,
): Promise<void> {
  const { page, problems } = recorded;
  await page.waitForLoadState('networkidle');
  const violations = await seriousAxeViolations(page);
  expect(
    violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes)}`),
    `axe-core on ${name}`,
  ).toEqual([]);
  expect(problems, `console problems on ${name}`).toEqual([]);
  const directory = path.join(SCREENSHOT_ROOT, group);
  fs.mkdirSync(directory, { recursive: true });
  const viewport = page.viewportSize() ?? DESKTOP;
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await page.screenshot({
      path: path.join(directory, `${name}-${size.width}.png`),
      fullPage: true,
    });
  }
  await page.setViewportSize(viewport);
}

/** Someone who logs in to the console: an issuer's owner (`TestIssuer`) or a platform admin. */
export interface ConsoleAccount {
  readonly email: string;
  readonly password: string;
  /** Base32 TOTP secret once enrolled. */
  readonly totpSecret: string | null;
}

/** A platform and Chromium shared by the tests of one console test file. */
export interface ConsoleTest {
  readonly platform: TestPlatform;
  readonly browser: ConsoleBrowser;
  /** The screenshot folder of the file's pages: its name and the dialect, e.g. `audit-sqlite`. */
  readonly group: string;
  /** A fresh browser profile logged in to the console as `account`, landed on `next`. */
  logInAs(account: ConsoleAccount, next: string): Promise<RecordedPage>;
  /** A platform admin with TOTP turned on over HTTP, ready to log in. */
  newPlatformAdmin(email: string, password: string): Promise<ConsoleAccount>;
}

/**
 * Starts the whole platform and Chromium before the file's tests and closes both after them
 * (call it in a `describe`); `platform` and `browser` are there once the tests run.
 * CERTA_TEST_CONSOLE_DIR serves a console built elsewhere, when dist/web is in use by other runs.
 */
export function useConsoleTest(dialect: Dialect, name: string): ConsoleTest {
  let platform: TestPlatform | undefined;
  let browser: ConsoleBrowser | undefined;
  beforeAll(async () => {
    const consoleDir = process.env.CERTA_TEST_CONSOLE_DIR;
    platform = await startTestPlatform(
      dialect,
      consoleDir === undefined ? {} : { CONSOLE_DIR: consoleDir },
    );
    browser = await launchConsoleBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the console test has not started (beforeAll)');
    return value;
  };
  const test: ConsoleTest = {
    get platform() {
      return started(platform);
    },
    get browser() {
      return started(browser);
    },
    group: `${name}-${dialect}`,
    async logInAs(account, next) {
      const recorded = await test.browser.newPage();
      await logIn(test, { ...account, recorded }, next);
      return recorded;
    },
    async newPlatformAdmin(email, password) {
      await createPlatformAdmin(test.platform.ctx, { email, password });
      const session = await call<{ token: string }>(
        test.platform.baseUrl,
        'POST',
        '/api/sessions',
        {
          json: { email, password },
        },
      );
      const { secret } = await enrolTwoFactor(test.platform, session.body.token, password);
      return { email, password, totpSecret: secret };
    },
  };
  return test;
}
