import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

const root = path.dirname(new URL(import.meta.url).pathname);
const outDir = path.resolve(root, '../dist/web');

/**
 * Writes `.br` and `.gz` next to every script and style, so the server sends them precompressed
 * (@fastify/static `preCompressed`) instead of compressing on each request.
 */
function precompress(): Plugin {
  return {
    name: 'certa-precompress',
    apply: 'build',
    closeBundle() {
      const assets = path.join(outDir, 'console-assets');
      if (!fs.existsSync(assets)) return;
      for (const name of fs.readdirSync(assets)) {
        if (!/\.(js|css|svg|json)$/.test(name)) continue;
        const file = path.join(assets, name);
        const body = fs.readFileSync(file);
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(body, { level: 9 }));
        fs.writeFileSync(
          `${file}.br`,
          zlib.brotliCompressSync(body, {
            params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
          }),
        );
      }
    },
  };
}

/** The console: built into dist/web (never committed), served by `certa serve` (DESIGN §5). */
export default defineConfig({
  root,
  base: '/',
  plugins: [vue(), precompress()],
  // The page scripts live under /assets/ on the server: keep the console's out of their way.
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'console-assets',
    // No inline polyfill or data: URLs for scripts: the CSP allows our own files only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
    reportCompressedSize: false,
  },
  server: {
    // `npm run dev:web` proxies the API to a running `certa serve`.
    proxy: { '/api': 'http://localhost:8080', '/assets': 'http://localhost:8080' },
  },
});
