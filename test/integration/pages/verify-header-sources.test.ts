import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { contentSecurityPolicy } from '../../../src/http/plugins/security-headers.js';

/** VERIFY_HEADER_SOURCES: the two header sources the verify page's browser asks (issue 16). */

function problemWith(value: string): string {
  try {
    loadConfig({ VERIFY_HEADER_SOURCES: value });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`loadConfig accepted VERIFY_HEADER_SOURCES=${value}`);
}

describe('VERIFY_HEADER_SOURCES', () => {
  it("defaults to the platform's own source and a public one that is not the anchoring's", () => {
    expect(loadConfig({ PUBLIC_URL: 'https://certa.example.org' }).verifyHeaderSources).toEqual([
      { label: 'certa.example.org', url: 'https://certa.example.org/api/bitcoin' },
      { label: 'mempool.space', url: 'https://mempool.space/api' },
    ]);
    // The own source answers from BITCOIN_HEADER_SOURCE: the public one must be another.
    expect(
      loadConfig({
        PUBLIC_URL: 'http://localhost:8080',
        BITCOIN_HEADER_SOURCE: 'esplora:https://mempool.space/api',
      }).verifyHeaderSources,
    ).toEqual([
      { label: 'localhost:8080', url: 'http://localhost:8080/api/bitcoin' },
      { label: 'blockstream.info', url: 'https://blockstream.info/api' },
    ]);
  });

  it("refuses the platform's own source beside the very source it answers from", () => {
    expect(() =>
      loadConfig({
        PUBLIC_URL: 'https://certa.example.org',
        VERIFY_HEADER_SOURCES:
          'ours=https://certa.example.org/api/bitcoin,blockstream.info=https://blockstream.info/api',
      }),
    ).toThrow(/not independent/);
  });

  it('takes label=url pairs, https or loopback http', () => {
    expect(
      loadConfig({
        VERIFY_HEADER_SOURCES: 'ours=https://esplora.example.org/api/, local=http://127.0.0.1:3002',
      }).verifyHeaderSources,
    ).toEqual([
      { label: 'ours', url: 'https://esplora.example.org/api' },
      { label: 'local', url: 'http://127.0.0.1:3002' },
    ]);
  });

  it('refuses one source, the same twice, plain http elsewhere, credentials or no label', () => {
    expect(problemWith('only=https://a.example/api')).toContain('two different header sources');
    expect(problemWith('a=https://a.example/api,b=https://a.example/api')).toContain(
      'two different',
    );
    expect(problemWith('a=http://a.example/api,b=https://b.example/api')).toContain('label=url');
    expect(problemWith('a=https://u:p@a.example/api,b=https://b.example/api')).toContain(
      'credentials',
    );
    expect(problemWith('https://a.example/api,https://b.example/api')).toContain('label=url');
  });

  it('the page CSP allows exactly the given origins besides its own', () => {
    expect(contentSecurityPolicy(['https://a.example', 'http://127.0.0.1:3002'])).toContain(
      "connect-src 'self' https://a.example http://127.0.0.1:3002;",
    );
    expect(contentSecurityPolicy()).toContain("connect-src 'self';");
  });
});
