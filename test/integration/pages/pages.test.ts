import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activate,
  activationLinkFor,
  issueOne,
  newApprovedIssuer,
} from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];
const UNKNOWN_ID = 'AAAAAAAAAAAAAAAAAAAAAA';

interface OpenedPage {
  page: Page;
  /** Console errors, uncaught exceptions and CSP violations, as text. */
  problems: string[];
  /** Every request the page made that had a body. */
  posts: Array<{ url: string; body: Buffer }>;
}

/** What expectAccessibleStructure looks at, computed in the page. */
interface Structure {
  lang: string;
  levels: number[];
  header: number;
  main: number;
  unlabelledInputs: number;
}

// Strings, not functions: this project's TypeScript has no DOM types.
const STRUCTURE_SCRIPT = `({
  lang: document.documentElement.lang,
  levels: Array.from(document.querySelectorAll('h1, h2, h3, h4'))
    .filter((heading) => heading.getClientRects().length > 0)
    .map((heading) => Number(heading.tagName.slice(1))),
  header: document.querySelectorAll('header').length,
  main: document.querySelectorAll('main').length,
  unlabelledInputs: Array.from(document.querySelectorAll('input')).filter((input) => input.labels === null || input.labels.length === 0).length,
})`;
const ACTIVE_ELEMENT_ID = 'document.activeElement ? document.activeElement.id : null';

/** Reports CSP violations to the console, where the listeners below catch them. */
const CSP_WATCH = `document.addEventListener('securitypolicyviolation', (event) => {
  console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI);
});`;

function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Flips one bit in the middle of a copy of the file. */
function flipOneByte(file: Buffer): Buffer {
  const changed = Buffer.from(file);
  const index = Math.floor(changed.length / 2);
  changed[index] = (changed[index] ?? 0) ^ 0x01;
  return changed;
}

