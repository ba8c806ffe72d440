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
  it('defaults to two independent public Esplora APIs', () => {
    expect(loadConfig({}).verifyHeaderSources).toEqual([
      { label: 'mempool.space', url: 'https://mempool.space/api' },
      { label: 'blockstream.info', url: 'https://blockstream.info/api' },
    ]);
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
