import { BackendUnavailableError } from './anchor-backend.js';

/**
 * A minimal Bitcoin Core JSON-RPC 1.0 client: HTTP POST, basic auth, one call per request, a
 * timeout, and errors sorted into "try again later" ({@link BackendUnavailableError}) and
 * "something is wrong" ({@link BitcoinRpcError}). Messages name the endpoint by origin only, never
 * with credentials.
 */

/** Connection settings of {@link BitcoinRpcClient}. */
export interface BitcoinRpcClientOptions {
  /** RPC endpoint, e.g. `http://127.0.0.1:8332/`; may carry `user:password@` (stripped before use). */
  readonly url: string;
  /** `rpcuser`, or `__cookie__` with the cookie file's password. Takes precedence over the URL's. */
  readonly username?: string;
  readonly password?: string;
  /** Wallet name: calls go to `/wallet/<name>` (needed when the node has several wallets). */
  readonly wallet?: string;
  /** Per-call timeout in milliseconds (default 30 000). */
  readonly timeoutMs?: number;
}

/** Default time one RPC call may take. `getblock` of a full block is the slowest we make. */
export const DEFAULT_RPC_TIMEOUT_MS = 30_000;

/** Largest response accepted: a full block's txid list is well under this. */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * Bitcoin Core error codes that mean "not now" rather than "no": the node is starting
 * (`RPC_IN_WARMUP`), has no peers (`RPC_CLIENT_NOT_CONNECTED`), is still syncing
 * (`RPC_CLIENT_IN_INITIAL_DOWNLOAD`), the wallet is locked (`RPC_WALLET_UNLOCK_NEEDED`) or has
 * too little money (`RPC_WALLET_INSUFFICIENT_FUNDS`). An operator fixes these without touching
 * Certa, and the worker retries.
 */
const RETRY_LATER_CODES: ReadonlyMap<number, string> = new Map([
  [-28, 'the node is still starting'],
  [-9, 'the node has no peers'],
  [-10, 'the node is still in initial block download'],
  [-13, 'the wallet is locked'],
  [-6, 'the wallet has insufficient funds'],
]);

/** `RPC_WALLET_ERROR`: retryable only when it says the wallet is short of funds (`fundrawtransaction`). */
const RPC_WALLET_ERROR = -4;
const INSUFFICIENT_FUNDS = /insufficient funds/i;

/** Bitcoin Core's "no such transaction / block" code (`RPC_INVALID_ADDRESS_OR_KEY`). */
export const RPC_NOT_FOUND = -5;

/**
 * Bitcoin Core answered, and the answer is an error that retrying will not fix by itself: an RPC
 * error (`code` is Core's, e.g. -26 rejected, -8 invalid parameter, -18 wallet not loaded),
 * refused credentials (`code` null, `kind` `auth`), or a response that is not JSON-RPC.
 */
export class BitcoinRpcError extends Error {
  constructor(
    /** The RPC method that failed. */
    readonly method: string,
    /** `rpc`: Core returned an error object; `auth`: credentials refused; `protocol`: not JSON-RPC. */
    readonly kind: 'rpc' | 'auth' | 'protocol',
    /** Core's error code, for `rpc` errors. */
    readonly code: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'BitcoinRpcError';
  }
}

interface Credentials {
  readonly username: string;
  readonly password: string;
}

function credentialsFrom(parsed: URL, options: BitcoinRpcClientOptions): Credentials | undefined {
  if (options.username !== undefined || options.password !== undefined) {
    return { username: options.username ?? '', password: options.password ?? '' };
  }
  if (parsed.username === '' && parsed.password === '') return undefined;
  return {
    username: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  };
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return `no answer within ${timeoutMs} ms`;
  }
  if (!(error instanceof Error)) return 'request failed';
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

function parseBody(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // not JSON: handled by the caller from the HTTP status
  }
  return undefined;
}

/** Talks to one Bitcoin Core node (and wallet). */
export class BitcoinRpcClient {
  private readonly endpoint: string;
  /** `scheme://host:port` — what error messages show of the endpoint. */
  readonly origin: string;
  private readonly authorization: string | undefined;
  private readonly timeoutMs: number;
  private nextId = 1;

