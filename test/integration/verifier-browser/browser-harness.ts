import { gzipSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../helpers/console-browser.js';

/**
 * Runs the browser verifier in Chromium: the test entry bundled with the package's own browser
 * bundle options, served as a page of the platform's origin (so its requests to the platform
 * are same-origin, as on the real verify page); requests to the header stand-ins get the CORS
 * header a public explorer sends.
 */
const SCRIPT_PATH = '/__certa-verifier-test/entry.js';

export async function bundleOptions(): Promise<BuildOptions> {
  const modulePath = '../../../verifier/scripts/build-browser.mjs';
  const { browserBundleOptions } = (await import(modulePath)) as {
    browserBundleOptions: BuildOptions;
  };
  return browserBundleOptions;
}

/** The package's browser bundle as `npm run build` makes it: bytes and gzip size. */
export async function packageBundleSize(): Promise<{ raw: number; gzip: number }> {
  const result = await build({ ...(await bundleOptions()), write: false });
  const code = result.outputFiles?.[0]?.contents ?? new Uint8Array();
  return { raw: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

export async function bundleEntry(entry: string): Promise<string> {
  const result = await build({ ...(await bundleOptions()), entryPoints: [entry], write: false });
  return result.outputFiles?.[0]?.text ?? '';
}

export interface VerifierPage {
  readonly browser: Browser;
  readonly page: Page;
  close(): Promise<void>;
}

export async function openVerifierPage(
  origin: string,
  script: string,
  corsOrigins: readonly string[],
): Promise<VerifierPage> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route(`${origin}/__certa-verifier-test/**`, (route) =>
    route.fulfill(
      route.request().url().endsWith(SCRIPT_PATH)
        ? { contentType: 'text/javascript', body: script }
        : {
            contentType: 'text/html',
            body: `<!doctype html><meta charset="utf-8"><title>verifier</title><script type="module" src="${SCRIPT_PATH}"></script>`,
          },
    ),
  );
  for (const other of corsOrigins)
    await page.route(`${other}/**`, async (route) => {
      try {
        const response = await route.fetch();
        await route.fulfill({
          response,
          headers: { ...response.headers(), 'access-control-allow-origin': '*' },
        });
      } catch {
        await route.abort('connectionrefused');
      }
    });
  await page.goto(`${origin}/__certa-verifier-test/`);
  await page.waitForFunction(() => 'certaVerifier' in globalThis);
  return {
    browser,
    page,
    async close() {
      await browser.close();
    },
  };
}
