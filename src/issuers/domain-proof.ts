import { randomBytes } from 'node:crypto';
import { AppError } from '../errors.js';
import { checkDnsProof, CHALLENGE_LABEL, TXT_RECORD_PREFIX } from './domain-proof/dns-check.js';
import { checkDomainName } from './domain-proof/domain-name.js';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TIMEOUT_MS,
  resolverFrom,
  type DomainProofOptions,
} from './domain-proof/options.js';
import { checkWellKnownProof, WELL_KNOWN_PATH } from './domain-proof/well-known-check.js';

/**
 * Domain proof for issuer applications (issue 5): the platform gives the organisation a random
 * token, the organisation publishes it under its domain, and the platform looks. Either
 *
 * - **DNS**: a TXT record `certa-verification=<token>` at `_certa-challenge.<domain>` (the apex
 *   `<domain>` is accepted too), or
 * - **HTTP**: the token in `https://<domain>/.well-known/certa-verification.txt`.
 *
 * A check never throws for what happens on the network: it returns `verified: false` and a
 * `detail` sentence for the reviewer ("No matching TXT record: …", "HTTP 404 …", "timeout after
 * 5 s."). It throws `AppError('INVALID_INPUT')` only for a malformed domain, token or method,
 * which are the caller's input. Details name domains, status codes and addresses, never the
 * content that was found.
 */
export { checkDomainName } from './domain-proof/domain-name.js';
export type { DnsResolver, DomainProofOptions } from './domain-proof/options.js';
export { isPublicAddress } from './domain-proof/public-address.js';
export { CHALLENGE_LABEL, TXT_RECORD_PREFIX, WELL_KNOWN_PATH };

export type DomainProofMethod = 'dns' | 'http';
export const DOMAIN_PROOF_METHODS: readonly DomainProofMethod[] = ['dns', 'http'];

export interface DomainProofResult {
  readonly verified: boolean;
  readonly method: DomainProofMethod;
  /** The normalised (ASCII, lower-case) domain that was checked. */
  readonly domain: string;
  /** ISO 8601 time the check finished. */
  readonly checkedAt: string;
  /** One sentence saying what was found, for the applicant and the reviewer. */
  readonly detail: string;
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * A fresh token for one organisation's domain proof: 256 random bits, base64url (43 characters),
 * safe in a TXT record, a file and a URL. It is not a secret (it ends up in public DNS); it only
 * has to be unpredictable so that nobody can publish another organisation's token in advance.
 */
export function newDomainToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether `token` has the shape {@link newDomainToken} makes. */
export function isDomainToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

/** What the organisation must publish, for the instructions on the application page. */
export function domainProofInstructions(
  domainInput: string,
  token: string,
): { dns: { name: string; type: 'TXT'; value: string }; http: { url: string; content: string } } {
  const domain = checkDomainName(domainInput);
  return {
    dns: {
      name: `${CHALLENGE_LABEL}.${domain}`,
      type: 'TXT',
      value: `${TXT_RECORD_PREFIX}${token}`,
    },
    http: { url: `https://${domain}${WELL_KNOWN_PATH}`, content: token },
  };
}

/**
 * Checks one proof method for `domain` and `token`. See {@link DomainProofOptions} for the
 * resolver, the limits and the test-only relaxations.
 */
export async function checkDomainProof(
  input: { domain: string; token: string; method: DomainProofMethod },
  options: DomainProofOptions = {},
): Promise<DomainProofResult> {
  const domain = checkDomainName(input.domain);
  if (!isDomainToken(input.token)) {
    throw new AppError('INVALID_INPUT', 'token is not a domain verification token.', {
      details: { field: 'token' },
    });
  }
  const method: unknown = input.method;
  if (method !== 'dns' && method !== 'http') {
    throw new AppError('INVALID_INPUT', 'method must be "dns" or "http".', {
      details: { field: 'method' },
    });
  }
  const resolver = resolverFrom(options);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const outcome =
    method === 'dns'
      ? await checkDnsProof(domain, input.token, resolver, timeoutMs)
      : await checkWellKnownProof(domain, input.token, {
          resolver,
          timeoutMs,
          maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
          plainHttpPort: options.unsafeForTests?.plainHttpPort ?? null,
          allowNonPublicAddresses: options.unsafeForTests?.allowNonPublicAddresses ?? false,
          httpsPort: options.unsafeForTests?.httpsPort ?? 443,
          trustedCertificates: options.unsafeForTests?.trustedCertificates ?? null,
        });
  return {
    verified: outcome.verified,
    method,
    domain,
    checkedAt: (options.now?.() ?? new Date()).toISOString(),
    detail: outcome.detail,
  };
}
