import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ACCOUNT_SCRIPT } from './account-script.js';
import { ACTIVATE_SCRIPT } from './activate-script.js';
import { ICON_SVG } from './icon.js';
import { STYLE_CSS } from './style.js';
import { VERIFY_SCRIPT } from './verify-script.js';

/*
 * The pages' CSS, scripts and icon, served from our own origin (the CSP allows nothing else).
 * They live in .ts string constants because the build (tsc) copies no other files. URLs carry a
 * digest of the content (`?v=`), so browsers may cache them for good.
 */

const ASSETS = {
  'style.css': { type: 'text/css; charset=utf-8', body: STYLE_CSS },
  'activate.js': { type: 'text/javascript; charset=utf-8', body: ACTIVATE_SCRIPT },
  'verify.js': { type: 'text/javascript; charset=utf-8', body: VERIFY_SCRIPT },
  'account.js': { type: 'text/javascript; charset=utf-8', body: ACCOUNT_SCRIPT },
  'icon.svg': { type: 'image/svg+xml', body: ICON_SVG },
} as const;

export type AssetName = keyof typeof ASSETS;
export type ScriptAsset = 'activate.js' | 'verify.js' | 'account.js';

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

/** GET /assets/:name — the assets above; 404 (JSON, like any unknown route) for anything else. */
export const assetRoutes: FastifyPluginAsyncTypebox = async (app) => {
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
