import fs from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
  /**
   * Which `X-Forwarded-*` to believe (TRUST_PROXY): false (none), the number of proxies in front
   * (hops counted from the right), or the proxies' addresses and CIDR ranges. Never `true`: that
   * trusts the left-most address, which the client writes.
   */
  readonly trustProxy: TrustProxy;
  readonly server: ServerConfig;
  readonly sessionTtlMinutes: number;
  /** A session unused this long ends (SESSION_IDLE_MINUTES). */
  readonly sessionIdleMinutes: number;
  readonly unlockTtlMinutes: number;
  readonly anchoring: AnchoringConfig;
  readonly signing: SigningConfig;
  readonly domainProof: DomainProofConfig;
  readonly webhooks: WebhooksConfig;
  readonly jobs: JobsConfig;
  readonly batches: BatchesConfig;
  /** The built console (Vite output: index.html and console-assets/), served by `certa serve`. */
  readonly consoleDir: string;
  /**
   * The Bitcoin block header sources the verify page asks from the visitor's browser
   * (VERIFY_HEADER_SOURCES): two independent Esplora APIs, by default the platform's own
   * (`<PUBLIC_URL>/api/bitcoin`) and a public one that is not BITCOIN_HEADER_SOURCE. The page's
   * CSP `connect-src` allows exactly these origins besides its own.
   */
  readonly verifyHeaderSources: readonly VerifyHeaderSource[];
}

/** One Esplora API the verify page reads block headers from: a label for people and its base URL. */
export interface VerifyHeaderSource {
  readonly label: string;
  readonly url: string;
}

/** The public Esplora APIs a default VERIFY_HEADER_SOURCES picks from: the first that is not the anchoring's. */
const PUBLIC_HEADER_SOURCES = [
  { label: 'mempool.space', url: 'https://mempool.space/api' },
  { label: 'blockstream.info', url: 'https://blockstream.info/api' },
] as const;

/**
 * The platform's own header source (`<PUBLIC_URL>/api/bitcoin`, named after its host) and a
 * public one other than BITCOIN_HEADER_SOURCE: the own source answers from the headers the
 * anchoring checked against BITCOIN_HEADER_SOURCE, so the second must be someone else.
 */
function defaultVerifyHeaderSources(
  publicUrl: string,
  anchoringSource: HeaderSourceConfig,
): string {
  const publicOne =
    PUBLIC_HEADER_SOURCES.find((source) => source.url !== anchoringSource.url) ??
    PUBLIC_HEADER_SOURCES[0];
  return `${new URL(publicUrl).host}=${publicUrl}/api/bitcoin,${publicOne.label}=${publicOne.url}`;
}

/**
 * `label=url,label=url`: two distinct Esplora base URLs (https, or http to loopback; the
 * platform's own under PUBLIC_URL as it is), not the platform's own beside the very source it
 * answers from.
 */
function readVerifyHeaderSources(
  env: Env,
  publicUrl: string,
  anchoringSource: HeaderSourceConfig,
): VerifyHeaderSource[] {
  const example = defaultVerifyHeaderSources(publicUrl, anchoringSource);
  const raw = read(env, 'VERIFY_HEADER_SOURCES') ?? example;
  const sources: VerifyHeaderSource[] = [];
  for (const item of raw.split(',').map((part) => part.trim())) {
    if (item === '') continue;
    const at = item.indexOf('=');
    const label = at > 0 ? item.slice(0, at).trim() : '';
    const given = at > 0 ? item.slice(at + 1).trim() : item;
    // The platform's own route is as safe as PUBLIC_URL itself (plain http on a test host).
    const checked = given.startsWith(`${publicUrl}/`)
      ? { url: new URL(given) }
      : checkServiceUrl(given);
    if (label === '' || label.length > 60 || 'problem' in checked) {
      throw new ConfigError(
        'VERIFY_HEADER_SOURCES',
        `VERIFY_HEADER_SOURCES must be "label=url,label=url" with Esplora API URLs (https, or http to 127.0.0.1), e.g. ${example}.`,
      );
    }
    if (checked.url.username !== '' || checked.url.password !== '') {
      throw new ConfigError(
        'VERIFY_HEADER_SOURCES',
        'VERIFY_HEADER_SOURCES must not contain credentials: browsers of visitors call them.',
      );
    }
    sources.push({ label, url: checked.url.toString().replace(/\/+$/, '') });
  }
  if (sources.length !== 2 || sources[0]?.url === sources[1]?.url) {
    throw new ConfigError(
      'VERIFY_HEADER_SOURCES',
      'VERIFY_HEADER_SOURCES must name two different header sources: the time check needs two independent ones.',
    );
  }
  const own = sources.some((source) => source.url === `${publicUrl}/api/bitcoin`);
  if (
    own &&
    anchoringSource.kind === 'esplora' &&
    sources.some((source) => source.url === anchoringSource.url)
  ) {
    throw new ConfigError(
      'VERIFY_HEADER_SOURCES',
      `VERIFY_HEADER_SOURCES names the platform's own source beside ${anchoringSource.url}, which that source answers from (BITCOIN_HEADER_SOURCE): the two are not independent; name another public one, e.g. ${example}.`,
    );
  }
  return sources;
}

