import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ICON_SVG } from './icon.js';
import { pageScriptRoutes } from './page-scripts.js';
import { STYLE_CSS } from './style.js';

/*
 * The pages' CSS and icon, served from our own origin (the CSP allows nothing else). They live in
 * .ts string constants because the build (tsc) copies no other files. URLs carry a digest of the
 * content (`?v=`), so browsers may cache them for good. The pages' scripts are Vite modules
 * (page-scripts.ts).
 */

const ASSETS = {
  'style.css': { type: 'text/css; charset=utf-8', body: STYLE_CSS },
  'icon.svg': { type: 'image/svg+xml', body: ICON_SVG },
} as const;

export type AssetName = keyof typeof ASSETS;

const VERSIONS = Object.fromEntries(
  Object.entries(ASSETS).map(([name, asset]) => [
    name,
    createHash('sha256').update(asset.body).digest('hex').slice(0, 12),
  ]),
) as Record<AssetName, string>;

/** The URL of an asset, with its content digest so that a new version is a new URL. */
export function assetUrl(name: AssetName): string {
  return `/assets/${name}?v=${VERSIONS[name]}`;
}

function isAssetName(name: string): name is AssetName {
  return Object.hasOwn(ASSETS, name);
}

/**
 * GET /assets/:name — the assets above, and the built page scripts under /assets/pages/; 404
 * (JSON, like any unknown route) for anything else.
 */
export const assetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(pageScriptRoutes);
  for (const name of Object.keys(ASSETS)) {
    if (!isAssetName(name)) continue;
    app.get(`/assets/${name}`, { schema: { hide: true } }, async (request, reply) => {
      const { v } = request.query as { v?: unknown };
      const cacheControl =
        v === VERSIONS[name] ? 'public, max-age=31536000, immutable' : 'no-cache';
      return reply
        .type(ASSETS[name].type)
        .header('cache-control', cacheControl)
        .send(ASSETS[name].body);
    });
  }
};
