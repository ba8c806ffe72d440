import { randomBytes } from 'node:crypto';
import { AppError } from '../errors.js';
import {
  TimestampError,
  buildTimestampRequest,
  readTimestampResponse,
} from '../pdf/sign/timestamp-protocol.js';

/** Given a SHA-256 digest, returns an RFC 3161 timestamp token (DER). */
export type TimestampClient = (digest: Buffer) => Promise<Buffer>;

/** Largest answer read from a timestamp authority; real tokens are a few KiB. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * An RFC 3161 client over HTTP (`application/timestamp-query`). Each request carries a fresh
 * nonce and asks for the TSA certificate; the answer is checked to stamp our digest. A failure
 * is an UPSTREAM_FAILED error, so an activation stops before anything is stored.
 */
export function createTsaClient(
  url: string,
  options: { timeoutMs?: number } = {},
): TimestampClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return async (digest) => {
    const nonce = randomBytes(8);
    let body: Buffer;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/timestamp-query',
          accept: 'application/timestamp-reply',
        },
        body: buildTimestampRequest(digest, nonce),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) throw new TimestampError(`HTTP ${response.status}`);
      body = Buffer.from(await response.arrayBuffer());
      if (body.length > MAX_RESPONSE_BYTES) throw new TimestampError('answer too large');
    } catch (error) {
      throw new AppError(
        'UPSTREAM_FAILED',
        'The timestamp authority (TSA_URL) could not be reached.',
        {
          cause: error,
        },
      );
    }
    try {
      return readTimestampResponse(body, digest, nonce);
    } catch (error) {
      throw new AppError(
        'UPSTREAM_FAILED',
        `The timestamp authority (TSA_URL) gave an unusable answer: ${error instanceof Error ? error.message : 'unknown'}`,
        { cause: error },
      );
    }
  };
}
