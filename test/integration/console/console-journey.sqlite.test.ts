import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchConsoleBrowser } from '../../helpers/console-browser.js';
import type { ConsoleBrowser } from '../../helpers/console-browser.js';
import { runConsoleJourney } from './console-journey-run.js';

describe('the console journey on SQLite', () => {
  let browser: ConsoleBrowser;
  beforeAll(async () => {
    browser = await launchConsoleBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  it('takes a registrar from sign-up to issuing, re-sending, correcting and revoking', async () => {
    await runConsoleJourney('sqlite', browser);
  }, 600_000);
});
