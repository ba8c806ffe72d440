import path from 'node:path';

/**
 * The only reader of `process.env`. Every setting is validated once at start; a wrong value
 * stops the process with one sentence naming the variable (exit code 2, see cli/).
 */
export interface Config {
  readonly host: string;
  readonly port: number;
  /** Base URL used in links (activation e-mails, QR codes). No trailing slash. */
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  /** Directory of the local blob store. */
  readonly storageDir: string;
  readonly mail: MailConfig;
  /** Base64url master key given directly, or null to use (and create) `masterKeyFile`. */
  readonly masterKey: string | null;
  readonly masterKeyFile: string;
  readonly logLevel: LogLevel;
  readonly trustProxy: boolean;
  readonly sessionTtlMinutes: number;
  readonly unlockTtlMinutes: number;
}

export type DatabaseConfig =
  | { readonly dialect: 'sqlite'; readonly file: string }
  | { readonly dialect: 'postgres'; readonly url: string };

export type MailConfig =
  | { readonly transport: 'outbox'; readonly directory: string; readonly from: string }
  | { readonly transport: 'smtp'; readonly url: string; readonly from: string };

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A configuration mistake: `message` is one sentence that names the variable. */
export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(message);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function read(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(
      name,
      `${name} must be a whole number from ${min} to ${max}, not "${raw}".`,
    );
  }
  return Number(raw);
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `${name} must be true or false, not "${raw}".`);
}

function readUrl(env: Env, name: string, protocols: readonly string[]): URL | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      name,
      `${name} must be a URL (${protocols.join(', ')}), and this one cannot be parsed.`,
    );
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(
      name,
      `${name} must start with ${protocols.join(' or ')}, not "${url.protocol}".`,
    );
  }
  return url;
}

function readDatabase(env: Env, dataDir: string): DatabaseConfig {
  const raw = read(env, 'DATABASE_URL');
  if (raw === undefined) return { dialect: 'sqlite', file: path.join(dataDir, 'certa.sqlite') };
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\//, '');
    if (file === '')
      throw new ConfigError(
        'DATABASE_URL',
        'DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:./data/certa.sqlite.',
      );
    return { dialect: 'sqlite', file: path.resolve(file) };
  }
  const url = readUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  if (url === undefined || url.pathname.length <= 1) {
    throw new ConfigError(
      'DATABASE_URL',
      'DATABASE_URL must be sqlite:<file> or postgres://user@host:port/database with a database name.',
    );
  }
  return { dialect: 'postgres', url: raw };
}

function readStorageDir(env: Env, dataDir: string): string {
  const raw = read(env, 'STORAGE_URL');
  if (raw === undefined) return path.join(dataDir, 'files');
  if (!raw.startsWith('file:')) {
    throw new ConfigError(
      'STORAGE_URL',
      `STORAGE_URL must be file:<directory> (S3-compatible storage comes later), not a ${raw.split(':')[0] ?? ''}: URL.`,
    );
  }
  const directory = raw.slice('file:'.length).replace(/^\/\//, '');
  if (directory === '')
    throw new ConfigError(
      'STORAGE_URL',
      'STORAGE_URL "file:" needs a directory, e.g. file:./data/files.',
    );
  return path.resolve(directory);
}

const MAIL_FROM_PATTERN = /^[^\r\n<>]*<[^\s@<>]+@[^\s@<>]+>$|^[^\s@<>]+@[^\s@<>]+$/;

function readMail(env: Env, dataDir: string): MailConfig {
  const from = read(env, 'MAIL_FROM') ?? 'Certa <no-reply@localhost>';
  if (!MAIL_FROM_PATTERN.test(from)) {
    throw new ConfigError(
      'MAIL_FROM',
      'MAIL_FROM must be an address like "Certa <no-reply@example.org>".',
    );
  }
  const smtp = readUrl(env, 'SMTP_URL', ['smtp:', 'smtps:']);
  if (smtp !== undefined) return { transport: 'smtp', url: smtp.toString(), from };
  return { transport: 'outbox', directory: path.join(dataDir, 'outbox'), from };
}

function readPublicUrl(env: Env, port: number): string {
  const url = readUrl(env, 'PUBLIC_URL', ['http:', 'https:']);
  if (url === undefined) return `http://localhost:${port}`;
  if (url.search !== '' || url.hash !== '') {
    throw new ConfigError('PUBLIC_URL', 'PUBLIC_URL must not contain a query or a fragment.');
  }
  return url.toString().replace(/\/+$/, '');
}

function readMasterKey(env: Env): string | null {
  const raw = read(env, 'MASTER_KEY');
  if (raw === undefined) return null;
  if (!/^[A-Za-z0-9_-]{43}$/.test(raw)) {
    throw new ConfigError(
      'MASTER_KEY',
      'MASTER_KEY must be 32 random bytes in base64url (43 characters), e.g. from `openssl rand -base64 32 | tr "+/" "-_" | tr -d "="`.',
    );
  }
  return raw;
}

/** Builds the frozen configuration from `env`; throws {@link ConfigError} on the first mistake. */
export function loadConfig(env: Env = process.env): Config {
  const dataDir = path.resolve(read(env, 'DATA_DIR') ?? './data');
  const port = readInteger(env, 'PORT', 8080, 0, 65_535);
  const logLevel = read(env, 'LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(
      'LOG_LEVEL',
      `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${logLevel}".`,
    );
  }
  return Object.freeze({
    host: read(env, 'HOST') ?? 'localhost',
    port,
    publicUrl: readPublicUrl(env, port),
    dataDir,
    database: readDatabase(env, dataDir),
    storageDir: readStorageDir(env, dataDir),
    mail: readMail(env, dataDir),
    masterKey: readMasterKey(env),
    masterKeyFile: path.resolve(read(env, 'MASTER_KEY_FILE') ?? path.join(dataDir, 'master.key')),
    logLevel: logLevel as LogLevel,
    trustProxy: readBoolean(env, 'TRUST_PROXY', false),
    sessionTtlMinutes: readInteger(env, 'SESSION_TTL_MINUTES', 12 * 60, 5, 30 * 24 * 60),
    unlockTtlMinutes: readInteger(env, 'UNLOCK_TTL_MINUTES', 15, 1, 24 * 60),
  });
}
