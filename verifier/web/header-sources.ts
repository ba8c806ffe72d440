import type { LabelledHeaderSource } from '../bitcoin/agreeing-sources.js';
import { EsploraSource } from '../bitcoin/esplora-source.js';

/**
 * A block header source for the browser's time check: any `BlockHeaderSource` of the package
 * (`EsploraSource`, `BitcoinCoreRpcSource`) with a `label` for people. `headerByHeight` rejects
 * when the source cannot answer (unreachable, no such block yet): the time check is then
 * "unknown".
 */
export type WebBlockHeaderSource = LabelledHeaderSource;
export type { BlockHeader as WebBlockHeader } from '../bitcoin/block-header-source.js';

/**
 * An Esplora API (blockstream.info, mempool.space, or a platform's own mirror of that shape),
 * named `label`: {@link EsploraSource} — `GET <base>/block-height/<h>` → block hash, then
 * `GET <base>/block/<hash>` → JSON with `merkle_root` (display order) and `timestamp`.
 *
 * @example
 * ```ts
 * const source = esploraHeaderSource('blockstream.info', 'https://blockstream.info/api');
 * const { merkleRoot, time } = await source.headerByHeight(523364);
 * ```
 */
export function esploraHeaderSource(
  label: string,
  baseUrl: string,
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): WebBlockHeaderSource {
  // A path on this origin (the platform's own mirror) is resolved against the page's address.
  const base = (globalThis as { location?: { href: string } }).location?.href;
  const source = new EsploraSource(new URL(baseUrl, base).toString(), options);
  return { label, headerByHeight: (height) => source.headerByHeight(height) };
}