export type TrustProxy = false | number | readonly string[];

/** Limits of the HTTP server against slow or numerous clients (issue 11 #3), and its TLS. */
export interface ServerConfig {
  /** Time to receive a request's headers (HTTP_HEADERS_TIMEOUT_MS). */
  readonly headersTimeoutMs: number;
  /** Time to receive a whole request, body included (HTTP_REQUEST_TIMEOUT_MS). */
  readonly requestTimeoutMs: number;
  /** A connection with no traffic this long is closed (HTTP_IDLE_TIMEOUT_MS). */
  readonly idleTimeoutMs: number;
  /** How long a kept-alive connection waits for its next request (HTTP_KEEP_ALIVE_TIMEOUT_MS). */
  readonly keepAliveTimeoutMs: number;
  /** Open connections beyond this many are closed at once (HTTP_MAX_CONNECTIONS). */
  readonly maxConnections: number;
  /** Certificate chain and key files (PEM) to serve HTTPS directly, or null for plain HTTP. */
  readonly tls: { readonly certFile: string; readonly keyFile: string } | null;
}

/** How issuer applications' domain proofs are checked (DNS TXT or `.well-known` file). */
export interface DomainProofConfig {
  /**
   * Name servers (`address` or `address:port`, as `Resolver.setServers` takes them) for the TXT,
   * A and AAAA lookups, from DOMAIN_DNS_SERVERS; null for the system's.
   */
  readonly dnsServers: readonly string[] | null;
  /** Time for one whole check (DOMAIN_CHECK_TIMEOUT_MS). */
  readonly timeoutMs: number;
}

/** How webhook deliveries reach issuers' systems (DESIGN §5 "Webhooks"). */
export interface WebhooksConfig {
  /** Time for one delivery attempt, lookups included (WEBHOOK_TIMEOUT_MS). */
  readonly timeoutMs: number;
  /**
   * WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=true lets deliveries reach loopback and private addresses
   * (and plain http on loopback): for tests and closed networks only, never on a public host.
   */
  readonly allowPrivateAddresses: boolean;
}

/** Durable jobs (DESIGN §5 "Durable jobs"). */
export interface JobsConfig {
  /** `embedded`: `certa serve` runs a job runner; `separate`: only `certa worker` does (JOBS_WORKER). */
  readonly worker: 'embedded' | 'separate';
  /** Jobs one runner runs at once (JOBS_CONCURRENCY). */
  readonly concurrency: number;
}

/** Spreadsheet batches and their delivery (DESIGN §5 "Batches"). */
export interface BatchesConfig {
  /** Most data rows in one uploaded file (BATCH_MAX_ROWS). */
  readonly maxRows: number;
  /** Largest cell, in bytes (BATCH_MAX_CELL_BYTES). */
  readonly maxCellBytes: number;
  /** Largest uploaded file, in bytes (BATCH_MAX_FILE_MB). */
  readonly maxFileBytes: number;
  /**
   * How long a batch run's claim lasts without a heartbeat (BATCH_RUN_LEASE_SECONDS, 30 s):
   * after a crash the batch can be resumed once it has expired.
   */
  readonly runLeaseMs: number;
}

