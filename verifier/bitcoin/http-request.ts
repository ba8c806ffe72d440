import { utf8 } from '../common/bytes.js';
import { BlockSourceError } from './block-header-source.js';

/** Default time a block header source may take to answer one request. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Largest response body accepted; headers and hashes are tiny, anything bigger is wrong. */
const MAX_BODY_BYTES = 1_000_000;

/** Status and body of an HTTP exchange. */
export interface HttpResult {
  readonly status: number;
  readonly body: string;
}

/**
 * `fetch` with a timeout whose failures are {@link BlockSourceError}s of kind `unreachable`
 * (refused, reset, DNS, timeout), so that a verifier can tell "could not ask" from "asked and
 * got a wrong answer".
 */
export async function httpRequest(
  url: string,
  init: RequestInit,
  timeoutMs: number,
  doFetch: typeof fetch = globalThis.fetch.bind(globalThis),
): Promise<HttpResult> {
  try {
    const response = await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const body = await response.text();
    if (utf8(body).length > MAX_BODY_BYTES) {
      throw new BlockSourceError('bad-response', `response from ${url} is too large`);
    }
    return { status: response.status, body };
  } catch (error) {
    if (error instanceof BlockSourceError) throw error;
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    const reason = timedOut ? `timed out after ${timeoutMs} ms` : describe(error);
    throw new BlockSourceError('unreachable', `cannot reach ${url}: ${reason}`, { cause: error });
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/** Parses a JSON object or throws a `bad-response` {@link BlockSourceError}. */
export function parseJsonObject(body: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new BlockSourceError('bad-response', `${what}: response is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BlockSourceError('bad-response', `${what}: response is not a JSON object`);
  }
  return value as Record<string, unknown>;
}
