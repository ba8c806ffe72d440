import path from 'node:path';
import { defineConfig } from 'vite';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), 'pages');

/**
 * The public pages' scripts (web/pages/, one entry per page) as ES modules with content-hashed
 * names in dist/pages, and a manifest (dist/pages/.vite/manifest.json) from which the server
 * names each page's script (src/http/routes/pages/assets/page-scripts.ts). Never committed;
 * built by `npm run build` (DESIGN §5).
 */
export default defineConfig({
  root,
  base: '/assets/pages/',
  publicDir: false,
  build: {
    outDir: path.resolve(root, '../../dist/pages'),
    emptyOutDir: true,
    assetsDir: '',
    manifest: true,
    // No inline polyfill or data: URLs for scripts: the CSP allows our own files only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
    reportCompressedSize: false,
    rollupOptions: {
      input: {
        activate: path.join(root, 'activate.ts'),
        verify: path.join(root, 'verify.ts'),
        account: path.join(root, 'account.ts'),
        'lost-link': path.join(root, 'lost-link.ts'),
        'recipient-requests': path.join(root, 'recipient-requests.ts'),
      },
      output: {
        entryFileNames: '[name]-[hash].js',
        chunkFileNames: '[name]-[hash].js',
      },
    },
  },
});