/** The platform's document signing key (DESIGN §4 "PDF signature"). */
export interface SigningConfig {
  /** Where the certificates and the master-key-wrapped private keys live (mode 0700). */
  readonly directory: string;
  /** O= of the generated local CA and signing certificate (SIGNING_ORGANISATION_NAME). */
  readonly organisation: string;
  /** RFC 3161 timestamp authority for PAdES B-T signatures, or null for B-B. */
  readonly tsaUrl: string | null;
}

export type DatabaseConfig =
  | { readonly dialect: 'sqlite'; readonly file: string }
  | { readonly dialect: 'postgres'; readonly url: string };

/** Delivery reports and the wait for a single document's hand-over (issue 12, "Delivery"). */
export interface MailDeliveryConfig {
  /**
   * Where relays return delivery reports (MAIL_BOUNCE_ADDRESS, e.g. `bounces@example.org`): each
   * message's envelope sender becomes `bounces+<delivery token>@example.org` (VERP); null keeps
   * the MAIL_FROM address as envelope sender.
   */
  readonly bounceAddress: string | null;
  /** Bearer token of `POST /api/mail/bounces` (MAIL_BOUNCE_TOKEN); null turns that route off. */
  readonly bounceToken: string | null;
  /** How long `POST …/documents` waits for the relay before answering (MAIL_DELIVERY_WAIT_SECONDS). */
  readonly deliveryWaitMs: number;
}

export type MailConfig = MailDeliveryConfig &
  (
    | {
        readonly transport: 'outbox';
        readonly directory: string;
        readonly from: string;
        /** Unsent `.eml` files older than this are deleted (OUTBOX_RETENTION_HOURS, DESIGN §3). */
        readonly retentionHours: number;
      }
    | {
        readonly transport: 'smtp';
        readonly url: string;
        readonly from: string;
        /** Pooled connections to the relay (SMTP_POOL_CONNECTIONS). */
        readonly poolConnections: number;
        /** Messages handed over per second at most (SMTP_RATE_PER_SECOND). */
        readonly ratePerSecond: number;
      }
  );

/** Where Bitcoin block headers are looked up to check attestations (DESIGN §4). */
export type HeaderSourceConfig =
  | { readonly kind: 'esplora'; readonly url: string }
  | {
      readonly kind: 'rpc';
      readonly url: string;
      readonly username: string | null;
      readonly password: string | null;
    };

/** The operator's Bitcoin Core node for the `bitcoin-rpc` backend; credentials come from the URL. */
export interface BitcoinRpcConfig {
  /** RPC endpoint without credentials, e.g. `http://127.0.0.1:8332/`. */
  readonly url: string;
  readonly username: string | null;
  readonly password: string | null;
  readonly wallet: string | null;
}

/** Anchoring backends an operator can choose (more than one at once). */
export const ANCHOR_BACKEND_KINDS = ['calendars', 'bitcoin-rpc'] as const;
export type AnchorBackendKind = (typeof ANCHOR_BACKEND_KINDS)[number];

/** Bitcoin anchoring (DESIGN §2, §4, §6); `backends` is empty when ANCHOR_BACKENDS=none. */
export interface AnchoringConfig {
  readonly backends: readonly AnchorBackendKind[];
  /** OpenTimestamps calendar base URLs, without trailing slash. */
  readonly calendars: readonly string[];
  /** A batch counts as submitted once this many calendars accepted its root (m of n). */
  readonly minCalendars: number;
  /** Digests wait at most this long before they are batched. */
  readonly intervalSeconds: number;
  /** A batch is made sooner when this many digests wait; also the largest batch. */
  readonly batchMax: number;
  /** How often pending submissions are asked for their Bitcoin upgrade. */
  readonly upgradeIntervalSeconds: number;
  /** `embedded`: `certa serve` runs the anchoring worker; `separate`: only `certa worker` does. */
  readonly worker: 'embedded' | 'separate';
  readonly bitcoinRpc: BitcoinRpcConfig | null;
  readonly headerSource: HeaderSourceConfig;
}

