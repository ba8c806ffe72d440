import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { openPlatform } from '../../../src/platform.js';
import { startDnsStandIn, type DnsStandIn } from '../../helpers/dns-stand-in.js';
import { createTempDir } from '../../helpers/test-database.js';

/*
 * DOMAIN_DNS_SERVERS and DOMAIN_CHECK_TIMEOUT_MS: validated like every setting, and turned into
 * ctx.domainProof. The test-only relaxations of the domain proof cannot come from the
 * environment: only openPlatform's option sets them.
 */

const BASE = { DATA_DIR: '/tmp/certa-config-test' };

function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig({ ...BASE, ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('domain proof settings', () => {
  it('default to the system name servers and 5 s', () => {
    expect(loadConfig(BASE).domainProof).toEqual({ dnsServers: null, timeoutMs: 5000 });
  });

  it('take IPv4 and IPv6 name servers with optional ports', () => {
    const config = loadConfig({
      ...BASE,
      DOMAIN_DNS_SERVERS: ' 9.9.9.9, 127.0.0.1:5353 ,2620:fe::fe,[2620:fe::9]:53,9.9.9.9',
      DOMAIN_CHECK_TIMEOUT_MS: '1500',
    });
    expect(config.domainProof).toEqual({
      dnsServers: ['9.9.9.9', '127.0.0.1:5353', '2620:fe::fe', '[2620:fe::9]:53'],
      timeoutMs: 1500,
    });
  });

  const cases: Array<[string, string]> = [
    ['DOMAIN_DNS_SERVERS', 'dns.google'],
    ['DOMAIN_DNS_SERVERS', '8.8.8.8:0'],
    ['DOMAIN_DNS_SERVERS', '8.8.8.8:99999'],
    ['DOMAIN_DNS_SERVERS', '8.8.8.8,,https://1.1.1.1/dns-query'],
    ['DOMAIN_DNS_SERVERS', '300.1.1.1'],
    ['DOMAIN_DNS_SERVERS', ' , '],
    ['DOMAIN_CHECK_TIMEOUT_MS', '0'],
    ['DOMAIN_CHECK_TIMEOUT_MS', 'fast'],
    ['DOMAIN_CHECK_TIMEOUT_MS', '600000'],
  ];
  for (const [variable, value] of cases) {
    it(`refuses ${variable}=${value} with one sentence naming it`, () => {
      const error = configErrorOf({ [variable]: value });
      expect(error.variable).toBe(variable);
      expect(error.message).toContain(variable);
      expect(error.message).not.toMatch(/[\r\n]/);
      expect(error.message).toMatch(/^\S.*\.$/);
    });
  }

  it('the environment cannot turn on the test-only relaxations', () => {
    const config = loadConfig({
      ...BASE,
      DOMAIN_PROOF_UNSAFE_FOR_TESTS: 'true',
      DOMAIN_PROOF_PLAIN_HTTP_PORT: '8080',
      DOMAIN_PROOF_ALLOW_NON_PUBLIC_ADDRESSES: 'true',
    });
    expect(JSON.stringify(config)).not.toMatch(/unsafe|plainHttp|NonPublic/i);
  });
});

describe('ctx.domainProof', () => {
  let dns: DnsStandIn;
  beforeAll(async () => {
    dns = await startDnsStandIn({
      '_certa-challenge.config-check.org': { TXT: ['certa-verification=x'] },
    });
  });
  afterAll(async () => dns.close());

  it('uses the configured name servers and deadline, and has no relaxations unless openPlatform is told', async () => {
    const dir = createTempDir();
    try {
      const config = loadConfig({
        DATA_DIR: dir.path,
        ANCHOR_BACKENDS: 'none',
        DOMAIN_DNS_SERVERS: dns.server,
        DOMAIN_CHECK_TIMEOUT_MS: '2500',
      });
      const plain = await openPlatform(config);
      try {
        const options = plain.ctx.domainProof;
        expect(options?.timeoutMs).toBe(2500);
        expect(options?.unsafeForTests).toBeUndefined();
        const records = await options?.resolver?.resolveTxt('_certa-challenge.config-check.org');
        expect(records).toEqual([['certa-verification=x']]);
        expect(dns.queries).toContain('TXT _certa-challenge.config-check.org');
      } finally {
        await plain.close();
      }
      const relaxed = await openPlatform(config, {
        domainProofForTests: { plainHttpPort: 8080, allowNonPublicAddresses: true },
      });
      try {
        expect(relaxed.ctx.domainProof?.unsafeForTests).toEqual({
          plainHttpPort: 8080,
          allowNonPublicAddresses: true,
        });
      } finally {
        await relaxed.close();
      }
    } finally {
      dir.remove();
    }
  });
});
