import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Resolver } from 'node:dns/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import {
  checkDomainProof,
  domainProofInstructions,
  newDomainToken,
  type DomainProofOptions,
} from '../../../src/issuers/domain-proof.js';
import { startDnsStandIn, type DnsStandIn } from '../../helpers/dns-stand-in.js';
import { startWellKnownStandIn, type WellKnownStandIn } from '../../helpers/well-known-stand-in.js';

/**
 * Domain proof for real: a DNS server on 127.0.0.1 (UDP) that a node:dns Resolver queries, and a
 * node:http server on 127.0.0.1 playing the organisations' web servers.
 */
const PATH = '/.well-known/certa-verification.txt';

let dns: DnsStandIn;
let web: WellKnownStandIn;
let resolver: Resolver;

function resolverFor(server: string, timeout = 1000): Resolver {
  const result = new Resolver({ timeout, tries: 1 });
  result.setServers([server]);
  return result;
}

/** Test mode: plain HTTP on the stand-in's port, loopback addresses allowed. */
function httpTestOptions(extra: Partial<DomainProofOptions> = {}): DomainProofOptions {
  return {
    resolver,
    timeoutMs: 3000,
    unsafeForTests: { plainHttpPort: web.port, allowNonPublicAddresses: true },
    ...extra,
  };
}

async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

beforeAll(async () => {
  dns = await startDnsStandIn();
  web = await startWellKnownStandIn();
  resolver = resolverFor(dns.server);
});

afterAll(async () => {
  await dns.close();
  await web.close();
});

beforeEach(() => {
  dns.zone.clear();
  dns.behaviour = 'answer';
  web.sites.clear();
});