/** The public OpenTimestamps calendars the reference client uses. */
export const DEFAULT_CALENDARS = [
  'https://a.pool.opentimestamps.org',
  'https://b.pool.opentimestamps.org',
  'https://a.pool.eternitywall.com',
  'https://ots.btc.catallaxy.com',
] as const;

/** Blockstream's public Esplora API. */
export const DEFAULT_HEADER_SOURCE = 'esplora:https://blockstream.info/api';

/** The largest batch: keeps every leaf's Merkle path at 40 operations or fewer (DESIGN §4). */
export const MAX_BATCH_SIZE = 1_000_000;

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
  const delivery = readMailDelivery(env);
  const smtp = readUrl(env, 'SMTP_URL', ['smtp:', 'smtps:']);
  if (smtp !== undefined)
    return {
      ...delivery,
      transport: 'smtp',
      url: smtp.toString(),
      from,
      poolConnections: readInteger(env, 'SMTP_POOL_CONNECTIONS', 5, 1, 100),
      ratePerSecond: readInteger(env, 'SMTP_RATE_PER_SECOND', 2_000, 1, 100_000),
    };
  return {
    ...delivery,
    transport: 'outbox',
    directory: path.join(dataDir, 'outbox'),
    from,
    retentionHours: readInteger(env, 'OUTBOX_RETENTION_HOURS', 24, 1, 24 * 30),
  };
}

const BOUNCE_ADDRESS_PATTERN =
  /^[A-Za-z0-9._-]{1,40}@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$|^[A-Za-z0-9._-]{1,40}@localhost$/;

function readMailDelivery(env: Env): MailDeliveryConfig {
  const bounceAddress = read(env, 'MAIL_BOUNCE_ADDRESS') ?? null;
  if (
    bounceAddress !== null &&
    (!BOUNCE_ADDRESS_PATTERN.test(bounceAddress) || bounceAddress.includes('+'))
  )
    throw new ConfigError(
      'MAIL_BOUNCE_ADDRESS',
      'MAIL_BOUNCE_ADDRESS must be a plain address without "+", like bounces@example.org (Certa adds +<token>).',
    );
  const bounceToken = read(env, 'MAIL_BOUNCE_TOKEN') ?? null;
  if (bounceToken !== null && !/^[\x21-\x7e]{32,256}$/.test(bounceToken))
    throw new ConfigError(
      'MAIL_BOUNCE_TOKEN',
      'MAIL_BOUNCE_TOKEN must be 32 to 256 printable characters without spaces (e.g. openssl rand -hex 32).',
    );
  return {
    bounceAddress,
    bounceToken,
    deliveryWaitMs: readInteger(env, 'MAIL_DELIVERY_WAIT_SECONDS', 10, 1, 120) * 1_000,
  };
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

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Parses one service URL of a list variable: https, or plain http to this machine only (a local
 * calendar or a test stand-in). Returns the URL without trailing slash, or the reason it is wrong.
 */
function checkServiceUrl(raw: string): { url: URL } | { problem: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: 'is not a URL' };
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return { problem: 'must be https (plain http only to 127.0.0.1 or localhost)' };
  }
  if (url.search !== '' || url.hash !== '') return { problem: 'must not have a query or fragment' };
  return { url };
}

function readCalendars(env: Env): string[] {
  const raw = read(env, 'ANCHOR_CALENDARS');
  if (raw === undefined) return [...DEFAULT_CALENDARS];
  const calendars: string[] = [];
  for (const item of raw.split(',').map((part) => part.trim())) {
    if (item === '') continue;
    const checked = checkServiceUrl(item);
    if ('problem' in checked) {
      throw new ConfigError(
        'ANCHOR_CALENDARS',
        `ANCHOR_CALENDARS must be a comma-separated list of calendar URLs, and ${item.includes('@') ? 'one of them' : `"${item.slice(0, 100)}"`} ${checked.problem}.`,
      );
    }
    if (checked.url.username !== '' || checked.url.password !== '') {
      throw new ConfigError(
        'ANCHOR_CALENDARS',
        'ANCHOR_CALENDARS must not contain credentials: calendars are public services.',
      );
    }
    const url = checked.url.toString().replace(/\/+$/, '');
    if (!calendars.includes(url)) calendars.push(url);
  }
  if (calendars.length === 0)
    throw new ConfigError('ANCHOR_CALENDARS', 'ANCHOR_CALENDARS must name at least one calendar.');
  return calendars;
}

