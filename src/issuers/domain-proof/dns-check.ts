import { beforeDeadline, dnsFailure, isDeadline, seconds, type DnsResolver } from './options.js';

/**
 * The DNS proof: a TXT record whose value is `certa-verification=<token>`.
 *
 * The documented place is `_certa-challenge.<domain>` (like ACME's `_acme-challenge`): it does not
 * crowd the apex, where SPF and other TXT records live, and a DNS host can delegate just that name
 * with a CNAME. The same value at the apex `<domain>` is accepted too, because many registrars'
 * panels only edit the apex and looking there costs one extra query in parallel.
 */
export const TXT_RECORD_PREFIX = 'certa-verification=';
export const CHALLENGE_LABEL = '_certa-challenge';

type NameOutcome =
  | { readonly name: string; readonly kind: 'match' }
  | { readonly name: string; readonly kind: 'records'; readonly count: number }
  | { readonly name: string; readonly kind: 'absent'; readonly words: string }
  | { readonly name: string; readonly kind: 'failed'; readonly words: string };

async function lookUp(
  resolver: DnsResolver,
  name: string,
  expected: string,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<NameOutcome> {
  try {
    const records = await beforeDeadline(resolver.resolveTxt(name), signal);
    // A TXT record may come in several strings of ≤ 255 bytes; its value is their concatenation.
    const values = records.map((chunks) => chunks.join('').trim());
    if (values.includes(expected)) return { name, kind: 'match' };
    if (values.length === 0) return { name, kind: 'absent', words: 'no TXT record' };
    return { name, kind: 'records', count: values.length };
  } catch (error) {
    if (isDeadline(error)) {
      return { name, kind: 'failed', words: `DNS timeout after ${seconds(timeoutMs)}` };
    }
    const failure = dnsFailure(error);
    return failure.kind === 'absent'
      ? {
          name,
          kind: 'absent',
          words: failure.words === 'no record' ? 'no TXT record' : failure.words,
        }
      : { name, kind: 'failed', words: failure.words };
  }
}

function describe(outcome: NameOutcome): string {
  switch (outcome.kind) {
    case 'match':
      return `${outcome.name}: matching TXT record`;
    case 'records':
      return `${outcome.name}: ${outcome.count} TXT record${outcome.count === 1 ? '' : 's'} found, none matches`;
    case 'absent':
    case 'failed':
      return `${outcome.name}: ${outcome.words}`;
  }
}

/** Looks for the TXT proof at both names; never throws for DNS failures. */
export async function checkDnsProof(
  domain: string,
  token: string,
  resolver: DnsResolver,
  timeoutMs: number,
): Promise<{ verified: boolean; detail: string }> {
  const expected = `${TXT_RECORD_PREFIX}${token}`;
  const deadline = AbortSignal.timeout(timeoutMs);
  const outcomes = await Promise.all(
    [`${CHALLENGE_LABEL}.${domain}`, domain].map((name) =>
      lookUp(resolver, name, expected, deadline, timeoutMs),
    ),
  );
  const match = outcomes.find((outcome) => outcome.kind === 'match');
  if (match !== undefined) {
    return { verified: true, detail: `Matching TXT record found at ${match.name}.` };
  }
  const allFailed = outcomes.every((outcome) => outcome.kind === 'failed');
  const prefix = allFailed ? 'DNS lookup failed' : 'No matching TXT record';
  return { verified: false, detail: `${prefix}: ${outcomes.map(describe).join('; ')}.` };
}
