// Builds the verifier's browser bundle: dist/browser.bundle.js, one minified ES module with
// everything verifier/browser.ts needs (pkijs, asn1js, @noble/hashes; no pdf-lib, no Node).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The esbuild options of the bundle (the size test builds with these too). */
export const browserBundleOptions = {
  entryPoints: [`${root}browser.ts`],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
  minify: true,
  legalComments: 'none',
  treeShaking: true,
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await build({ ...browserBundleOptions, outfile: `${root}dist/browser.bundle.js` });
}
