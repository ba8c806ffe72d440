import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchConsoleBrowser } from '../../helpers/console-browser.js';
import type { ConsoleBrowser } from '../../helpers/console-browser.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { runConsoleJourney } from './console-journey-run.js';

describe.skipIf(!DIALECTS.includes('postgres'))('the console journey on PostgreSQL', () => {
  let browser: ConsoleBrowser;
  beforeAll(async () => {
    browser = await launchConsoleBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  it('takes a registrar from sign-up to issuing, re-sending, correcting and revoking', async () => {
    await runConsoleJourney('postgres', browser);
  }, 600_000);
});
