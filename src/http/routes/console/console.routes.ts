import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { AppError } from '../../../errors.js';

/** Paths the console's router owns: the log-in pages and everything under /console. */
export const CONSOLE_PATHS = ['/login', '/login/*', '/console', '/console/*'] as const;

/** Where Vite writes the hashed scripts, styles and images (web/vite.config.ts `assetsDir`). */
export const CONSOLE_ASSETS_PREFIX = '/console-assets/';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Certa console not built</title></head>
<body><h1>The console has not been built</h1>
<p>Run <code>npm run build</code> (or start with <code>npm start</code>, which builds it), then reload.</p>
<p lang="fr">La console n’a pas été construite : lancez <code>npm run build</code> (ou <code>npm start</code>), puis rechargez.</p>
</body></html>`;

/**
 * The issuer and admin console: the single-page application Vite builds from `web/` into
 * `consoleDir`. Its hashed assets are cached for good (a new build is a new name, and
 * precompressed `.br` / `.gz` files are sent to browsers that accept them); `index.html` is never
 * cached, so a deployment takes effect at the next navigation. The same strict CSP as every page
 * applies: the build has no inline script or style. Without a build, the console's paths say how
 * to make one instead of a confusing 404.
 */
export function consoleRoutes(consoleDir: string | null): FastifyPluginAsync {
  return async (app) => {
    const indexFile = consoleDir === null ? null : path.join(consoleDir, 'index.html');
    const built = indexFile !== null && fs.existsSync(indexFile);
    // Read again when a new build replaced it (its hashed asset names change with every build):
    // a running server then follows `npm run build` without a restart. One stat per page load.
    let cached: { mtimeMs: number; html: Buffer } | null = null;
    const readIndex = (): Buffer | null => {
      if (!built || indexFile === null) return null;
      try {
        const { mtimeMs } = fs.statSync(indexFile);
        if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, html: fs.readFileSync(indexFile) };
      } catch {
        // Mid-rebuild (Vite empties the folder first): the last one read, until the new one lands.
      }
      return cached?.html ?? null;
    };

    const sendIndex = (reply: FastifyReply): FastifyReply => {
      const indexHtml = readIndex();
      return indexHtml === null
        ? reply
            .status(503)
            .type('text/html; charset=utf-8')
            .header('cache-control', 'no-store')
            .send(NOT_BUILT_PAGE)
        : reply
            .type('text/html; charset=utf-8')
            .header('cache-control', 'no-cache')
            .send(indexHtml);
    };

    for (const url of CONSOLE_PATHS)
      app.get(url, { schema: { hide: true } }, async (_request, reply) => sendIndex(reply));

    if (!built || consoleDir === null) {
      // The same route either way (the route table does not depend on the build): nothing here.
      app.get(`${CONSOLE_ASSETS_PREFIX}*`, { schema: { hide: true } }, async () => {
        throw new AppError('NOT_FOUND', 'The console is not built: run npm run build.');
      });
    } else {
      await app.register(fastifyStatic, {
        root: path.join(consoleDir, CONSOLE_ASSETS_PREFIX),
        prefix: CONSOLE_ASSETS_PREFIX,
        decorateReply: false,
        preCompressed: true,
        immutable: true,
        maxAge: '365d',
        index: false,
        schemaHide: true,
      });
    }
  };
}
