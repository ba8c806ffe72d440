import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { runCertaProcess } from '../../helpers/certa-process.js';
import { ConfigError, loadConfig, plainHttpWarning } from '../../../src/config.js';
import { createTempDir } from '../../helpers/test-database.js';

const VALID_KEY = Buffer.alloc(32, 7).toString('base64url');

/** Runs `certa` as a real process (node --import tsx src/cli/main.ts …) with only `env`. */

/** Catches the ConfigError `loadConfig(env)` throws (fails the test if it throws nothing). */
const THIS_FILE = fileURLToPath(import.meta.url);

function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

/** One sentence: one line, ends with a full stop, no second sentence starting inside it. */
function expectOneSentence(message: string): void {
  expect(message).not.toMatch(/[\r\n]/);
  expect(message).toMatch(/^\S.*\.$/);
  expect(message.slice(0, -1)).not.toMatch(/[.!?]\s+[A-Z]/);
}

describe('loadConfig refuses each wrong value with one sentence naming the variable', () => {
  const cases: Array<[string, string]> = [
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_URL', 'postgres://host-without-db'],
    ['DATABASE_URL', 'postgres://host-without-db/'],
    ['DATABASE_URL', 'sqlite:'],
    ['DATABASE_URL', 'not a url'],
    ['SMTP_URL', 'http://x'],
    ['SMTP_URL', 'smtp//missing-colon'],
    ['PUBLIC_URL', 'ftp://x'],
    ['PUBLIC_URL', 'https://certa.example/?a=b'],
    ['LOG_LEVEL', 'loud'],
    ['MASTER_KEY', 'short'],
    ['MASTER_KEY', `${VALID_KEY}==`],
    ['TRUST_PROXY', 'maybe'],
    ['TRUST_PROXY', 'true'],
    ['TRUST_PROXY', '11'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', '127.0.0.1,proxy.example'],
    ['HTTP_HEADERS_TIMEOUT_MS', '0'],
    ['HTTP_REQUEST_TIMEOUT_MS', 'never'],
    ['HTTP_IDLE_TIMEOUT_MS', '-5'],
    ['HTTP_KEEP_ALIVE_TIMEOUT_MS', '1.5'],
    ['HTTP_MAX_CONNECTIONS', '0'],
    ['TLS_CERT_FILE', '/nonexistent/cert.pem'],
    ['TLS_KEY_FILE', '/nonexistent/key.pem'],
    ['STORAGE_URL', 's3://b'],
    ['STORAGE_URL', 'file:'],
    ['MAIL_FROM', 'not an address'],
    ['SESSION_TTL_MINUTES', '0'],
    ['SESSION_IDLE_MINUTES', '0'],
    ['UNLOCK_TTL_MINUTES', 'forever'],
  ];

  for (const [variable, value] of cases) {
    it(`${variable}=${value}`, () => {
      const error = configErrorOf({ DATA_DIR: '/tmp/certa-config-test', [variable]: value });
      expect(error.variable).toBe(variable);
      expect(error.message).toContain(variable);
      expectOneSentence(error.message);
    });
  }

  it('a refused DATABASE_URL or SMTP_URL does not repeat the password it contains', () => {
    for (const [variable, value] of [
      ['DATABASE_URL', 'mysql://certa:hunter2-secret@db.example/certa'],
      ['DATABASE_URL', 'postgres://certa:hunter2-secret@db.example'],
      ['SMTP_URL', 'http://mailer:hunter2-secret@mail.example'],
    ] as const) {
      const error = configErrorOf({ DATA_DIR: '/tmp/certa-config-test', [variable]: value });
      expect(error.variable).toBe(variable);
      expect(error.message).not.toContain('hunter2-secret');
    }
  });

  it('a refused STORAGE_URL does not repeat the credentials it contains', () => {
    const error = configErrorOf({
      DATA_DIR: '/tmp/certa-config-test',
      STORAGE_URL: 's3://AKIAEXAMPLE:hunter2-secret@bucket.example/certa',
    });
    expect(error.variable).toBe('STORAGE_URL');
    expect(error.message).not.toContain('hunter2-secret');
  });

  it('a refused MASTER_KEY does not repeat the key', () => {
    const error = configErrorOf({ DATA_DIR: '/tmp/certa-config-test', MASTER_KEY: 'abc-secret' });
    expect(error.message).not.toContain('abc-secret');
  });
});

describe('loadConfig defaults and accepted values', () => {
  it('with DATA_DIR unset everything lives under ./data', () => {
    const config = loadConfig({});
    const data = path.resolve('./data');
    expect(config.dataDir).toBe(data);
    expect(config.database).toEqual({ dialect: 'sqlite', file: path.join(data, 'certa.sqlite') });
    expect(config.storageDir).toBe(path.join(data, 'files'));
    expect(config.masterKeyFile).toBe(path.join(data, 'master.key'));
    expect(config.mail).toMatchObject({
      transport: 'outbox',
      directory: path.join(data, 'outbox'),
    });
    expect(config.masterKey).toBeNull();
    expect(config.port).toBe(8080);
    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(config.logLevel).toBe('info');
    expect(config.trustProxy).toBe(false);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('DATA_DIR moves every default path with it', () => {
    const config = loadConfig({ DATA_DIR: '/srv/certa' });
    expect(config.database).toEqual({ dialect: 'sqlite', file: '/srv/certa/certa.sqlite' });
    expect(config.storageDir).toBe('/srv/certa/files');
    expect(config.masterKeyFile).toBe('/srv/certa/master.key');
    expect(config.mail).toMatchObject({ directory: '/srv/certa/outbox' });
  });

  it('empty values count as unset, and values are trimmed', () => {
    const config = loadConfig({ DATA_DIR: '/srv/certa', PORT: '', LOG_LEVEL: '  debug ' });
    expect(config.port).toBe(8080);
    expect(config.logLevel).toBe('debug');
  });

  it('good values are taken as given', () => {
    const config = loadConfig({
      DATA_DIR: '/srv/certa',
      PORT: '9090',
      DATABASE_URL: 'postgres://certa@db.example:5432/certa',
      SMTP_URL: 'smtp://relay.example:25',
      PUBLIC_URL: 'https://certa.example/',
      LOG_LEVEL: 'warn',
      MASTER_KEY: VALID_KEY,
      TRUST_PROXY: '1',
      STORAGE_URL: 'file:/srv/certa-files',
    });
    expect(config.port).toBe(9090);
    expect(config.database).toEqual({
      dialect: 'postgres',
      url: 'postgres://certa@db.example:5432/certa',
    });
    expect(config.mail).toMatchObject({ transport: 'smtp' });
    expect(config.publicUrl).toBe('https://certa.example');
    expect(config.masterKey).toBe(VALID_KEY);
    expect(config.trustProxy).toBe(1);
    expect(config.storageDir).toBe('/srv/certa-files');
  });

  it('TRUST_PROXY takes a hop count or a list of addresses and CIDR ranges; true is refused', () => {
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8 ,::1,fd00::/8' }).trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
    ]);
    expect(configErrorOf({ TRUST_PROXY: 'true' }).message).toContain('X-Forwarded-For');
  });

  it('HTTP limits have sane defaults, and the request timeout covers the headers timeout', () => {
    expect(loadConfig({}).server).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 120_000,
      idleTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      maxConnections: 1024,
      tls: null,
    });
    const error = configErrorOf({
      HTTP_HEADERS_TIMEOUT_MS: '5000',
      HTTP_REQUEST_TIMEOUT_MS: '1000',
    });
    expect(error.variable).toBe('HTTP_REQUEST_TIMEOUT_MS');
  });

  it('TLS needs both the certificate and the key', () => {
    const error = configErrorOf({ TLS_CERT_FILE: THIS_FILE });
    expect(error.variable).toBe('TLS_KEY_FILE');
    expect(loadConfig({ TLS_CERT_FILE: THIS_FILE, TLS_KEY_FILE: THIS_FILE }).server.tls).toEqual({
      certFile: THIS_FILE,
      keyFile: THIS_FILE,
    });
  });

  it('a plain-http PUBLIC_URL on a host other than loopback gets a loud warning', () => {
    expect(plainHttpWarning('http://certa.example.org')).toMatch(
      /^WARNING: PUBLIC_URL is plain http/,
    );
    expect(plainHttpWarning('http://localhost:8080')).toBeNull();
    expect(plainHttpWarning('http://127.0.0.1:8080')).toBeNull();
    expect(plainHttpWarning('https://certa.example.org')).toBeNull();
  });
});