describe('domain proof by DNS TXT record', () => {
  it('is verified when _certa-challenge.<domain> holds the token', async () => {
    const token = newDomainToken();
    dns.zone.set('_certa-challenge.univ-one.org', { TXT: [`certa-verification=${token}`] });
    const result = await checkDomainProof(
      { domain: 'Univ-One.ORG.', token, method: 'dns' },
      { resolver, now: () => new Date('2026-11-27T10:00:00Z') },
    );
    expect(result).toEqual({
      verified: true,
      method: 'dns',
      domain: 'univ-one.org',
      checkedAt: '2026-11-27T10:00:00.000Z',
      detail: 'Matching TXT record found at _certa-challenge.univ-one.org.',
    });
    expect(dns.queries).toContain('TXT _certa-challenge.univ-one.org');
  });

  it('also accepts the record at the apex, among other TXT records, and split into chunks', async () => {
    const token = newDomainToken();
    const value = `certa-verification=${token}`;
    dns.zone.set('univ-two.org', { TXT: ['v=spf1 -all', [value.slice(0, 20), value.slice(20)]] });
    const result = await checkDomainProof(
      { domain: 'univ-two.org', token, method: 'dns' },
      { resolver },
    );
    expect(result.verified).toBe(true);
    expect(result.detail).toBe('Matching TXT record found at univ-two.org.');
  });

  it('is not verified for a wrong token, and says what it found', async () => {
    const token = newDomainToken();
    dns.zone.set('_certa-challenge.univ-three.org', {
      TXT: [`certa-verification=${newDomainToken()}`],
    });
    dns.zone.set('univ-three.org', { TXT: ['v=spf1 -all', 'google-site-verification=abc'] });
    const result = await checkDomainProof(
      { domain: 'univ-three.org', token, method: 'dns' },
      { resolver },
    );
    expect(result.verified).toBe(false);
    expect(result.detail).toBe(
      'No matching TXT record: _certa-challenge.univ-three.org: 1 TXT record found, none matches; ' +
        'univ-three.org: 2 TXT records found, none matches.',
    );
    // The detail never repeats what was found.
    expect(result.detail).not.toContain('certa-verification=');
  });

  it('is not verified when there is no record', async () => {
    const token = newDomainToken();
    dns.zone.set('univ-four.org', { A: ['93.184.216.34'] });
    const result = await checkDomainProof(
      { domain: 'univ-four.org', token, method: 'dns' },
      { resolver },
    );
    expect(result.verified).toBe(false);
    expect(result.detail).toBe(
      'No matching TXT record: _certa-challenge.univ-four.org: name does not exist; ' +
        'univ-four.org: no TXT record.',
    );
  });

  it('does not accept a token for another record prefix or with extra text', async () => {
    const token = newDomainToken();
    dns.zone.set('_certa-challenge.univ-five.org', {
      TXT: [token, `other-verification=${token}`, `certa-verification=${token}x`],
    });
    const result = await checkDomainProof(
      { domain: 'univ-five.org', token, method: 'dns' },
      { resolver },
    );
    expect(result.verified).toBe(false);
    expect(result.detail).toContain('3 TXT records found, none matches');
  });

  it('does not throw when the DNS server is down; the detail says unreachable', async () => {
    const gone = await startDnsStandIn();
    await gone.close();
    const started = Date.now();
    const result = await checkDomainProof(
      { domain: 'univ-six.org', token: newDomainToken(), method: 'dns' },
      { resolver: resolverFor(gone.server, 500) },
    );
    expect(result.verified).toBe(false);
    expect(result.detail).toMatch(
      /^DNS lookup failed: _certa-challenge\.univ-six\.org: DNS server unreachable \(E[A-Z]+\); univ-six\.org: DNS server unreachable/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reports SERVFAIL and a silent server distinctly', async () => {
    const token = newDomainToken();
    dns.behaviour = 'servfail';
    const failed = await checkDomainProof(
      { domain: 'univ-seven.org', token, method: 'dns' },
      { resolver },
    );
    expect(failed.verified).toBe(false);
    expect(failed.detail).toContain('DNS server failure (ESERVFAIL)');

    dns.behaviour = 'silent';
    const started = Date.now();
    const silent = await checkDomainProof(
      { domain: 'univ-seven.org', token, method: 'dns' },
      { resolver: resolverFor(dns.server, 5000), timeoutMs: 400 },
    );
    expect(silent.verified).toBe(false);
    expect(silent.detail).toBe(
      'DNS lookup failed: _certa-challenge.univ-seven.org: DNS timeout after 0.4 s; ' +
        'univ-seven.org: DNS timeout after 0.4 s.',
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('checks internationalised domains in their punycode form', async () => {
    const token = newDomainToken();
    dns.zone.set('_certa-challenge.xn--bcher-verlag-dlb.de', {
      TXT: [`certa-verification=${token}`],
    });
    const result = await checkDomainProof(
      { domain: 'Bücher-Verlag.DE', token, method: 'dns' },
      { resolver },
    );
    expect(result.verified).toBe(true);
    expect(result.domain).toBe('xn--bcher-verlag-dlb.de');
  });
});

describe('domain proof by .well-known file', () => {
  it('is verified when the file holds the token', async () => {
    const token = newDomainToken();
    dns.zone.set('web-one.org', { A: ['127.0.0.1'] });
    web.serve('web-one.org', PATH, { body: `${token}\n` });
    const result = await checkDomainProof(
      { domain: 'web-one.org', token, method: 'http' },
      httpTestOptions(),
    );
    expect(result.verified).toBe(true);
    expect(result.method).toBe('http');
    expect(result.detail).toBe(`http://web-one.org:${web.port}${PATH} contains the token.`);
    expect(web.requests).toContain(`web-one.org ${PATH}`);
  });

  it('accepts the token on any line of a file shared by several organisations', async () => {
    const token = newDomainToken();
    dns.zone.set('web-two.org', { A: ['127.0.0.1'] });
    web.serve('web-two.org', PATH, { body: `${newDomainToken()}\r\n  ${token}  \r\n` });
    const result = await checkDomainProof(
      { domain: 'web-two.org', token, method: 'http' },
      httpTestOptions(),
    );
    expect(result.verified).toBe(true);
  });

  it('is not verified when the file holds another token', async () => {
    dns.zone.set('web-three.org', { A: ['127.0.0.1'] });
    web.serve('web-three.org', PATH, { body: newDomainToken() });
    const result = await checkDomainProof(
      { domain: 'web-three.org', token: newDomainToken(), method: 'http' },
      httpTestOptions(),
    );
    expect(result.verified).toBe(false);
    expect(result.detail).toBe(
      `HTTP 200, but http://web-three.org:${web.port}${PATH} does not contain the token.`,
    );
  });

  it('reports HTTP 404 when there is no file', async () => {
    dns.zone.set('web-four.org', { A: ['127.0.0.1'] });
    const result = await checkDomainProof(
      { domain: 'web-four.org', token: newDomainToken(), method: 'http' },
      httpTestOptions(),
    );
    expect(result.verified).toBe(false);
    expect(result.detail).toBe(`HTTP 404 for http://web-four.org:${web.port}${PATH}.`);
  });

  it('refuses a file larger than the limit, declared or streamed', async () => {
    const token = newDomainToken();
    dns.zone.set('web-five.org', { A: ['127.0.0.1'] });
    web.serve('web-five.org', PATH, { body: `${token}\n${'x'.repeat(5000)}` });
    const declared = await checkDomainProof(
      { domain: 'web-five.org', token, method: 'http' },
      httpTestOptions(),
    );
    expect(declared.verified).toBe(false);
    expect(declared.detail).toBe('file larger than 4096 bytes; not read.');

    web.serve('web-five.org', PATH, {
      body: `${token}\n${'x'.repeat(600)}`,
      headers: { 'transfer-encoding': 'chunked' },
    });
    const streamed = await checkDomainProof(
      { domain: 'web-five.org', token, method: 'http' },
      httpTestOptions({ maxBodyBytes: 256 }),
    );
    expect(streamed.verified).toBe(false);
    expect(streamed.detail).toBe('file larger than 256 bytes; not read.');
  });

  it('gives up after the timeout when the server is slow, without throwing', async () => {
    const token = newDomainToken();
    dns.zone.set('web-six.org', { A: ['127.0.0.1'] });
    web.serve('web-six.org', PATH, { body: token, delayMs: 3000 });
    const started = Date.now();
    const result = await checkDomainProof(
      { domain: 'web-six.org', token, method: 'http' },
      httpTestOptions({ timeoutMs: 500 }),
    );
    expect(result.verified).toBe(false);
    expect(result.detail).toBe('timeout after 0.5 s.');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('follows a redirect on the same origin, not to another host', async () => {
    const token = newDomainToken();
    dns.zone.set('web-seven.org', { A: ['127.0.0.1'] });
    web.serve('web-seven.org', PATH, { status: 301, headers: { location: '/proof.txt' } });
    web.serve('web-seven.org', '/proof.txt', { body: token });
    const same = await checkDomainProof(
      { domain: 'web-seven.org', token, method: 'http' },
      httpTestOptions(),
    );
    expect(same.verified).toBe(true);

    web.serve('web-seven.org', PATH, {
      status: 302,
      headers: { location: `http://www.web-seven.org:${web.port}/proof.txt` },
    });
    web.serve('www.web-seven.org', '/proof.txt', { body: token });
    const other = await checkDomainProof(
      { domain: 'web-seven.org', token, method: 'http' },
      httpTestOptions(),
    );
    expect(other.verified).toBe(false);
    expect(other.detail).toBe(
      `HTTP 302 redirect to another origin (www.web-seven.org:${web.port}); not followed.`,
    );
    expect(web.requests).not.toContain('www.web-seven.org /proof.txt');

    web.serve('web-seven.org', PATH, { status: 302, headers: { location: PATH } });
    const loop = await checkDomainProof(
      { domain: 'web-seven.org', token, method: 'http' },
      httpTestOptions(),
    );
    expect(loop.detail).toBe('more than 3 redirects; not followed.');
  });

  it('never connects to a domain that resolves to a non-public address (SSRF)', async () => {
    const token = newDomainToken();
    web.serve('inside.org', PATH, { body: token });
    web.serve('mixed.org', PATH, { body: token });
    dns.zone.set('inside.org', { A: ['127.0.0.1'] });
    dns.zone.set('mixed.org', { A: ['93.184.216.34', '10.1.2.3'] });
    const strict: DomainProofOptions = {
      resolver,
      unsafeForTests: { plainHttpPort: web.port, allowNonPublicAddresses: false },
    };
    const before = web.requests.length;
    const inside = await checkDomainProof({ domain: 'inside.org', token, method: 'http' }, strict);
    expect(inside.verified).toBe(false);
    expect(inside.detail).toBe(
      'inside.org resolves to a non-public address (127.0.0.1); not fetched.',
    );
    const mixed = await checkDomainProof({ domain: 'mixed.org', token, method: 'http' }, strict);
    expect(mixed.detail).toBe(
      'mixed.org resolves to a non-public address (10.1.2.3); not fetched.',
    );
    // Production settings (no test relaxations) refuse the same way, before any connection.
    dns.zone.set('metadata.org', { A: ['169.254.169.254'] });
    const metadata = await checkDomainProof(
      { domain: 'metadata.org', token, method: 'http' },
      { resolver },
    );
    expect(metadata.detail).toBe(
      'metadata.org resolves to a non-public address (169.254.169.254); not fetched.',
    );
    dns.zone.set('mapped.org', { AAAA: ['::ffff:127.0.0.1'] });
    const mapped = await checkDomainProof(
      { domain: 'mapped.org', token, method: 'http' },
      { resolver },
    );
    expect(mapped.detail).toContain('resolves to a non-public address');
    expect(web.requests.length).toBe(before);
  });

  it('uses plain HTTP only towards loopback, even in test mode', async () => {
    dns.zone.set('public.org', { A: ['93.184.216.34'] });
    const result = await checkDomainProof(
      { domain: 'public.org', token: newDomainToken(), method: 'http' },
      httpTestOptions(),
    );
    expect(result.verified).toBe(false);
    expect(result.detail).toBe('plain HTTP (test mode) is only used towards a loopback address.');
  });

  it('reports a domain without addresses, and DNS being down, without throwing', async () => {
    dns.zone.set('noaddress.org', { TXT: ['hello'] });
    const none = await checkDomainProof(
      { domain: 'noaddress.org', token: newDomainToken(), method: 'http' },
      httpTestOptions(),
    );
    expect(none.detail).toBe('noaddress.org has no A or AAAA record.');

    const gone = await startDnsStandIn();
    await gone.close();
    const down = await checkDomainProof(
      { domain: 'noaddress.org', token: newDomainToken(), method: 'http' },
      httpTestOptions({ resolver: resolverFor(gone.server, 500) }),
    );
    expect(down.verified).toBe(false);
    expect(down.detail).toMatch(/^DNS lookup of noaddress\.org failed: DNS server unreachable/);
  });
});

/** A test CA and a server certificate for `web-tls.org` signed by it, made with openssl. */
function makeCertificates(): { ca: string; key: string; cert: string } {
  const directory = mkdtempSync(join(tmpdir(), 'certa-domain-proof-'));
  const file = (name: string): string => join(directory, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'pipe' });
  };
  try {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
    openssl(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      file('ca.key'),
      '-out',
      file('ca.pem'),
      '-days',
      '2',
      '-subj',
      '/CN=Certa test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign',
    );
    openssl(
      'req',
      ...ec,
      '-keyout',
      file('leaf.key'),
      '-out',
      file('leaf.csr'),
      '-subj',
      '/CN=web-tls.org',
    );
    writeFileSync(
      file('leaf.ext'),
      'subjectAltName=DNS:web-tls.org\nextendedKeyUsage=serverAuth\n',
    );
    openssl(
      'x509',
      '-req',
      '-in',
      file('leaf.csr'),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-out',
      file('leaf.pem'),
      '-days',
      '2',
      '-sha256',
      '-extfile',
      file('leaf.ext'),
    );
    return {
      ca: readFileSync(file('ca.pem'), 'utf8'),
      key: readFileSync(file('leaf.key'), 'utf8'),
      cert: readFileSync(file('leaf.pem'), 'utf8'),
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

describe('domain proof by .well-known file over HTTPS (the production path)', () => {
  let tlsWeb: WellKnownStandIn;
  let ca: string;

  beforeAll(async () => {
    const certificates = makeCertificates();
    ca = certificates.ca;
    tlsWeb = await startWellKnownStandIn({ tls: certificates });
  });

  afterAll(async () => {
    await tlsWeb.close();
  });

  function tlsOptions(trust: boolean): DomainProofOptions {
    return {
      resolver,
      timeoutMs: 3000,
      unsafeForTests: {
        allowNonPublicAddresses: true,
        httpsPort: tlsWeb.port,
        ...(trust ? { trustedCertificates: ca } : {}),
      },
    };
  }

  it('is verified over HTTPS with a certificate for the domain', async () => {
    const token = newDomainToken();
    dns.zone.set('web-tls.org', { A: ['127.0.0.1'] });
    tlsWeb.serve('web-tls.org', PATH, { body: token });
    const result = await checkDomainProof(
      { domain: 'web-tls.org', token, method: 'http' },
      tlsOptions(true),
    );
    expect(result.detail).toBe(`https://web-tls.org:${tlsWeb.port}${PATH} contains the token.`);
    expect(result.verified).toBe(true);
  });

  it('refuses a certificate issued for another name, and an untrusted one', async () => {
    const token = newDomainToken();
    dns.zone.set('other-tls.org', { A: ['127.0.0.1'] });
    dns.zone.set('web-tls.org', { A: ['127.0.0.1'] });
    tlsWeb.serve('other-tls.org', PATH, { body: token });
    tlsWeb.serve('web-tls.org', PATH, { body: token });
    const wrongName = await checkDomainProof(
      { domain: 'other-tls.org', token, method: 'http' },
      tlsOptions(true),
    );
    expect(wrongName.verified).toBe(false);
    expect(wrongName.detail).toBe(
      'TLS certificate not valid for the domain (ERR_TLS_CERT_ALTNAME_INVALID).',
    );
    const untrusted = await checkDomainProof(
      { domain: 'web-tls.org', token, method: 'http' },
      tlsOptions(false),
    );
    expect(untrusted.verified).toBe(false);
    expect(untrusted.detail).toMatch(/^TLS certificate not valid for the domain \([A-Z_]+\)\.$/);
    expect(tlsWeb.requests).not.toContain(`other-tls.org ${PATH}`);
  });
});

describe('malformed input', () => {
  it('rejects malformed domains with a clear INVALID_INPUT and looks nothing up', async () => {
    const token = newDomainToken();
    const before = dns.queries.length;
    const cases: Array<[string, RegExp]> = [
      ['', /domain is required/],
      ['https://example.org/', /bare name/],
      ['example.org:8443', /bare name/],
      ['exa mple.org', /bare name/],
      ['127.0.0.1', /not an IP address/],
      ['[::1]', /not an IP address/],
      ['0x7f.1', /not an IP address/],
      ['localhost', /two parts/],
      ['intranet', /two parts/],
      ['printer.local', /\.local is reserved/],
      ['db.internal', /\.internal is reserved/],
      ['foo.localhost', /\.localhost is reserved/],
      ['exa_mple.org', /invalid part/],
      ['-bad.org', /invalid part/],
      ['a..b.org', /invalid part/],
      [`${'a'.repeat(64)}.org`, /invalid part/],
      [`${'abcdefghi.'.repeat(26)}org`, /at most 253 characters/],
      ['example.123', /not a valid domain name/],
      ['example.1a', /top-level domain made of letters/],
    ];
    for (const [domain, message] of cases) {
      for (const method of ['dns', 'http'] as const) {
        const error = await appErrorOf(checkDomainProof({ domain, token, method }, { resolver }));
        expect(error.code, domain).toBe('INVALID_INPUT');
        expect(error.message, domain).toMatch(message);
        expect(error.details.field).toBe('domain');
      }
    }
    expect(dns.queries.length).toBe(before);
  });

  it('rejects a malformed token or method', async () => {
    const tokenError = await appErrorOf(
      checkDomainProof({ domain: 'example.org', token: 'short', method: 'dns' }, { resolver }),
    );
    expect(tokenError.code).toBe('INVALID_INPUT');
    const methodError = await appErrorOf(
      checkDomainProof(
        // The method arrives from HTTP input; simulate a value outside the type.
        { domain: 'example.org', token: newDomainToken(), method: 'ftp' as 'dns' },
        { resolver },
      ),
    );
    expect(methodError.message).toBe('method must be "dns" or "http".');
  });

  it('gives the instructions for both methods', () => {
    const token = newDomainToken();
    expect(domainProofInstructions('Example.ORG', token)).toEqual({
      dns: {
        name: '_certa-challenge.example.org',
        type: 'TXT',
        value: `certa-verification=${token}`,
      },
      http: { url: 'https://example.org/.well-known/certa-verification.txt', content: token },
    });
  });
});
