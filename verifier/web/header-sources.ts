import { fromHex } from './bytes.js';

/** A Bitcoin block header as the time check needs it (Web-friendly: `Uint8Array`). */
export interface WebBlockHeader {
  /** Merkle root in internal byte order (as OpenTimestamps computes it). */
  readonly merkleRoot: Uint8Array;
  /** Block time, seconds since the Unix epoch. */
  readonly time: number;
}

/**
 * Where block headers come from. The Node `BlockHeaderSource`s (`EsploraSource`,
 * `BitcoinCoreRpcSource`) fit too, given a `label`. `headerByHeight` rejects when the source
 * cannot answer (unreachable, no such block yet): the time check is then "unknown".
 */
export interface WebBlockHeaderSource {
  /** Who answers, for people: "blockstream.info", "this platform". */
  readonly label: string;
  headerByHeight(height: number): Promise<WebBlockHeader>;
}

const HEX_32 = /^[0-9a-fA-F]{64}$/;

/**
 * An Esplora API (blockstream.info, mempool.space, or a platform's own mirror of that shape):
 * `GET <base>/block-height/<h>` → block hash, then `GET <base>/block/<hash>` → JSON with
 * `merkle_root` (display order) and `timestamp`.
 */
export function esploraHeaderSource(
  label: string,
  baseUrl: string,
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): WebBlockHeaderSource {
  const base = baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const get = async (path: string): Promise<string> => {
    const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    const response = await doFetch(`${base}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
    if (response.status !== 200) throw new Error(`${label} answered HTTP ${response.status}`);
    const text = await response.text();
    if (text.length > 1_000_000) throw new Error(`${label} answered too much`);
    return text;
  };
  return {
    label,
    async headerByHeight(height: number): Promise<WebBlockHeader> {
      if (!Number.isSafeInteger(height) || height < 0) throw new RangeError('bad block height');
      const hash = (await get(`/block-height/${height}`)).trim();
      if (!HEX_32.test(hash)) throw new Error(`${label} gave no block hash`);
      const block = JSON.parse(await get(`/block/${hash}`)) as {
        id?: unknown;
        height?: unknown;
        merkle_root?: unknown;
        timestamp?: unknown;
      };
      if (block.id !== undefined && block.id !== hash.toLowerCase())
        throw new Error(`${label} answered for another block`);
      if (block.height !== undefined && block.height !== height)
        throw new Error(`${label} answered for another height`);
      if (typeof block.merkle_root !== 'string' || !HEX_32.test(block.merkle_root))
        throw new Error(`${label} gave no Merkle root`);
      if (typeof block.timestamp !== 'number' || !Number.isSafeInteger(block.timestamp))
        throw new Error(`${label} gave no block time`);
      return { merkleRoot: fromHex(block.merkle_root).reverse(), time: block.timestamp };
    },
  };
}