function readAnchorBackends(env: Env): AnchorBackendKind[] {
  const raw = read(env, 'ANCHOR_BACKENDS') ?? 'calendars';
  const items = raw
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part !== '');
  if (items.length === 1 && items[0] === 'none') return [];
  const backends: AnchorBackendKind[] = [];
  for (const item of items) {
    if (!(ANCHOR_BACKEND_KINDS as readonly string[]).includes(item)) {
      throw new ConfigError(
        'ANCHOR_BACKENDS',
        `ANCHOR_BACKENDS must be "none" or a comma-separated list of ${ANCHOR_BACKEND_KINDS.join(', ')}, and "${item.slice(0, 40)}" is none of them.`,
      );
    }
    if (!backends.includes(item as AnchorBackendKind)) backends.push(item as AnchorBackendKind);
  }
  if (backends.length === 0)
    throw new ConfigError(
      'ANCHOR_BACKENDS',
      `ANCHOR_BACKENDS must be "none" or name at least one of ${ANCHOR_BACKEND_KINDS.join(', ')}.`,
    );
  return backends;
}

/** A URL's credentials (percent-decoded) and the URL without them. */
function splitCredentials(url: URL): {
  url: string;
  username: string | null;
  password: string | null;
} {
  const username = url.username === '' ? null : decodeURIComponent(url.username);
  const password = url.password === '' ? null : decodeURIComponent(url.password);
  const bare = new URL(url.toString());
  bare.username = '';
  bare.password = '';
  return { url: bare.toString(), username, password };
}

function readBitcoinRpc(env: Env, required: boolean): BitcoinRpcConfig | null {
  const wallet = read(env, 'BITCOIN_RPC_WALLET') ?? null;
  if (wallet !== null && !/^[\w.-]{1,100}$/.test(wallet)) {
    throw new ConfigError(
      'BITCOIN_RPC_WALLET',
      'BITCOIN_RPC_WALLET must be a wallet name of letters, digits, ".", "_" or "-".',
    );
  }
  const url = readUrl(env, 'BITCOIN_RPC_URL', ['http:', 'https:']);
  if (url === undefined) {
    if (!required) return null;
    throw new ConfigError(
      'BITCOIN_RPC_URL',
      'BITCOIN_RPC_URL must be set for ANCHOR_BACKENDS=bitcoin-rpc, e.g. http://user:password@127.0.0.1:8332/.',
    );
  }
  return { ...splitCredentials(url), wallet };
}

/**
 * Parses a block header source: `esplora:<url>` (an Esplora REST API) or `rpc:<url>` (a Bitcoin
 * Core node, credentials in the URL). Returns the reason when it is wrong, never repeating a
 * password. Shared by the configuration and `certa verify --header-source`.
 */
