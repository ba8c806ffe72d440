import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from '../issuers/domain-proof/public-address.js';
import {
  beforeDeadline,
  dnsFailure,
  isDeadline,
  resolverFrom,
  seconds,
  type DnsResolver,
} from '../issuers/domain-proof/options.js';
import { hostAddress } from './webhook-url.js';

/** How deliveries reach receivers; production sets only the timeout. */
export interface WebhookSendOptions {
  /** Time for the whole exchange: lookups, connection, request and answer. */
  readonly timeoutMs: number;
  /**
   * TEST ONLY (WEBHOOKS_ALLOW_PRIVATE_ADDRESSES): connect to loopback and private addresses, and
   * over plain http to loopback. Off in production: receivers must be on the public Internet.
   */
  readonly allowPrivateAddresses: boolean;
  /** The resolver of the domain check (DOMAIN_DNS_SERVERS), or the system's name servers. */
  readonly resolver?: DnsResolver;
}

/** What one attempt gave: the receiver's status, or why there was none. */
export interface SendOutcome {
  readonly ok: boolean;
  readonly statusCode: number | null;
  readonly durationMs: number;
  /** One sentence; null on success. Names addresses and codes, never the body. */
  readonly error: string | null;
  /** The first {@link MAX_STORED_RESPONSE_BYTES} bytes of the answer, as text. */
  readonly responseBody: string | null;
}

/** How much of a receiver's answer the delivery log keeps. */
export const MAX_STORED_RESPONSE_BYTES = 1024;

class SendStop extends Error {}

/**
 * POSTs `body` to `url` once, with the server-side request forgery defences of the domain check
 * (src/issuers/domain-proof/well-known-check.ts, sharing its address guard and resolver): the
 * host is resolved once with our resolver, refused if ANY of its addresses is not public (unless
 * allowed for tests), and the connection is pinned to the vetted address, so a second DNS answer
 * cannot swap in an internal one; redirects are not followed; no pooling, cookies or
 * credentials; one deadline for everything. Never throws: failures are outcomes.
 */
export async function sendWebhook(
  url: URL,
  headers: Readonly<Record<string, string>>,
  body: string,
  options: WebhookSendOptions,
): Promise<SendOutcome> {
  const started = performance.now();
  const signal = AbortSignal.timeout(options.timeoutMs);
  const elapsed = (): number => Math.round(performance.now() - started);
  try {
    const pinned = await vettedAddress(url, options, signal);
    const answer = await beforeDeadline(post(url, pinned, headers, body, signal), signal);
    const ok = answer.statusCode >= 200 && answer.statusCode < 300;
    let error: string | null = null;
    if (answer.statusCode >= 300 && answer.statusCode < 400)
      error = `HTTP ${answer.statusCode}: redirects are not followed.`;
    else if (!ok) error = `HTTP ${answer.statusCode}.`;
    return {
      ok,
      statusCode: answer.statusCode,
      durationMs: elapsed(),
      error,
      responseBody: answer.body,
    };
  } catch (error) {
    const sentence =
      error instanceof SendStop ? error.message : describeNetworkError(error, options.timeoutMs);
    return {
      ok: false,
      statusCode: null,
      durationMs: elapsed(),
      error: sentence,
      responseBody: null,
    };
  }
}

async function vettedAddress(
  url: URL,
  options: WebhookSendOptions,
  signal: AbortSignal,
): Promise<{ address: string; family: 4 | 6 }> {
  const literal = hostAddress(url);
  let addresses: string[];
  if (literal !== null) {
    addresses = [literal];
  } else {
    const resolver = resolverFrom(
      options.resolver === undefined ? {} : { resolver: options.resolver },
    );
    const [v4, v6] = await Promise.allSettled([
      beforeDeadline(resolver.resolve4(url.hostname), signal),
      beforeDeadline(resolver.resolve6(url.hostname), signal),
    ]);
    addresses = [
      ...(v4.status === 'fulfilled' ? v4.value : []),
      ...(v6.status === 'fulfilled' ? v6.value : []),
    ];
    if (addresses.length === 0) {
      const reasons = [v4, v6].flatMap((result) =>
        result.status === 'rejected' ? [result.reason as unknown] : [],
      );
      if (reasons.some(isDeadline))
        throw new SendStop(`Timeout after ${seconds(options.timeoutMs)}.`);
      const failed = reasons.map(dnsFailure).find((failure) => failure.kind === 'failed');
      throw new SendStop(
        failed !== undefined
          ? `DNS lookup of ${url.hostname} failed: ${failed.words}.`
          : `${url.hostname} has no A or AAAA record.`,
      );
    }
  }
  if (!options.allowPrivateAddresses) {
    const internal = addresses.find((address) => !isPublicAddress(address));
    if (internal !== undefined)
      throw new SendStop(
        `${url.hostname} resolves to a non-public address (${internal}); not called.`,
      );
  }
  const chosen = addresses[0]!;
  return { address: chosen, family: isIP(chosen) === 6 ? 6 : 4 };
}

function post(
  url: URL,
  pinned: { address: string; family: 4 | 6 },
  headers: Readonly<Record<string, string>>,
  body: string,
  signal: AbortSignal,
): Promise<{ statusCode: number; body: string }> {
  const lookup: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all === true) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const payload = Buffer.from(body, 'utf8');
  const requestOptions: RequestOptions = {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? undefined : Number(url.port),
    path: `${url.pathname}${url.search}`,
    method: 'POST',
    headers: { ...headers, 'content-length': String(payload.length) },
    lookup,
    agent: false,
    signal,
  };
  return new Promise((resolve, reject) => {
    const onResponse = (response: IncomingMessage): void => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = (): void => {
        const text = Buffer.concat(chunks).subarray(0, MAX_STORED_RESPONSE_BYTES).toString('utf8');
        resolve({ statusCode: response.statusCode ?? 0, body: text });
      };
      response.on('data', (chunk: Buffer) => {
        if (size >= MAX_STORED_RESPONSE_BYTES) return;
        chunks.push(chunk);
        size += chunk.length;
        if (size >= MAX_STORED_RESPONSE_BYTES) {
          finish();
          response.destroy();
        }
      });
      response.on('end', finish);
      response.on('error', reject);
    };
    const outgoing =
      url.protocol === 'http:'
        ? httpRequest(requestOptions, onResponse)
        : httpsRequest(
            hostAddress(url) === null
              ? { ...requestOptions, servername: url.hostname }
              : requestOptions,
            onResponse,
          );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (isDeadline(error)) return `Timeout after ${seconds(timeoutMs)}.`;
  const code =
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
      ? error.code
      : 'UNKNOWN';
  if (code === 'ABORT_ERR') return `Timeout after ${seconds(timeoutMs)}.`;
  if (code === 'ECONNREFUSED') return 'Connection refused.';
  if (code === 'ECONNRESET') return 'Connection reset.';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `Host unreachable (${code}).`;
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code.includes('SELF_SIGNED'))
    return `TLS certificate not valid for the host (${code}).`;
  return `Request failed (${code}).`;
}