describe('HTML pages in Chromium', () => {
  let platform: TestPlatform;
  let issuer: TestIssuer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  /** A new page in a fresh context (English unless a locale is given) that records its problems. */
  async function openPage(
    options: { locale?: string; allowedErrors?: RegExp[] } = {},
  ): Promise<OpenedPage> {
    const context = await browser.newContext({
      locale: options.locale ?? 'en-GB',
      acceptDownloads: true,
      viewport: { width: 900, height: 900 },
    });
    contexts.push(context);
    await context.addInitScript(CSP_WATCH);
    const page = await context.newPage();
    const problems: string[] = [];
    const posts: OpenedPage['posts'] = [];
    const allowed = options.allowedErrors ?? [];
    page.on('console', (message) => {
      if (message.type() !== 'error' && !message.text().includes('Content Security Policy')) return;
      if (allowed.some((pattern) => pattern.test(message.text()))) return;
      problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request: Request) => {
      const body = request.postDataBuffer();
      if (body !== null) posts.push({ url: request.url(), body });
    });
    return { page, problems, posts };
  }

  /** One h1, headings never skip a level, a header and a main landmark, a lang attribute. */
  async function expectAccessibleStructure(page: Page, locale: string): Promise<void> {
    const structure = await page.evaluate<Structure>(STRUCTURE_SCRIPT);
    expect(structure.lang).toBe(locale);
    expect(structure.header).toBe(1);
    expect(structure.main).toBe(1);
    expect(structure.unlabelledInputs).toBe(0);
    expect(structure.levels.filter((level) => level === 1)).toHaveLength(1);
    expect(structure.levels[0]).toBe(1);
    structure.levels.forEach((level, index) => {
      if (index > 0) expect(level).toBeLessThanOrEqual((structure.levels[index - 1] ?? 1) + 1);
    });
  }

  /** Presses Tab until the element with this id has the focus. */
  async function tabTo(page: Page, id: string): Promise<void> {
    for (let presses = 0; presses < 30; presses += 1) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate<string | null>(ACTIVE_ELEMENT_ID)) === id) return;
    }
    throw new Error(`#${id} never got the keyboard focus`);
  }

  async function activatedDocument(): Promise<{ documentId: string; sha256: string; pdf: Buffer }> {
    const documentId = await issueOne(platform, issuer, {
      title: 'Bachelor of Arts in History',
      recipient: { name: 'Ines Verifiable', email: 'ines@example.org' },
    });
    const { sha256, pdf } = await activate(platform, await activationLinkFor(platform, documentId));
    return { documentId, sha256, pdf };
  }

  beforeAll(async () => {
    platform = await startTestPlatform('sqlite');
    issuer = await newApprovedIssuer(platform, 'Université Libre de Démonstration');
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await platform?.close();
  });

  it('activates from the e-mailed link with the keyboard and downloads the PDF', async () => {
    const documentId = await issueOne(platform, issuer, { title: 'Master of Science in Physics' });
    const link = await activationLinkFor(platform, documentId);
    const { page, problems, posts } = await openPage();

    const response = await page.goto(`${platform.baseUrl}/activate/${documentId}#${link.secret}`);
    expect(response?.status()).toBe(200);
    const headers = response?.headers() ?? {};
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
    // Our own scripts, styles and workers only; blob: images are the console's object URLs.
    expect(headers['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; worker-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );

    // The secret is read, then gone from the address bar.
    expect(page.url()).toBe(`${platform.baseUrl}/activate/${documentId}`);
    expect(await page.evaluate<string>('window.location.hash')).toBe('');
    await expect.poll(() => page.locator('#secret-note').isVisible()).toBe(true);

    await expect.poll(() => page.locator('h1').textContent()).toBe('Activate your document');
    expect(await page.locator('.issuer-name').textContent()).toBe(
      'Université Libre de Démonstration',
    );
    expect(await page.locator('.badge-verified').textContent()).toContain(
      'Identity reviewed by the platform on',
    );
    expect(await page.locator('.issuer-domain-not-verified').textContent()).toBe(
      'Domain not verified',
    );
    expect(await page.locator('.document-title').textContent()).toBe(
      'Master of Science in Physics',
    );
    expect(await page.locator('.state').textContent()).toBe('Not activated yet');
    expect(await page.locator('#terms').textContent()).toContain(
      'Certa terms of use for document recipients',
    );
    expect(await page.locator('#terms').getAttribute('tabindex')).toBe('0');
    expect(await page.locator('label[for="accept-terms"]').textContent()).toBe(
      'I have read and accept the terms (version 1)',
    );
    await expectAccessibleStructure(page, 'en');
    await page.screenshot({ path: '/tmp/certa-activate.png', fullPage: true });

    // Not without the terms accepted: a message, and nothing sent.
    await page.click('#activate-button');
    await expect
      .poll(() => page.locator('#activation-message').textContent())
      .toContain('Tick the box to accept the terms');
    expect(await page.evaluate<string | null>(ACTIVE_ELEMENT_ID)).toBe('accept-terms');
    expect(posts).toHaveLength(0);

    // Keyboard only: Tab to the box, Space to tick it, Tab to the button, Enter to activate.
    await page.locator('h1').click();
    await tabTo(page, 'accept-terms');
    await page.keyboard.press('Space');
    expect(await page.locator('#accept-terms').isChecked()).toBe(true);
    await tabTo(page, 'activate-button');
    await page.keyboard.press('Enter');

    await page.locator('#ready').waitFor({ state: 'visible' });
    expect(await page.locator('#ready-heading').textContent()).toBe('Your document is ready');
    expect(await page.evaluate<string | null>(ACTIVE_ELEMENT_ID)).toBe('ready-heading');
    expect(await page.locator('#terms-section').isHidden()).toBe(true);
    expect(await page.locator('.state').textContent()).toBe('Active');
    const shownSha256 = (await page.locator('#ready-sha256').textContent()) ?? '';
    expect(shownSha256).toMatch(/^[0-9a-f]{64}$/);
    const api = await call<{ sha256: string }>(
      platform.baseUrl,
      'POST',
      `/api/activations/${documentId}`,
      {
        json: { secret: link.secret, acceptTerms: true, termsVersion: 1 },
      },
    );
    expect(api.body.sha256).toBe(shownSha256);
    expect(await page.locator('#verify-link').getAttribute('href')).toBe(`/verify/${documentId}`);

    const activation = posts.find((post) => post.url.endsWith(`/api/activations/${documentId}`));
    expect(JSON.parse(activation?.body.toString('utf8') ?? '{}')).toEqual({
      secret: link.secret,
      acceptTerms: true,
      termsVersion: 1,
    });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#download-button'),
    ]);
    expect(download.suggestedFilename()).toBe(`${documentId}.pdf`);
    const pdf = fs.readFileSync(await download.path());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(sha256Hex(pdf)).toBe(shownSha256);
    await expect
      .poll(() => page.locator('#download-message').textContent())
      .toBe('The download has started.');
    await page.screenshot({ path: '/tmp/certa-activate-ready.png', fullPage: true });

    // No request line ever carried the secret.
    expect(platform.logLines.some((line) => line.includes(link.secret))).toBe(false);
    expect(problems).toEqual([]);
  });

  it('a wrong secret in the link shows the "not valid" message', async () => {
    const documentId = await issueOne(platform, issuer);
    const { secret } = await activationLinkFor(platform, documentId);
    const wrong = secret.startsWith('A') ? `B${secret.slice(1)}` : `A${secret.slice(1)}`;
    const { page, problems } = await openPage({ allowedErrors: [/Failed to load resource.*403/] });
    await page.goto(`${platform.baseUrl}/activate/${documentId}#${wrong}`);
    await page.check('#accept-terms');
    await page.click('#activate-button');
    await expect
      .poll(() => page.locator('#activation-message').textContent())
      .toBe(
        'This activation link is not valid. Check that you opened the complete link from your e-mail.',
      );
    expect(await page.locator('#activation-message').getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('#ready').isHidden()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('a link without its secret says so and sends nothing', async () => {
    const documentId = await issueOne(platform, issuer);
    const { page, problems, posts } = await openPage();
    await page.goto(`${platform.baseUrl}/activate/${documentId}#not-a-secret`);
    expect(page.url()).toBe(`${platform.baseUrl}/activate/${documentId}`);
    await expect
      .poll(() => page.locator('#activation-message').textContent())
      .toContain('This link is incomplete');
    expect(await page.locator('#activate-button').isDisabled()).toBe(true);
    expect(posts).toHaveLength(0);
    expect(problems).toEqual([]);
  });

  it('speaks French with ?lang=fr, and switching language keeps the secret', async () => {
    const documentId = await issueOne(platform, issuer);
    const link = await activationLinkFor(platform, documentId);
    const wrong = link.secret.startsWith('A')
      ? `B${link.secret.slice(1)}`
      : `A${link.secret.slice(1)}`;
    const { page, problems } = await openPage({ allowedErrors: [/Failed to load resource.*403/] });

    await page.goto(`${platform.baseUrl}/activate/${documentId}?lang=fr#${wrong}`);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.locator('h1').textContent()).toBe('Activez votre document');
    expect(await page.locator('label[for="accept-terms"]').textContent()).toBe(
      'J’ai lu et j’accepte les conditions (version 1)',
    );
    expect(await page.locator('#terms').textContent()).toContain('Conditions d');
    expect(await page.locator('.badge-verified').textContent()).toContain(
      'Identité examinée par la plateforme le',
    );
    expect(await page.locator('#activate-button').textContent()).toBe('Activer mon document');
    await page.click('#activate-button');
    await expect
      .poll(() => page.locator('#activation-message').textContent())
      .toContain('Cochez la case');
    await page.check('#accept-terms');
    await page.click('#activate-button');
    await expect
      .poll(() => page.locator('#activation-message').textContent())
      .toContain('Ce lien d’activation n’est pas valide.');
    await expectAccessibleStructure(page, 'fr');
    await page.screenshot({ path: '/tmp/certa-activate-fr.png', fullPage: true });

    // The right link pasted into the same tab only changes the fragment (no reload): it is taken too.
    // Then the switch to English carries the secret in the fragment, and it is removed again.
    await page.goto(`${platform.baseUrl}/activate/${documentId}?lang=fr#${link.secret}`);
    await expect.poll(() => page.url()).toBe(`${platform.baseUrl}/activate/${documentId}?lang=fr`);
    await expect.poll(() => page.locator('#activation-message').textContent()).toBe('');
    await Promise.all([page.waitForURL(/lang=en/), page.click('.lang-switch a[lang="en"]')]);
    expect(page.url()).toBe(`${platform.baseUrl}/activate/${documentId}?lang=en`);
    expect(await page.locator('h1').textContent()).toBe('Activate your document');
    expect(await page.locator('#secret-note').isVisible()).toBe(true);
    await page.check('#accept-terms');
    await page.click('#activate-button');
    await page.locator('#ready').waitFor({ state: 'visible' });
    expect(await page.locator('#verify-link').getAttribute('href')).toBe(
      `/verify/${documentId}?lang=en`,
    );
    expect(problems).toEqual([]);
  });

  it('the activation page follows the document’s language, other pages Accept-Language (fr-FR)', async () => {
    const documentId = await issueOne(platform, issuer);
    const { page, problems } = await openPage({ locale: 'fr-FR' });
    // The document was issued in English: its e-mail, PDF and activation page are in English.
    await page.goto(`${platform.baseUrl}/activate/${documentId}`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('h2#terms-heading').textContent()).toBe('Terms of use (version 1)');
    expect(await page.locator('#activation-message').textContent()).toContain(
      'This link is incomplete',
    );
    await page.goto(`${platform.baseUrl}/`);
    expect(await page.locator('h1').textContent()).toBe('Documents numériques certifiés');
    expect(problems).toEqual([]);
  });

  it('an already active document shows the ready state again', async () => {
    const documentId = await issueOne(platform, issuer);
    const link = await activationLinkFor(platform, documentId);
    const { sha256 } = await activate(platform, link);
    const { page, problems } = await openPage();
    await page.goto(`${platform.baseUrl}/activate/${documentId}#${link.secret}`);
    expect(await page.locator('#state-notice').textContent()).toContain(
      'You have already activated this document',
    );
    expect(await page.locator('.state').textContent()).toBe('Active');
    expect(await page.locator('#accept-terms').count()).toBe(0);
    // The secret is at hand and the document active: the page shows it without a click.
    await page.locator('#ready').waitFor({ state: 'visible' });
    expect(await page.locator('#ready-sha256').textContent()).toBe(sha256);
    expect(problems).toEqual([]);
  });

  it('a revoked document says so up front and offers no activation', async () => {
    const documentId = await issueOne(platform, issuer);
    const link = await activationLinkFor(platform, documentId);
    const revoked = await call(
      platform.baseUrl,
      'POST',
      `/api/organisations/${issuer.organisationId}/documents/${documentId}/revoke`,
      {
        token: issuer.token,
        json: { reason: 'Issued in error' },
      },
    );
    expect(revoked.status).toBe(200);
    const { page, problems } = await openPage();
    await page.goto(`${platform.baseUrl}/activate/${documentId}#${link.secret}`);
    expect(page.url()).toBe(`${platform.baseUrl}/activate/${documentId}`);
    expect(await page.locator('.state').textContent()).toBe('Revoked');
    expect(await page.locator('#state-notice').textContent()).toBe(
      'The issuer has revoked this document. It can no longer be activated.',
    );
    expect(await page.locator('#activate-form').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('after too many wrong tries it says how long to wait', async () => {
    const documentId = await issueOne(platform, issuer);
    const link = await activationLinkFor(platform, documentId);
    const wrong = link.secret.startsWith('A')
      ? `B${link.secret.slice(1)}`
      : `A${link.secret.slice(1)}`;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await call(platform.baseUrl, 'POST', `/api/activations/${documentId}`, {
        json: { secret: wrong, acceptTerms: true, termsVersion: 1 },
      });
    }
    const { page, problems } = await openPage({ allowedErrors: [/Failed to load resource.*429/] });
    await page.goto(`${platform.baseUrl}/activate/${documentId}#${link.secret}`);
    await page.check('#accept-terms');
    await page.click('#activate-button');
    await expect
      .poll(() => page.locator('#activation-message').textContent())
      .toBe('Too many attempts for this document. Try again in 1 minute.');
    expect(problems).toEqual([]);
  });

  it('verifies a PDF in the browser, sending only its SHA-256', async () => {
    const { documentId, sha256, pdf } = await activatedDocument();
    // The proof waits for its anchoring batch (409): the time check says unknown.
    const { page, problems, posts } = await openPage({
      allowedErrors: [/Failed to load resource.*409/],
    });
    const response = await page.goto(`${platform.baseUrl}/verify/${documentId}`);
    expect(response?.status()).toBe(200);

    // The public status: issuer, title, state; never the recipient.
    expect(await page.locator('h1').textContent()).toBe('Verify a document');
    expect(await page.locator('.issuer-name').textContent()).toBe(
      'Université Libre de Démonstration',
    );
    expect(await page.locator('.badge-verified').count()).toBe(1);
    expect(await page.locator('.document-title').textContent()).toBe('Bachelor of Arts in History');
    expect(await page.locator('.state').textContent()).toBe('Active');
    expect(await page.locator('#status-explain').textContent()).toContain('choose the file below');
    expect(await page.content()).not.toContain('Ines Verifiable');
    expect(await page.locator('#privacy-note').textContent()).toContain(
      'Your file never leaves your device',
    );
    await expectAccessibleStructure(page, 'en');

    // The file input is reachable with the keyboard.
    await page.locator('h1').click();
    await tabTo(page, 'file');

    await page.setInputFiles('#file', {
      name: 'diploma.pdf',
      mimeType: 'application/pdf',
      buffer: pdf,
    });
    await page.locator('#report').waitFor({ state: 'visible' });
    expect(await page.locator('#verdict').getAttribute('data-valid')).toBe('true');
    expect(await page.locator('#verdict .verdict-text').textContent()).toBe('Valid document');
    // Every check ran in the browser (the platform answered the lookup and the issuer's profile).
    expect(await page.locator('.check').count()).toBe(6);
    for (const id of ['integrity', 'signature', 'record', 'issuer', 'validity'])
      expect(await page.locator(`.check[data-check="${id}"]`).getAttribute('data-status')).toBe(
        'passed',
      );
    expect(await page.locator('.check[data-check="integrity"] .mark').textContent()).toBe('✔');
    expect(await page.locator('.check[data-check="signature"] .where').textContent()).toBe(
      'Checked in your browser, on your file',
    );
    // No proof yet (anchoring is off here): the time check says unknown, in plain words.
    expect(await page.locator('.check[data-check="time"] .mark').textContent()).toBe('?');
    expect(await page.locator('#unknown-explained').textContent()).toContain('never that');
    expect(await page.locator('#report-body').textContent()).toContain(sha256);
    // The file the person holds names its recipient: shown from the file's signed record.
    expect(await page.locator('#recipient-facts').textContent()).toContain('Ines Verifiable');
    await expectAccessibleStructure(page, 'en');
    await page.screenshot({ path: '/tmp/certa-verify-valid.png', fullPage: true });

    await page.setInputFiles('#file', {
      name: 'changed.pdf',
      mimeType: 'application/pdf',
      buffer: flipOneByte(pdf),
    });
    await expect.poll(() => page.locator('#verdict').getAttribute('data-valid')).toBe('false');
    expect(await page.locator('#verdict .verdict-text').textContent()).toBe('Not valid');
    expect(await page.locator('.check').count()).toBe(6);
    expect(await page.locator('.check[data-check="integrity"]').getAttribute('data-status')).toBe(
      'failed',
    );
    expect(await page.locator('.check[data-check="integrity"] .mark').textContent()).toBe('✘');
    await page.screenshot({ path: '/tmp/certa-verify-invalid.png', fullPage: true });

    const before = posts.length;
    await page.setInputFiles('#file', {
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('just some text, not a PDF\n'),
    });
    await expect
      .poll(() => page.locator('#verify-status').textContent())
      .toBe('This file is not a PDF. Choose the PDF document you received. Nothing was sent.');
    expect(await page.locator('#report').isHidden()).toBe(true);
    expect(posts.length).toBe(before);

    // Only two small JSON bodies went out, each { sha256 }; never the PDF's bytes.
    expect(posts.map((post) => new URL(post.url).pathname)).toEqual(['/api/verify', '/api/verify']);
    expect(posts.map((post) => JSON.parse(post.body.toString('utf8')) as unknown)).toEqual([
      { sha256 },
      { sha256: sha256Hex(flipOneByte(pdf)) },
    ]);
    for (const post of posts) {
      expect(post.body.includes(Buffer.from('%PDF-'))).toBe(false);
      expect(post.body.length).toBeLessThan(200);
    }
    expect(problems).toEqual([]);
  });

  it('verifies a dropped file on /verify, in French from Accept-Language', async () => {
    const { pdf } = await activatedDocument();
    const { page, problems, posts } = await openPage({
      locale: 'fr-FR',
      allowedErrors: [/Failed to load resource.*409/],
    });
    await page.goto(`${platform.baseUrl}/verify`);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.locator('h1').textContent()).toBe('Vérifier un document');
    expect(await page.locator('label[for="file"]').textContent()).toBe('Choisir le fichier PDF');
    const dataTransfer = await page.evaluateHandle(`(() => {
      const bytes = Uint8Array.from(atob(${JSON.stringify(pdf.toString('base64'))}), (character) => character.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'diplome.pdf', { type: 'application/pdf' }));
      return transfer;
    })()`);
    await page.dispatchEvent('#dropzone', 'drop', { dataTransfer });
    await page.locator('#report').waitFor({ state: 'visible' });
    expect(await page.locator('#verdict .verdict-text').textContent()).toBe('Document valide');
    expect(await page.locator('.check[data-check="integrity"] .name').textContent()).toContain(
      'Intégrité',
    );
    expect(await page.locator('.check[data-check="validity"] .message').textContent()).toBe(
      'Ni révoqué ni suspendu dans les listes signées de l’émetteur, et non expiré.',
    );
    expect(await page.locator('.check[data-check="validity"] .where').textContent()).toBe(
      'Vérifié dans votre navigateur, sur votre fichier',
    );
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body.includes(Buffer.from('%PDF-'))).toBe(false);
    await expectAccessibleStructure(page, 'fr');
    await page.screenshot({ path: '/tmp/certa-verify-fr.png', fullPage: true });
    expect(problems).toEqual([]);
  });

  it('the home page links to /verify and /docs', async () => {
    const { page, problems } = await openPage();
    const response = await page.goto(`${platform.baseUrl}/`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Certified digital documents');
    expect(await page.locator('main a[href="/verify"]').count()).toBe(1);
    expect(await page.locator('main a[href="/docs"]').count()).toBe(1);
    expect(await page.locator('.lang-switch a[lang="fr"]').getAttribute('href')).toBe('/?lang=fr');
    await expectAccessibleStructure(page, 'en');
    await page.screenshot({ path: '/tmp/certa-home.png', fullPage: true });
    expect(problems).toEqual([]);
  });

  it('an unknown document id gets a 404 page', async () => {
    const { page, problems } = await openPage({ allowedErrors: [/Failed to load resource.*404/] });
    for (const path of [
      `/activate/${UNKNOWN_ID}`,
      `/verify/${UNKNOWN_ID}`,
      '/activate/not-even-an-id',
    ]) {
      const response = await page.goto(`${platform.baseUrl}${path}`);
      expect(response?.status()).toBe(404);
      expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
      expect(await page.locator('h1').textContent()).toBe('Document not found');
      await expectAccessibleStructure(page, 'en');
    }
    await page.screenshot({ path: '/tmp/certa-not-found.png', fullPage: true });
    expect(problems).toEqual([]);
  });
});
