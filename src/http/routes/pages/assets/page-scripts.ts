import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';

/*
 * The pages' scripts are TypeScript modules in web/pages/, built by Vite (web/pages.vite.config.ts,
 * part of `npm run build`) into dist/pages with content-hashed names and a manifest. The server
 * reads the manifest to name each page's entry (and the shared chunks it imports, preloaded), and
 * serves the built files under /assets/pages/ for good (a new build is a new name).
 */

/** The page scripts, by the entry names of web/pages.vite.config.ts. */
export type PageScript = 'activate' | 'verify' | 'account' | 'lost-link' | 'recipient-requests';

/** Where a page's script and the chunks it imports are served. */
export interface PageScriptFiles {
  readonly entry: string;
  readonly preload: readonly string[];
}

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}

export const PAGE_SCRIPTS_PATH = '/assets/pages/';
const FILE_NAME = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.js$/;

/** dist/pages of the package this file belongs to (under tsx or once built into dist/). */
function defaultPagesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir)
    dir = path.dirname(dir);
  return path.join(dir, 'dist', 'pages');
}

const pagesDir = defaultPagesDir();
let manifest: Record<string, ManifestChunk> | null | undefined;

function readManifest(): Record<string, ManifestChunk> | null {
  if (manifest !== undefined) return manifest;
  try {
    manifest = JSON.parse(
      fs.readFileSync(path.join(pagesDir, '.vite', 'manifest.json'), 'utf8'),
    ) as Record<string, ManifestChunk>;
  } catch {
    // Not built: the pages render without their script (and say that JavaScript is needed).
    manifest = null;
  }
  return manifest;
}

/** The URLs of a page's script and of the chunks it imports; null when the pages are not built. */
export function pageScriptFiles(name: PageScript): PageScriptFiles | null {
  const chunks = readManifest();
  const entry = chunks?.[`${name}.ts`];
  if (chunks === null || entry === undefined) return null;
  const preload = new Set<string>();
  const visit = (keys: readonly string[] | undefined): void => {
    for (const key of keys ?? []) {
      const chunk = chunks[key];
      if (chunk === undefined || preload.has(PAGE_SCRIPTS_PATH + chunk.file)) continue;
      preload.add(PAGE_SCRIPTS_PATH + chunk.file);
      visit(chunk.imports);
    }
  };
  visit(entry.imports);
  return { entry: PAGE_SCRIPTS_PATH + entry.file, preload: [...preload] };
}

const cache = new Map<string, Buffer>();

/** GET /assets/pages/<file>.js — the built page scripts; anything else is a 404. */
export const pageScriptRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { file: string } }>(
    `${PAGE_SCRIPTS_PATH}:file`,
    { schema: { hide: true } },
    async (request, reply) => {
      const { file } = request.params;
      let body = cache.get(file);
      if (body === undefined && FILE_NAME.test(file)) {
        try {
          body = await fs.promises.readFile(path.join(pagesDir, file));
          cache.set(file, body);
        } catch {
          body = undefined;
        }
      }
      if (body === undefined) return reply.callNotFound();
      return reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(body);
    },
  );
};