export function parseHeaderSource(raw: string): HeaderSourceConfig | { problem: string } {
  const match = /^(esplora|rpc):(.*)$/.exec(raw.trim());
  if (match === null || match[2] === undefined) {
    return { problem: 'must be esplora:<url> or rpc:<url>' };
  }
  let url: URL;
  try {
    url = new URL(match[2]);
  } catch {
    return { problem: `must be ${match[1] ?? ''}:<url> with a URL that can be parsed` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { problem: 'must use an http or https URL' };
  }
  if (match[1] === 'esplora') {
    if (url.username !== '' || url.password !== '')
      return { problem: 'must not contain credentials for an Esplora API' };
    return { kind: 'esplora', url: url.toString().replace(/\/+$/, '') };
  }
  return { kind: 'rpc', ...splitCredentials(url) };
}

function readHeaderSource(env: Env): HeaderSourceConfig {
  const parsed = parseHeaderSource(read(env, 'BITCOIN_HEADER_SOURCE') ?? DEFAULT_HEADER_SOURCE);
  if ('problem' in parsed) {
    throw new ConfigError(
      'BITCOIN_HEADER_SOURCE',
      `BITCOIN_HEADER_SOURCE ${parsed.problem}, e.g. ${DEFAULT_HEADER_SOURCE}.`,
    );
  }
  return parsed;
}

function readJobs(env: Env): JobsConfig {
  const worker = read(env, 'JOBS_WORKER') ?? 'embedded';
  if (worker !== 'embedded' && worker !== 'separate') {
    throw new ConfigError(
      'JOBS_WORKER',
      `JOBS_WORKER must be embedded (certa serve runs jobs) or separate (only certa worker does), not "${worker.slice(0, 40)}".`,
    );
  }
  return Object.freeze({ worker, concurrency: readInteger(env, 'JOBS_CONCURRENCY', 4, 1, 64) });
}

function readAnchoring(env: Env): AnchoringConfig {
  const backends = readAnchorBackends(env);
  const calendars = readCalendars(env);
  const minCalendars = readInteger(env, 'ANCHOR_MIN_CALENDARS', 2, 1, 100);
  if (backends.includes('calendars') && minCalendars > calendars.length) {
    throw new ConfigError(
      'ANCHOR_MIN_CALENDARS',
      `ANCHOR_MIN_CALENDARS is ${minCalendars} but ANCHOR_CALENDARS names only ${calendars.length} calendar${calendars.length === 1 ? '' : 's'}.`,
    );
  }
  const worker = read(env, 'ANCHOR_WORKER') ?? 'embedded';
  if (worker !== 'embedded' && worker !== 'separate') {
    throw new ConfigError(
      'ANCHOR_WORKER',
      `ANCHOR_WORKER must be embedded (certa serve anchors) or separate (only certa worker does), not "${worker.slice(0, 40)}".`,
    );
  }
  return Object.freeze({
    backends: Object.freeze(backends),
    calendars: Object.freeze(calendars),
    minCalendars,
    intervalSeconds: readInteger(env, 'ANCHOR_INTERVAL_SECONDS', 600, 1, 7 * 24 * 3600),
    batchMax: readInteger(env, 'ANCHOR_BATCH_MAX', 10_000, 1, MAX_BATCH_SIZE),
    upgradeIntervalSeconds: readInteger(env, 'ANCHOR_UPGRADE_INTERVAL_SECONDS', 600, 1, 24 * 3600),
    worker,
    bitcoinRpc: readBitcoinRpc(env, backends.includes('bitcoin-rpc')),
    headerSource: readHeaderSource(env),
  });
}

function readSigning(env: Env, dataDir: string): SigningConfig {
  const organisation = read(env, 'SIGNING_ORGANISATION_NAME') ?? 'Certa';
  if (organisation.length > 64 || /\p{Cc}/u.test(organisation)) {
    throw new ConfigError(
      'SIGNING_ORGANISATION_NAME',
      'SIGNING_ORGANISATION_NAME must be at most 64 characters on one line.',
    );
  }
  const tsa = readUrl(env, 'TSA_URL', ['http:', 'https:']);
  if (tsa !== undefined && tsa.hash !== '')
    throw new ConfigError('TSA_URL', 'TSA_URL must not contain a fragment.');
  return Object.freeze({
    directory: path.resolve(read(env, 'SIGNING_DIR') ?? path.join(dataDir, 'signing')),
    organisation,
    tsaUrl: tsa === undefined ? null : tsa.toString(),
  });
}

/**
 * One name server of DOMAIN_DNS_SERVERS in the form `Resolver.setServers` takes: an IPv4 or IPv6
 * address, with an optional port (`1.2.3.4:53`, `[2001:db8::1]:53`). Returns null if it is not.
 */
function parseNameServer(item: string): string | null {
  const bracketed = /^\[([0-9A-Fa-f:.]+)\](?::(\d{1,5}))?$/.exec(item);
  const withPort = /^([0-9.]+)(?::(\d{1,5}))?$/.exec(item);
  const address = bracketed?.[1] ?? withPort?.[1] ?? item;
  const port = bracketed?.[2] ?? withPort?.[2];
  const family = isIP(address);
  if (family === 0) return null;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65_535)) return null;
  if (port === undefined) return address;
  return family === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}