  constructor(options: BitcoinRpcClientOptions) {
    let parsed: URL;
    try {
      parsed = new URL(options.url);
    } catch {
      throw new TypeError('Bitcoin Core RPC url is not a valid URL');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new TypeError(`Bitcoin Core RPC url must be http(s), got ${parsed.protocol}`);
    }
    const credentials = credentialsFrom(parsed, options);
    parsed.username = '';
    parsed.password = '';
    if (options.wallet !== undefined) {
      parsed.pathname = `/wallet/${encodeURIComponent(options.wallet)}`;
    }
    this.endpoint = parsed.toString();
    this.origin = parsed.origin;
    this.authorization =
      credentials === undefined
        ? undefined
        : `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
  }

  /**
   * Calls `method` and resolves to its `result`. Rejects with {@link BackendUnavailableError}
   * when the node cannot be reached, times out, answers 5xx without a JSON-RPC body, or returns
   * one of the "not now" codes; with {@link BitcoinRpcError} for every other failure.
   */
  async call(method: string, params: readonly unknown[] = []): Promise<unknown> {
    const { status, text } = await this.post(method, params);
    if (status === 401 || status === 403) {
      throw new BitcoinRpcError(
        method,
        'auth',
        null,
        `Bitcoin Core RPC at ${this.origin} refused the credentials (HTTP ${status}); check the RPC username and password (or cookie)`,
      );
    }
    const body = parseBody(text);
    if (body === undefined) throw this.nonJsonFailure(method, status);
    const error = body.error;
    if (error !== null && error !== undefined) throw this.rpcFailure(method, error);
    if (status !== 200 || !('result' in body)) {
      throw new BitcoinRpcError(
        method,
        'protocol',
        null,
        `Bitcoin Core ${method}: unexpected HTTP ${status} response from ${this.origin}`,
      );
    }
    return body.result;
  }

  private async post(
    method: string,
    params: readonly unknown[],
  ): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.authorization !== undefined) headers.authorization = this.authorization;
    const id = this.nextId++;
    try {
      const response = await fetch(this.endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify({ jsonrpc: '1.0', id, method, params }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      if (Buffer.byteLength(text) > MAX_RESPONSE_BYTES) {
        throw new BitcoinRpcError(
          method,
          'protocol',
          null,
          `Bitcoin Core ${method}: response too large`,
        );
      }
      return { status: response.status, text };
    } catch (error) {
      if (error instanceof BitcoinRpcError) throw error;
      throw new BackendUnavailableError(
        `cannot reach Bitcoin Core RPC at ${this.origin} (${method}): ${describeFailure(error, this.timeoutMs)}`,
        { cause: error },
      );
    }
  }

  private nonJsonFailure(method: string, status: number): Error {
    if (status >= 500) {
      return new BackendUnavailableError(
        `Bitcoin Core RPC at ${this.origin} is not available (${method}: HTTP ${status})`,
      );
    }
    const hint =
      status === 404 ? ' — is this a Bitcoin Core RPC endpoint, and the wallet name right?' : '';
    return new BitcoinRpcError(
      method,
      'protocol',
      null,
      `Bitcoin Core ${method}: HTTP ${status} without a JSON-RPC answer from ${this.origin}${hint}`,
    );
  }

  private rpcFailure(method: string, error: unknown): Error {
    const fields =
      typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
    const code = typeof fields.code === 'number' ? fields.code : null;
    const text = typeof fields.message === 'string' ? fields.message : 'unknown error';
    const message = `Bitcoin Core ${method} failed: ${text} (code ${code ?? 'none'})`;
    const retryReason =
      code === RPC_WALLET_ERROR && INSUFFICIENT_FUNDS.test(text)
        ? 'the wallet has insufficient funds'
        : code === null
          ? undefined
          : RETRY_LATER_CODES.get(code);
    const rpcError = new BitcoinRpcError(method, 'rpc', code, message);
    if (retryReason !== undefined) {
      return new BackendUnavailableError(`${message}: ${retryReason}; will retry`, {
        cause: rpcError,
      });
    }
    return rpcError;
  }
}
