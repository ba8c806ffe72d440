import { Resolver } from 'node:dns/promises';

/** The parts of a `node:dns/promises` Resolver the checks use. */
export type DnsResolver = Pick<Resolver, 'resolveTxt' | 'resolve4' | 'resolve6'>;

/** Settings for one domain check. Production needs none of them; see the defaults below. */
export interface DomainProofOptions {
  /**
   * The resolver for TXT, A and AAAA lookups. Default: a fresh `Resolver` on the system's name
   * servers (2 s per try, 2 tries). Tests pass one with `setServers(['127.0.0.1:<port>'])`.
   * Lookups never go through `dns.lookup`/`/etc/hosts`, so a hosts entry cannot redirect them.
   */
  readonly resolver?: DnsResolver;
  /** Time for the whole check (all lookups, or lookups plus the HTTP exchange). Default 5000 ms. */
  readonly timeoutMs?: number;
  /** Largest `.well-known` file accepted, in bytes. Default 4096. */
  readonly maxBodyBytes?: number;
  /** Clock for `checkedAt`. */
  readonly now?: () => Date;
  /**
   * TEST ONLY: relaxations that let a test serve the proof from 127.0.0.1. Production config must
   * never set these (wire them to a test-only setting). Even when set, plain HTTP is used only
   * towards a loopback address, never to the Internet.
   */
  readonly unsafeForTests?: {
    /** Fetch `http://<domain>:<port>/.well-known/…` instead of `https://<domain>/…`. */
    readonly plainHttpPort?: number;
    /** Connect even when the domain resolves to loopback, private or link-local addresses. */
    readonly allowNonPublicAddresses?: boolean;
    /** Fetch `https://<domain>:<port>/…` instead of port 443 (certificate still checked). */
    readonly httpsPort?: number;
    /** PEM certificates to trust instead of the system's CAs (a test CA). */
    readonly trustedCertificates?: string;
  };
}

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_BODY_BYTES = 4096;

/** The resolver to use: the caller's, or one on the system's name servers. */
export function resolverFrom(options: DomainProofOptions): DnsResolver {
  return options.resolver ?? new Resolver({ timeout: 2000, tries: 2 });
}

/** "5 s", "0.5 s": durations as the details say them. */
export function seconds(milliseconds: number): string {
  return `${milliseconds / 1000} s`;
}

/** Why a DNS lookup failed, in words (c-ares error codes as `node:dns` reports them). */
export function dnsFailure(error: unknown): { kind: 'absent' | 'failed'; words: string } {
  const code =
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
      ? error.code
      : 'UNKNOWN';
  switch (code) {
    case 'ENODATA':
      return { kind: 'absent', words: 'no record' };
    case 'ENOTFOUND':
      return { kind: 'absent', words: 'name does not exist' };
    case 'ECONNREFUSED':
    case 'ETIMEOUT':
    case 'ECANCELLED':
      return { kind: 'failed', words: `DNS server unreachable (${code})` };
    case 'ESERVFAIL':
    case 'EREFUSED':
      return { kind: 'failed', words: `DNS server failure (${code})` };
    default:
      return { kind: 'failed', words: `DNS lookup failed (${code})` };
  }
}

/** Resolves with `promise`, or rejects with `{ code: 'DEADLINE' }` when `signal` aborts first. */
export function beforeDeadline<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(Object.assign(new Error('deadline'), { code: 'DEADLINE' }));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export function isDeadline(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'code' in error && error.code === 'DEADLINE'
  );
}