function readDomainProof(env: Env): DomainProofConfig {
  const raw = read(env, 'DOMAIN_DNS_SERVERS');
  let dnsServers: string[] | null = null;
  if (raw !== undefined) {
    dnsServers = [];
    for (const item of raw.split(',').map((part) => part.trim())) {
      if (item === '') continue;
      const server = parseNameServer(item);
      if (server === null) {
        throw new ConfigError(
          'DOMAIN_DNS_SERVERS',
          `DOMAIN_DNS_SERVERS must be a comma-separated list of name server IP addresses with an optional port (such as 9.9.9.9 or 127.0.0.1:5353), and "${item.slice(0, 60)}" is not one.`,
        );
      }
      if (!dnsServers.includes(server)) dnsServers.push(server);
    }
    if (dnsServers.length === 0) {
      throw new ConfigError(
        'DOMAIN_DNS_SERVERS',
        'DOMAIN_DNS_SERVERS must name at least one name server, or be left unset to use the system’s.',
      );
    }
  }
  return Object.freeze({
    dnsServers: dnsServers === null ? null : Object.freeze(dnsServers),
    timeoutMs: readInteger(env, 'DOMAIN_CHECK_TIMEOUT_MS', 5000, 100, 60_000),
  });
}

const TRUST_PROXY_HELP =
  'the number of proxies in front of Certa (e.g. 1) or their addresses and CIDR ranges (e.g. 127.0.0.1,10.0.0.0/8)';

/**
 * TRUST_PROXY: unset/false, a hop count, or a list of addresses/CIDRs. `true` is refused: it
 * makes the left-most `X-Forwarded-For` the client's address, and the client writes that one.
 */
function readWebhooks(env: Env): WebhooksConfig {
  const raw = read(env, 'WEBHOOKS_ALLOW_PRIVATE_ADDRESSES') ?? 'false';
  if (!['true', 'false'].includes(raw))
    throw new ConfigError(
      'WEBHOOKS_ALLOW_PRIVATE_ADDRESSES',
      `WEBHOOKS_ALLOW_PRIVATE_ADDRESSES must be true or false, not "${raw.slice(0, 20)}".`,
    );
  return {
    timeoutMs: readInteger(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
    allowPrivateAddresses: raw === 'true',
  };
}

function readTrustProxy(env: Env): TrustProxy {
  const raw = read(env, 'TRUST_PROXY');
  if (raw === undefined || ['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  if (['true', 'yes'].includes(raw.toLowerCase())) {
    throw new ConfigError(
      'TRUST_PROXY',
      `TRUST_PROXY=true would believe any X-Forwarded-For a client writes; set ${TRUST_PROXY_HELP}.`,
    );
  }
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops < 1 || hops > 10)
      throw new ConfigError(
        'TRUST_PROXY',
        `TRUST_PROXY must be ${TRUST_PROXY_HELP}, not "${raw}".`,
      );
    return hops;
  }
  const entries = raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  for (const entry of entries) {
    const [address = '', bits, ...rest] = entry.split('/');
    const family = isIP(address);
    const maxBits = family === 6 ? 128 : 32;
    if (
      family === 0 ||
      rest.length > 0 ||
      (bits !== undefined && (!/^\d{1,3}$/.test(bits) || Number(bits) > maxBits))
    ) {
      throw new ConfigError(
        'TRUST_PROXY',
        `TRUST_PROXY must be ${TRUST_PROXY_HELP}, and "${entry.slice(0, 60)}" is neither.`,
      );
    }
  }
  return Object.freeze(entries);
}

function readReadableFile(env: Env, name: string): string | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  const file = path.resolve(raw);
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw new ConfigError(name, `${name} must name a readable file, and ${file} is not one.`);
  }
  return file;
}

