import { toBase64, utf8 } from '../common/bytes.js';
import {
  BlockSourceError,
  checkBlockHash,
  checkBlockTime,
  checkHeight,
  internalOrderFromDisplayHex,
  type BlockHeader,
  type BlockHeaderSource,
} from './block-header-source.js';
import { DEFAULT_TIMEOUT_MS, httpRequest, parseJsonObject } from './http-request.js';

/** RPC credentials (`rpcuser`/`rpcpassword`, or the `__cookie__` user and the cookie file's password). */
export interface RpcAuth {
  readonly username: string;
  readonly password: string;
}

/** Options of {@link BitcoinCoreRpcSource}. */
export interface BitcoinCoreRpcSourceOptions {
  /** Per-request timeout in milliseconds (default 10 000). */
  readonly timeoutMs?: number;
}

/** Bitcoin Core error codes meaning "no such block": out of range height, unknown hash. */
const NOT_FOUND_CODES = new Set([-8, -5]);
/** Bitcoin Core error code while it is still starting (loading the block index). */
const IN_WARMUP = -28;

/**
 * Block headers from a Bitcoin Core node over JSON-RPC (HTTP POST, basic auth): `getblockhash`
 * then `getblockheader` (verbose), whose `merkleroot` is in display order — reversed here to the
 * internal order OpenTimestamps uses. A pruned node is fine: headers are never pruned.
 */
export class BitcoinCoreRpcSource implements BlockHeaderSource {
  private readonly url: string;
  private readonly authorization: string | undefined;
  private readonly timeoutMs: number;
  private nextId = 1;

  /**
   * `url` is the node's RPC endpoint, e.g. `http://127.0.0.1:8332/`. Credentials come from `auth`
   * or, when absent, from the URL's user info (stripped from the URL either way, because `fetch`
   * refuses URLs with credentials).
   */
  constructor(url: string, auth?: RpcAuth, options: BitcoinCoreRpcSourceOptions = {}) {
    const parsed = new URL(url);
    const fromUrl =
      parsed.username === ''
        ? undefined
        : {
            username: decodeURIComponent(parsed.username),
            password: decodeURIComponent(parsed.password),
          };
    parsed.username = '';
    parsed.password = '';
    this.url = parsed.toString();
    const credentials = auth ?? fromUrl;
    this.authorization =
      credentials === undefined
        ? undefined
        : `Basic ${toBase64(utf8(`${credentials.username}:${credentials.password}`))}`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async headerByHeight(height: number): Promise<BlockHeader> {
    checkHeight(height);
    const hash = checkBlockHash(
      await this.call('getblockhash', [height]),
      `getblockhash(${height}) result`,
    );
    const header = await this.call('getblockheader', [hash, true]);
    if (typeof header !== 'object' || header === null || Array.isArray(header)) {
      throw new BlockSourceError(
        'bad-response',
        `getblockheader(${hash}) did not return an object`,
      );
    }
    const fields = header as Record<string, unknown>;
    if (fields.hash !== undefined && fields.hash !== hash) {
      throw new BlockSourceError(
        'bad-response',
        `getblockheader(${hash}) answered for another block`,
      );
    }
    return {
      merkleRoot: internalOrderFromDisplayHex(
        fields.merkleroot,
        `getblockheader(${hash}).merkleroot`,
      ),
      time: checkBlockTime(fields.time, `getblockheader(${hash}).time`),
      hash,
    };
  }

  /** One JSON-RPC 1.0 call (understood by every Bitcoin Core version); resolves to `result`. */
  private async call(method: string, params: readonly unknown[]): Promise<unknown> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.authorization !== undefined) headers.authorization = this.authorization;
    const id = this.nextId++;
    const response = await httpRequest(
      this.url,
      {
        method: 'POST',
        headers,
        body: JSON.stringify({ jsonrpc: '1.0', id, method, params }),
      },
      this.timeoutMs,
    );
    if (response.status === 401 || response.status === 403) {
      throw new BlockSourceError(
        'bad-response',
        `Bitcoin Core RPC refused the credentials (HTTP ${response.status})`,
      );
    }
    // Bitcoin Core answers RPC errors with HTTP 500 (JSON-RPC 1.0) or 200 (2.0) and a JSON body;
    // any other failure status, or a 5xx without such a body, means the node is not usable now.
    let body: Record<string, unknown>;
    try {
      body = parseJsonObject(response.body, `${method} response`);
    } catch (error) {
      if (response.status >= 500) {
        throw new BlockSourceError(
          'unreachable',
          `Bitcoin Core RPC failed (HTTP ${response.status})`,
        );
      }
      throw error;
    }
    const rpcError = body.error;
    if (rpcError !== null && rpcError !== undefined) {
      const { code, message } = rpcError as { code?: unknown; message?: unknown };
      const text = `Bitcoin Core ${method} failed: ${String(message)} (code ${String(code)})`;
      if (code === IN_WARMUP) throw new BlockSourceError('unreachable', text);
      const notFound = typeof code === 'number' && NOT_FOUND_CODES.has(code);
      throw new BlockSourceError(notFound ? 'not-found' : 'bad-response', text);
    }
    if (response.status !== 200) {
      throw new BlockSourceError('bad-response', `Bitcoin Core ${method}: HTTP ${response.status}`);
    }
    return body.result;
  }
}
