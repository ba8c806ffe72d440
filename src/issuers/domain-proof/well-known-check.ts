import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { beforeDeadline, dnsFailure, isDeadline, seconds, type DnsResolver } from './options.js';
import { isLoopbackAddress, isPublicAddress } from './public-address.js';

/**
 * The HTTP proof: `https://<domain>/.well-known/certa-verification.txt` whose content is the token
 * (a line equal to the token; surrounding white space and other lines are ignored, so one file
 * can hold the tokens of several organisations on the same domain).
 *
 * Defences against server-side request forgery, since the domain is chosen by the applicant:
 * - the domain is resolved with our resolver (not /etc/hosts), and if ANY of its A/AAAA
 *   addresses is loopback, private, link-local, CGNAT, multicast or otherwise non-public, nothing
 *   is fetched;
 * - the connection is pinned to an address we vetted (custom `lookup`), so a second DNS answer
 *   cannot swap in an internal address between the check and the connect (DNS rebinding);
 * - HTTPS only, certificate checked against the domain (SNI = domain); port 443 only;
 * - redirects are followed only to the same https origin, at most 3 times;
 * - the body is read up to a few KB, the whole exchange has a deadline, and no cookies,
 *   credentials or connection pooling are involved.
 */
export const WELL_KNOWN_PATH = '/.well-known/certa-verification.txt';
const MAX_REDIRECTS = 3;

export interface WellKnownSettings {
  readonly resolver: DnsResolver;
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  readonly plainHttpPort: number | null;
  readonly allowNonPublicAddresses: boolean;
  readonly httpsPort: number;
  readonly trustedCertificates: string | null;
}

type Outcome = { verified: boolean; detail: string };

class CheckStop extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

async function vettedAddress(
  domain: string,
  settings: WellKnownSettings,
  signal: AbortSignal,
): Promise<{ address: string; family: 4 | 6 }> {
  const [v4, v6] = await Promise.allSettled([
    beforeDeadline(settings.resolver.resolve4(domain), signal),
    beforeDeadline(settings.resolver.resolve6(domain), signal),
  ]);
  const addresses = [
    ...(v4.status === 'fulfilled' ? v4.value : []),
    ...(v6.status === 'fulfilled' ? v6.value : []),
  ];
  if (addresses.length === 0) {
    const reasons = [v4, v6].flatMap((result) =>
      result.status === 'rejected' ? [result.reason as unknown] : [],
    );
    if (reasons.some(isDeadline))
      throw new CheckStop(`timeout after ${seconds(settings.timeoutMs)}`);
    const failed = reasons.map(dnsFailure).find((failure) => failure.kind === 'failed');
    throw new CheckStop(
      failed !== undefined
        ? `DNS lookup of ${domain} failed: ${failed.words}`
        : `${domain} has no A or AAAA record`,
    );
  }
  if (!settings.allowNonPublicAddresses) {
    const internal = addresses.find((address) => !isPublicAddress(address));
    if (internal !== undefined) {
      throw new CheckStop(`${domain} resolves to a non-public address (${internal}); not fetched`);
    }
  }
  const chosen = addresses[0]!;
  if (settings.plainHttpPort !== null && !isLoopbackAddress(chosen)) {
    throw new CheckStop('plain HTTP (test mode) is only used towards a loopback address');
  }
  return { address: chosen, family: isIP(chosen) === 6 ? 6 : 4 };
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (isDeadline(error)) return `timeout after ${seconds(timeoutMs)}`;
  const code =
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
      ? error.code
      : 'UNKNOWN';
  if (code === 'ABORT_ERR') return `timeout after ${seconds(timeoutMs)}`;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET') return 'connection reset';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `host unreachable (${code})`;
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code.includes('SELF_SIGNED')) {
    return `TLS certificate not valid for the domain (${code})`;
  }
  return `request failed (${code})`;
}

/** One GET, pinned to the vetted address; resolves with the status, Location and capped body. */
function fetchOnce(
  domain: string,
  path: string,
  pinned: { address: string; family: 4 | 6 },
  settings: WellKnownSettings,
  signal: AbortSignal,
): Promise<{ status: number; location: string | null; body: Buffer }> {
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all === true) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const options: RequestOptions = {
    host: domain,
    port: settings.plainHttpPort ?? settings.httpsPort,
    path,
    method: 'GET',
    headers: { accept: 'text/plain', 'user-agent': 'Certa domain verification' },
    lookup,
    agent: false,
    signal,
  };
  return new Promise((resolve, reject) => {
    const onResponse = (response: IncomingMessage): void => {
      const status = response.statusCode ?? 0;
      const location =
        typeof response.headers.location === 'string' ? response.headers.location : null;
      if (status !== 200) {
        response.resume();
        resolve({ status, location, body: Buffer.alloc(0) });
        return;
      }
      const declared = Number(response.headers['content-length'] ?? '0');
      if (declared > settings.maxBodyBytes) {
        response.destroy();
        reject(new CheckStop(`file larger than ${settings.maxBodyBytes} bytes; not read`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > settings.maxBodyBytes) {
          response.destroy();
          reject(new CheckStop(`file larger than ${settings.maxBodyBytes} bytes; not read`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => resolve({ status, location, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    };
    const outgoing =
      settings.plainHttpPort !== null
        ? httpRequest(options, onResponse)
        : httpsRequest(
            {
              ...options,
              servername: domain,
              ...(settings.trustedCertificates !== null
                ? { ca: settings.trustedCertificates }
                : {}),
            },
            onResponse,
          );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** Fetches the `.well-known` file and looks for the token; never throws for network failures. */
export async function checkWellKnownProof(
  domain: string,
  token: string,
  settings: WellKnownSettings,
): Promise<Outcome> {
  const signal = AbortSignal.timeout(settings.timeoutMs);
  const scheme = settings.plainHttpPort !== null ? 'http' : 'https';
  const port = settings.plainHttpPort ?? settings.httpsPort;
  const defaultPort = settings.plainHttpPort !== null ? 80 : 443;
  const origin = `${scheme}://${domain}${port === defaultPort ? '' : `:${port}`}`;
  try {
    const pinned = await vettedAddress(domain, settings, signal);
    let path = WELL_KNOWN_PATH;
    for (let hop = 0; ; hop += 1) {
      const response = await beforeDeadline(
        fetchOnce(domain, path, pinned, settings, signal),
        signal,
      );
      if (response.status === 200) {
        const lines = response.body
          .toString('utf8')
          .split(/\r?\n/)
          .map((line) => line.trim());
        return lines.includes(token)
          ? { verified: true, detail: `${origin}${path} contains the token.` }
          : {
              verified: false,
              detail: `HTTP 200, but ${origin}${path} does not contain the token.`,
            };
      }
      if (response.status >= 300 && response.status < 400 && response.location !== null) {
        const target = new URL(response.location, `${origin}${path}`);
        if (target.origin !== origin) {
          return {
            verified: false,
            detail: `HTTP ${response.status} redirect to another origin (${target.host}); not followed.`,
          };
        }
        if (hop + 1 > MAX_REDIRECTS) {
          return { verified: false, detail: `more than ${MAX_REDIRECTS} redirects; not followed.` };
        }
        path = `${target.pathname}${target.search}`;
        continue;
      }
      return { verified: false, detail: `HTTP ${response.status} for ${origin}${path}.` };
    }
  } catch (error) {
    if (error instanceof CheckStop) return { verified: false, detail: `${error.detail}.` };
    return { verified: false, detail: `${describeNetworkError(error, settings.timeoutMs)}.` };
  }
}