function readServer(env: Env): ServerConfig {
  const headersTimeoutMs = readInteger(env, 'HTTP_HEADERS_TIMEOUT_MS', 10_000, 500, 600_000);
  const requestTimeoutMs = readInteger(env, 'HTTP_REQUEST_TIMEOUT_MS', 120_000, 500, 3_600_000);
  if (requestTimeoutMs < headersTimeoutMs) {
    throw new ConfigError(
      'HTTP_REQUEST_TIMEOUT_MS',
      `HTTP_REQUEST_TIMEOUT_MS (${requestTimeoutMs}) must be at least HTTP_HEADERS_TIMEOUT_MS (${headersTimeoutMs}).`,
    );
  }
  const certFile = readReadableFile(env, 'TLS_CERT_FILE');
  const keyFile = readReadableFile(env, 'TLS_KEY_FILE');
  if ((certFile === undefined) !== (keyFile === undefined)) {
    const missing = certFile === undefined ? 'TLS_CERT_FILE' : 'TLS_KEY_FILE';
    throw new ConfigError(
      missing,
      `${missing} must be set too: HTTPS needs both TLS_CERT_FILE and TLS_KEY_FILE.`,
    );
  }
  return Object.freeze({
    headersTimeoutMs,
    requestTimeoutMs,
    idleTimeoutMs: readInteger(env, 'HTTP_IDLE_TIMEOUT_MS', 30_000, 500, 3_600_000),
    keepAliveTimeoutMs: readInteger(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, 600_000),
    maxConnections: readInteger(env, 'HTTP_MAX_CONNECTIONS', 1024, 1, 1_000_000),
    tls:
      certFile === undefined || keyFile === undefined ? null : Object.freeze({ certFile, keyFile }),
  });
}

/**
 * A warning for the operator when links and cookies would travel in clear to a host other than
 * this machine (plain-http PUBLIC_URL: cookies lose `Secure`, links go out as http), or null.
 */
export function plainHttpWarning(publicUrl: string): string | null {
  const url = new URL(publicUrl);
  if (url.protocol !== 'http:' || LOOPBACK_HOSTS.has(url.hostname)) return null;
  return `WARNING: PUBLIC_URL is plain http on ${url.hostname}: session cookies are sent without Secure and activation links go out as http, readable by anyone on the way. Put Certa behind HTTPS (a reverse proxy, or TLS_CERT_FILE and TLS_KEY_FILE) and set PUBLIC_URL to https://.`;
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
    trustProxy: readTrustProxy(env),
    server: readServer(env),
    sessionTtlMinutes: readInteger(env, 'SESSION_TTL_MINUTES', 12 * 60, 5, 30 * 24 * 60),
    sessionIdleMinutes: readInteger(env, 'SESSION_IDLE_MINUTES', 30, 1, 30 * 24 * 60),
    unlockTtlMinutes: readInteger(env, 'UNLOCK_TTL_MINUTES', 15, 1, 24 * 60),
    anchoring: readAnchoring(env),
    signing: readSigning(env, dataDir),
    domainProof: readDomainProof(env),
    webhooks: readWebhooks(env),
    jobs: readJobs(env),
    batches: Object.freeze({
      maxRows: readInteger(env, 'BATCH_MAX_ROWS', 100_000, 1, 10_000_000),
      maxCellBytes: readInteger(env, 'BATCH_MAX_CELL_BYTES', 4_096, 16, 1_048_576),
      maxFileBytes: readInteger(env, 'BATCH_MAX_FILE_MB', 50, 1, 2_048) * 1_048_576,
      runLeaseMs: readInteger(env, 'BATCH_RUN_LEASE_SECONDS', 30, 1, 3_600) * 1_000,
    }),
    consoleDir: path.resolve(read(env, 'CONSOLE_DIR') ?? defaultConsoleDir()),
    verifyHeaderSources: readVerifyHeaderSources(
      env,
      readPublicUrl(env, port),
      readHeaderSource(env),
    ),
  });
}

/**
 * `dist/web` of the package this file belongs to (src/config.ts under tsx, dist/src/config.js
 * once built): the folder `npm run build` writes the console to.
 */
function defaultConsoleDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir)
    dir = path.dirname(dir);
  return path.join(dir, 'dist', 'web');
}
