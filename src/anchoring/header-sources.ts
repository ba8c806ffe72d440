import type { HeaderSourceConfig } from '../config.js';
import {
  BitcoinCoreRpcSource,
  EsploraSource,
  type BlockHeader,
  type BlockHeaderSource,
} from '../../verifier/index.js';

/** How long a looked-up header is reused (blocks this deep do not change; reorgs are shallow). */
const CACHE_TTL_MS = 10 * 60_000;
const CACHE_ENTRIES = 2_000;

/**
 * Keeps successful lookups for a while, so that verifying many documents of one batch asks the
 * source once. Failures are not kept: the next call asks again.
 */
export class CachedHeaderSource implements BlockHeaderSource {
  private readonly cache = new Map<number, { header: BlockHeader; until: number }>();

  constructor(
    private readonly source: BlockHeaderSource,
    private readonly now: () => number = Date.now,
  ) {}

  async headerByHeight(height: number): Promise<BlockHeader> {
    const cached = this.cache.get(height);
    if (cached !== undefined && cached.until > this.now()) return cached.header;
    const header = await this.source.headerByHeight(height);
    this.cache.delete(height);
    if (this.cache.size >= CACHE_ENTRIES) {
      const oldest = this.cache.keys().next();
      if (oldest.done !== true) this.cache.delete(oldest.value);
    }
    this.cache.set(height, { header, until: this.now() + CACHE_TTL_MS });
    return header;
  }
}

/** The block header source a configuration names (Esplora REST or Bitcoin Core RPC). */
export function createHeaderSource(
  config: HeaderSourceConfig,
  options: { timeoutMs?: number } = {},
): BlockHeaderSource {
  const timeout = { timeoutMs: options.timeoutMs ?? 10_000 };
  if (config.kind === 'esplora') return new EsploraSource(config.url, timeout);
  const auth =
    config.username === null
      ? undefined
      : { username: config.username, password: config.password ?? '' };
  return new BitcoinCoreRpcSource(config.url, auth, timeout);
}

/** A short description of a header source for messages (no credentials). */
export function describeHeaderSource(config: HeaderSourceConfig): string {
  return `${config.kind === 'esplora' ? 'Esplora' : 'Bitcoin Core RPC'} at ${config.url}`;
}
