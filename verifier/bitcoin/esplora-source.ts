import {
  BlockSourceError,
  checkBlockHash,
  checkBlockTime,
  checkHeight,
  internalOrderFromDisplayHex,
  type BlockHeader,
  type BlockHeaderSource,
} from './block-header-source.js';
import {
  DEFAULT_TIMEOUT_MS,
  httpRequest,
  parseJsonObject,
  type HttpResult,
} from './http-request.js';

/** Options of {@link EsploraSource}. */
export interface EsploraSourceOptions {
  /** Per-request timeout in milliseconds (default 10 000). */
  readonly timeoutMs?: number;
  /** Default: `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
}

/**
 * Block headers from an Esplora REST API (blockstream.info, mempool.space, or a self-hosted
 * electrs): `GET /block-height/:h` gives the hash as text, `GET /block/:hash` the header as JSON
 * with `merkle_root` in display order — reversed here to the internal order OpenTimestamps uses.
 *
 * The source is trusted: use one you run or rely on. Its answers are only sanity-checked.
 */
export class EsploraSource implements BlockHeaderSource {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly doFetch: typeof fetch | undefined;

  /** `baseUrl` is the API root, e.g. `https://blockstream.info/api` (trailing `/` ignored). */
  constructor(baseUrl: string, options: EsploraSourceOptions = {}) {
    this.baseUrl = new URL(baseUrl).toString().replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.doFetch = options.fetch;
  }

  async headerByHeight(height: number): Promise<BlockHeader> {
    checkHeight(height);
    const byHeight = await this.get(`/block-height/${height}`, `block at height ${height}`);
    const hash = checkBlockHash(byHeight.body.trim(), `block hash for height ${height}`);
    const block = await this.get(`/block/${hash}`, `block ${hash}`);
    const json = parseJsonObject(block.body, `block ${hash}`);
    if (json.id !== undefined && json.id !== hash) {
      throw new BlockSourceError(
        'bad-response',
        `block ${hash}: response is for block ${JSON.stringify(json.id)}`,
      );
    }
    if (json.height !== undefined && json.height !== height) {
      throw new BlockSourceError(
        'bad-response',
        `block ${hash}: response says height ${JSON.stringify(json.height)}, expected ${height}`,
      );
    }
    return {
      merkleRoot: internalOrderFromDisplayHex(json.merkle_root, `block ${hash}: merkle_root`),
      time: checkBlockTime(json.timestamp, `block ${hash}: timestamp`),
      hash,
    };
  }

  private async get(path: string, what: string): Promise<HttpResult> {
    const url = `${this.baseUrl}${path}`;
    const result = await httpRequest(url, { method: 'GET' }, this.timeoutMs, this.doFetch);
    if (result.status === 404) {
      throw new BlockSourceError('not-found', `Esplora has no ${what} (HTTP 404 from ${url})`);
    }
    if (result.status >= 500) {
      throw new BlockSourceError(
        'unreachable',
        `Esplora failed on ${what} (HTTP ${result.status} from ${url})`,
      );
    }
    if (result.status !== 200) {
      throw new BlockSourceError(
        'bad-response',
        `Esplora refused ${what} (HTTP ${result.status} from ${url})`,
      );
    }
    return result;
  }
}
