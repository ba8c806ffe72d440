import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchConsoleBrowser, checkConsolePage } from '../../helpers/console-browser.js';
import type { ConsoleBrowser } from '../../helpers/console-browser.js';
import { newConfirmedAccount } from '../../helpers/factories.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

/*
 * How the server delivers the console (the Vite build in dist/web): its paths, caching,
 * precompression and CSP; and the log-in page's behaviour in Chromium, including an expired
 * session sending the person to log-in and back to where they were.
 */

const PASSWORD = 'a console password that is long';

/** The bytes as sent (fetch would decompress them), with their Content-Encoding. */
function rawGet(
  url: string,
  acceptEncoding: string,
): Promise<{ encoding: string | null; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': acceptEncoding } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            encoding: response.headers['content-encoding'] ?? null,
            body: Buffer.concat(chunks),
          }),
        );
      })
      .on('error', reject);
  });
}

describe('the console as the server delivers it', () => {
  let platform: TestPlatform;
  let browser: ConsoleBrowser;
  let assetPath: string;

  beforeAll(async () => {
    platform = await startTestPlatform('sqlite');
    const index = path.join(platform.config.consoleDir, 'index.html');
    if (!fs.existsSync(index))
      throw new Error(`The console is not built (${index}): run npm run build:web first.`);
    const match = /src="(\/console-assets\/[^"]+\.js)"/.exec(fs.readFileSync(index, 'utf8'));
    if (match?.[1] === undefined) throw new Error('index.html names no entry script');
    assetPath = match[1];
    browser = await launchConsoleBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('serves index.html for its paths, never cached, under the strict CSP with no inline code', async () => {
    for (const url of ['/login', '/login/forgotten', '/console', '/console/o/x/documents']) {
      const response = await fetch(`${platform.baseUrl}${url}`);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      const html = await response.text();
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html).not.toMatch(/\sstyle=/);
      expect(html).not.toMatch(/<style/);
    }
  });

  it('serves hashed assets for good, precompressed for browsers that accept it', async () => {
    const plain = await fetch(`${platform.baseUrl}${assetPath}`, {
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toMatch(/javascript/);
    expect(plain.headers.get('cache-control')).toContain('immutable');
    const body = Buffer.from(await plain.arrayBuffer());

    for (const encoding of ['br', 'gzip']) {
      const compressed = await rawGet(`${platform.baseUrl}${assetPath}`, encoding);
      expect(compressed.encoding).toBe(encoding);
      expect(compressed.body.length).toBeLessThan(body.length / 2);
      const decoded =
        encoding === 'br'
          ? zlib.brotliDecompressSync(compressed.body)
          : zlib.gunzipSync(compressed.body);
      expect(decoded.equals(body)).toBe(true);
    }

    const missing = await fetch(`${platform.baseUrl}/console-assets/nothing-here.js`);
    expect(missing.status).toBe(404);
  });

  it('says how to build the console when it is not built, instead of a blank page', async () => {
    const other = await startTestPlatform('sqlite', {
      CONSOLE_DIR: path.join(platform.dataDir, 'no-console-here'),
    });
    try {
      const response = await fetch(`${other.baseUrl}/login`);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('npm run build');
    } finally {
      await other.close();
    }
  });

  it('follows a new build without a restart: index.html is read again once it changed', async () => {
    const copy = path.join(platform.dataDir, 'console-copy');
    fs.cpSync(platform.config.consoleDir, copy, { recursive: true });
    const other = await startTestPlatform('sqlite', { CONSOLE_DIR: copy });
    try {
      const before = await (await fetch(`${other.baseUrl}/login`)).text();
      const rebuilt = before.replace('<title>Certa</title>', '<title>Certa rebuilt</title>');
      fs.writeFileSync(path.join(copy, 'index.html'), rebuilt);
      const later = new Date(Date.now() + 5000);
      fs.utimesSync(path.join(copy, 'index.html'), later, later);
      expect(await (await fetch(`${other.baseUrl}/console`)).text()).toContain('Certa rebuilt');
    } finally {
      await other.close();
    }
  });

  it('logs in, shows a wrong password in the chosen language, and comes back after the session expires', async () => {
    const email = 'console-login@example.org';
    await newConfirmedAccount(platform, email, PASSWORD);
    const recorded = await browser.newPage({ locale: 'fr-FR' });
    const { page } = recorded;

    await page.goto(`${platform.baseUrl}/console/account`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/console/account');
    expect(await page.locator('h1').textContent()).toBe('Connexion à Certa');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await checkConsolePage(recorded, 'login', 'console-serving');

    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/login/forgotten');
    await checkConsolePage(recorded, 'password-forgotten', 'console-serving');
    await page.getByRole('link', { name: 'Retour à la connexion' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
    await page.goto(`${platform.baseUrl}/console/account`);
    await expect.poll(() => new URL(page.url()).searchParams.get('next')).toBe('/console/account');

    await page.fill('#login-email', email);
    await page.fill('#login-password', 'not the password at all');
    await page.click('button[type="submit"]');
    await expect
      .poll(() => page.locator('[role="alert"]').first().textContent())
      .toContain('L’adresse e-mail, le mot de passe ou le code est incorrect.');

    await page.fill('#login-password', PASSWORD);
    await page.click('button[type="submit"]');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/console/account');

    // The session ends behind the page's back (idle timeout): the next call sends the person
    // to log-in with a notice, and logging in again brings them back here.
    platform.clock.advance(31 * 60 * 1000);
    try {
      await page.reload();
      await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
      expect(new URL(page.url()).searchParams.get('next')).toBe('/console/account');
      await page.fill('#login-email', email);
      await page.fill('#login-password', PASSWORD);
      await page.click('button[type="submit"]');
      await expect.poll(() => new URL(page.url()).pathname).toBe('/console/account');
    } finally {
      platform.clock.reset();
    }
  });
});
