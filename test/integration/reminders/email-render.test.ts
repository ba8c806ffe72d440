import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailLogoOf } from '../../../src/issuers/email-logo.js';
import { composeMessage } from '../../../src/mail/compose-message.js';
import { activationEmail } from '../../../src/mail/templates/activation-email.js';
import { reminderEmail } from '../../../src/mail/templates/reminder-email.js';
import {
  DESKTOP,
  launchConsoleBrowser,
  PHONE,
  seriousAxeViolations,
} from '../../helpers/console-browser.js';
import type { ConsoleBrowser } from '../../helpers/console-browser.js';

/*
 * The recipients' e-mails as a mail client shows them: the composed MIME parsed by mailparser
 * (which resolves the logo's cid: to the attached image), rendered in Chromium, checked with
 * axe-core, and photographed at 1280 and 390 px into test-results/screenshots/emails/.
 */
const SCREENSHOTS = path.resolve(import.meta.dirname, '../../../test-results/screenshots/emails');

function logoPng(): Buffer {
  const image = new PNG({ width: 300, height: 90 });
  for (let y = 0; y < 90; y += 1)
    for (let x = 0; x < 300; x += 1) {
      const at = (y * 300 + x) * 4;
      image.data[at] = 30;
      image.data[at + 1] = x < 90 ? 64 : 175;
      image.data[at + 2] = 175;
      image.data[at + 3] = 255;
    }
  return PNG.sync.write(image);
}

describe('recipients’ e-mails in a browser', () => {
  let browser: ConsoleBrowser;
  beforeAll(async () => {
    browser = await launchConsoleBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const logo = emailLogoOf(logoPng());
  const cases = [
    ['activation-en', activationEmail, 'en'],
    ['activation-fr', activationEmail, 'fr'],
    ['reminder-en', reminderEmail, 'en'],
    ['reminder-fr', reminderEmail, 'fr'],
  ] as const;

  it.each(cases)(
    '%s reads well and has no serious accessibility problem',
    async (name, template, locale) => {
      const message = template({
        to: 'ada@example.org',
        issuerName: 'Université Libre <de> Démonstration',
        title: 'Master of Science in Physics',
        activationUrl: `https://certa.example/activate/${'A'.repeat(22)}#${'s'.repeat(43)}`,
        locale,
        logo,
      });
      const bytes = composeMessage('Certa <no-reply@certa.example>', message)?.bytes;
      if (bytes === undefined) throw new Error('not composed');
      const mail = await simpleParser(bytes);
      const html = typeof mail.html === 'string' ? mail.html : '';
      const { page } = await browser.newPage();
      await page.setContent(html);
      const image = page.locator('img');
      await expect
        .poll(() => page.evaluate<number>("document.querySelector('img')?.naturalWidth ?? 0"))
        .toBe(300);
      expect(await image.getAttribute('alt')).toMatch(
        /^Logo (of|de) Université Libre <de> Démonstration$/,
      );
      expect(await page.locator('html').getAttribute('lang')).toBe(locale);
      expect(await seriousAxeViolations(page)).toEqual([]);
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      for (const size of [DESKTOP, PHONE]) {
        await page.setViewportSize(size);
        // Nothing wider than the phone's screen: the layout is fluid below 600 px.
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
          size.width,
        );
        await page.screenshot({
          path: path.join(SCREENSHOTS, `${name}-${size.width}.png`),
          fullPage: true,
        });
      }
    },
  );
});
