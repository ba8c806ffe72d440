import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';

function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('signing configuration', () => {
  it('defaults: <DATA_DIR>/signing, organisation "Certa", no timestamp authority', () => {
    const config = loadConfig({ DATA_DIR: '/srv/certa' });
    expect(config.signing).toEqual({
      directory: '/srv/certa/signing',
      organisation: 'Certa',
      tsaUrl: null,
    });
    expect(Object.isFrozen(config.signing)).toBe(true);
  });

  it('accepts SIGNING_DIR, SIGNING_ORGANISATION_NAME and an http(s) TSA_URL', () => {
    const config = loadConfig({
      DATA_DIR: '/srv/certa',
      SIGNING_DIR: './keys',
      SIGNING_ORGANISATION_NAME: 'Université de Test',
      TSA_URL: 'http://timestamp.example/tsr',
    });
    expect(config.signing).toEqual({
      directory: path.resolve('./keys'),
      organisation: 'Université de Test',
      tsaUrl: 'http://timestamp.example/tsr',
    });
  });

  for (const [variable, value] of [
    ['TSA_URL', 'ftp://tsa.example'],
    ['TSA_URL', 'not a url'],
    ['TSA_URL', 'https://tsa.example/#x'],
    ['SIGNING_ORGANISATION_NAME', 'x'.repeat(65)],
    ['SIGNING_ORGANISATION_NAME', 'two\u0007bells'],
  ] as const) {
    it(`refuses ${variable}=${JSON.stringify(value).slice(0, 30)} with one sentence naming it`, () => {
      const error = configErrorOf({ DATA_DIR: '/tmp/certa-config-test', [variable]: value });
      expect(error.variable).toBe(variable);
      expect(error.message).toContain(variable);
      expect(error.message).not.toMatch(/[\r\n]/);
      expect(error.message).toMatch(/^\S.*\.$/);
    });
  }
});