describe('a wrong configuration stops the CLI with exit code 2', () => {
  let temp: { path: string; remove: () => void } | undefined;
  afterEach(() => {
    temp?.remove();
    temp = undefined;
  });

  it('certa serve with PORT=abc (a real process) exits 2 and prints exactly one line naming PORT', async () => {
    temp = createTempDir('certa-config-');
    const result = await runCertaProcess(['serve'], { DATA_DIR: temp.path, PORT: 'abc' });
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    const lines = result.err.split('\n').filter((line) => line !== '');
    expect(lines, result.err).toHaveLength(1);
    expect(lines[0]).toMatch(/PORT/);
    expectOneSentence(lines[0] ?? '');
    expect(fs.readdirSync(temp.path)).toEqual([]);
  });

  it('a master key file readable by others (0644) is refused with a sentence and exit 2', async () => {
    temp = createTempDir('certa-config-');
    const keyFile = path.join(temp.path, 'master.key');
    fs.writeFileSync(keyFile, `${VALID_KEY}\n`);
    fs.chmodSync(keyFile, 0o644);
    const err: string[] = [];
    const out: string[] = [];
    const code = await runCli(['migrate'], {
      env: { DATA_DIR: temp.path },
      stdin: Readable.from([]),
      out: (text) => out.push(text),
      err: (text) => err.push(text),
    });
    expect(code).toBe(2);
    expect(out).toEqual([]);
    const message = err.join('').trim();
    expect(message).toContain(keyFile);
    expect(message).toMatch(/chmod 600/);
    expect(message).not.toMatch(/\n/);
    expect(message).not.toContain(VALID_KEY);
    expect(fs.existsSync(path.join(temp.path, 'certa.sqlite'))).toBe(false);
  });

  it('the same 0644 key file stops a real certa serve with exit 2 and one line', async () => {
    temp = createTempDir('certa-config-');
    const keyFile = path.join(temp.path, 'master.key');
    fs.writeFileSync(keyFile, `${VALID_KEY}\n`);
    fs.chmodSync(keyFile, 0o644);
    const result = await runCertaProcess(['serve'], { DATA_DIR: temp.path, PORT: '0' });
    expect(result.code).toBe(2);
    const lines = result.err.split('\n').filter((line) => line !== '');
    expect(lines, result.err).toHaveLength(1);
    expect(lines[0]).toMatch(/master key file/);
    expect(result.err).not.toContain(VALID_KEY);
  });

  it('a master key file with garbage in it is refused with a sentence and exit 2', async () => {
    temp = createTempDir('certa-config-');
    const keyFile = path.join(temp.path, 'master.key');
    fs.writeFileSync(keyFile, 'not a key at all\n', { mode: 0o600 });
    const err: string[] = [];
    const code = await runCli(['migrate'], {
      env: { DATA_DIR: temp.path },
      stdin: Readable.from([]),
      out: () => undefined,
      err: (text) => err.push(text),
    });
    expect(code).toBe(2);
    expect(err.join('')).toMatch(/master key/);
    expect(err.join('')).not.toContain('not a key at all');
  });

  it('in process, every ConfigError becomes exit 2 with its one sentence on stderr', async () => {
    const err: string[] = [];
    const out: string[] = [];
    const code = await runCli(['migrate'], {
      env: { DATA_DIR: '/tmp/certa-config-test', DATABASE_URL: 'mysql://x' },
      stdin: Readable.from([]),
      out: (text) => out.push(text),
      err: (text) => err.push(text),
    });
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('')).toMatch(/^DATABASE_URL .*\.\n$/);
  });
});
