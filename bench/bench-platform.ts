import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import pg from 'pg';
import type { ApiKeyActor } from '../src/accounts/actor.js';
import { createApiKey } from '../src/accounts/api-keys.js';
import { authenticate } from '../src/accounts/authenticate.js';
import { logIn } from '../src/accounts/log-in.js';
import { decodeBase32, totpCode, totpTimeStep } from '../src/accounts/totp.js';
import { confirmTwoFactor, startTwoFactorEnrolment } from '../src/accounts/two-factor.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Config } from '../src/config.js';
import type { AppContext } from '../src/context.js';
import type { IssueInput } from '../src/documents/document.js';
import { insertPreparedUser, prepareUser } from '../src/accounts/create-user.js';
import { insertOrganisationWithOwner } from '../src/issuers/create-organisation.js';
import { approveIssuer } from '../src/issuers/review-issuer.js';
import { createLogger } from '../src/logging.js';
import type { Mailer, MailMessage } from '../src/mail/mailer.js';
import { createMailer } from '../src/mail/nodemailer-mailer.js';
import { openPlatform } from '../src/platform.js';
import type { BlobStore } from '../src/storage/blob-store.js';
import { watchResource } from './watchdog.js';
import type { WatchedResource } from './watchdog.js';

/** The databases Certa supports, and the benchmarks run on. */
export type BenchDialect = 'sqlite' | 'postgres';

/** Admin connection used to create and drop throw-away PostgreSQL databases. */
export const POSTGRES_ADMIN_URL =
  process.env.CERTA_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

// ---------------------------------------------------------------------------------------------
// Clean-up: every temp dir and database registers here, so Ctrl-C still removes them.

const cleanups = new Set<() => Promise<void>>();

/**
 * Registers a clean-up for {@link cleanUpAll} and returns it as a run-once function to call
 * when the resource is done with.
 */
export function registerCleanup(
  cleanup: () => Promise<void>,
  resource?: WatchedResource,
): () => Promise<void> {
  let done = false;
  const unwatch = resource === undefined ? () => undefined : watchResource(resource);
  const once = async (): Promise<void> => {
    if (done) return;
    done = true;
    cleanups.delete(once);
    await cleanup();
    unwatch();
  };
  cleanups.add(once);
  return once;
}

/** Runs every pending clean-up (temp dirs, databases, servers); errors are reported, not thrown. */
export async function cleanUpAll(): Promise<void> {
  for (const cleanup of [...cleanups].reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.error('bench clean-up failed:', error instanceof Error ? error.message : error);
    }
  }
}

/** For child processes: on SIGINT or SIGTERM, run every clean-up, then exit (130 / 143). */
export function cleanUpOnSignals(): void {
  const handler = (code: number) => (): void => {
    void cleanUpAll().finally(() => process.exit(code));
  };
  process.once('SIGINT', handler(130));
  process.once('SIGTERM', handler(143));
}

// ---------------------------------------------------------------------------------------------
// Mailers

/** Discards every message: isolates the domain cost from mail delivery. */
export class NullMailer implements Mailer {
  async send(_message: MailMessage): Promise<void> {}
  async close(): Promise<void> {}
}

/** An activation link as the recipient's mail client would show it. */
export interface ActivationLink {
  readonly documentId: string;
  readonly secret: string;
}

const LINK_PATTERN = /\/activate\/([A-Za-z0-9_-]{22})#([A-Za-z0-9_-]{43})/;

/** Extracts `/activate/<id>#<secret>` from a message's text body. */
export function activationLinkOf(message: MailMessage): ActivationLink {
  const match = LINK_PATTERN.exec(message.text);
  if (match?.[1] === undefined || match[2] === undefined)
    throw new Error('no activation link in the message');
  return { documentId: match[1], secret: match[2] };
}

/** Keeps the activation link of every message in memory (only while `capturing`). */
export class CapturingMailer implements Mailer {
  readonly links = new Map<string, ActivationLink>();
  capturing = true;

  async send(message: MailMessage): Promise<void> {
    if (!this.capturing) return;
    const link = activationLinkOf(message);
    this.links.set(link.documentId, link);
  }

  async close(): Promise<void> {}
}

/** Wraps a mailer and adds up the time spent in `send`. */
export class TimedMailer implements Mailer {
  readonly #inner: Mailer;
  totalMs = 0;
  count = 0;

  constructor(inner: Mailer) {
    this.#inner = inner;
  }

  async send(message: MailMessage): Promise<void> {
    const start = performance.now();
    try {
      await this.#inner.send(message);
    } finally {
      this.totalMs += performance.now() - start;
      this.count += 1;
    }
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  reset(): void {
    this.totalMs = 0;
    this.count = 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Timers for the database and the blob store

/**
 * A Kysely plugin that adds up the time from compiling each query to receiving its result
 * (includes waiting for the connection; BEGIN/COMMIT are not queries and are not counted).
 */
export class QueryTimer implements KyselyPlugin {
  readonly #started = new WeakMap<PluginTransformQueryArgs['queryId'], number>();
  totalMs = 0;
  count = 0;

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.#started.set(args.queryId, performance.now());
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const start = this.#started.get(args.queryId);
    if (start !== undefined) {
      this.totalMs += performance.now() - start;
      this.count += 1;
      this.#started.delete(args.queryId);
    }
    return args.result;
  }

  reset(): void {
    this.totalMs = 0;
    this.count = 0;
  }
}

/** Wraps a blob store and adds up the time spent in `put`. */
export class TimedBlobStore implements BlobStore {
  readonly #inner: BlobStore;
  putMs = 0;
  puts = 0;

  constructor(inner: BlobStore) {
    this.#inner = inner;
  }

  async put(name: string, data: Buffer): Promise<void> {
    const start = performance.now();
    try {
      await this.#inner.put(name, data);
    } finally {
      this.putMs += performance.now() - start;
      this.puts += 1;
    }
  }

  get(name: string): Promise<Buffer> {
    return this.#inner.get(name);
  }

  delete(name: string): Promise<void> {
    return this.#inner.delete(name);
  }

  reset(): void {
    this.putMs = 0;
    this.puts = 0;
  }
}

/** A copy of `ctx` whose database handle reports every query to `timer`. */
export function withQueryTimer(ctx: AppContext, timer: QueryTimer): AppContext {
  return { ...ctx, db: ctx.db.withPlugin(timer) };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/** Whether the PostgreSQL admin URL answers, with its version or the reason it does not. */
export async function probePostgres(): Promise<
  { available: true; version: string } | { available: false; reason: string }
> {
  const client = new pg.Client({
    connectionString: POSTGRES_ADMIN_URL,
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    const result = await client.query<{ server_version: string }>('SHOW server_version');
    return { available: true, version: result.rows[0]?.server_version ?? 'unknown' };
  } catch (error) {
    return { available: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates an empty database `certa_bench_<random>` and returns its URL and a drop function. */
async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `certa_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const drop = registerCleanup(() => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`), {
    kind: 'database',
    name,
    adminUrl: POSTGRES_ADMIN_URL,
  });
  return { url: url.toString(), drop };
}

// ---------------------------------------------------------------------------------------------
// The platform

/** `'outbox'` is the default mailer of `npm start` (.eml files in DATA_DIR/outbox). */
export type MailerChoice = 'outbox' | Mailer;

/** A migrated platform with an approved issuer and a real API key to issue with. */
export interface BenchPlatform {
  readonly ctx: AppContext;
  readonly config: Config;
  readonly dialect: BenchDialect;
  readonly dataDir: string;
  /** Public id of the approved organisation. */
  readonly organisationId: string;
  /** The API key actor (scopes issue, read), as authenticate() returns it. */
  readonly actor: ApiKeyActor;
  /** That API key itself (`ck_…`), for requests over HTTP. */
  readonly apiKey: string;
  /** The mailer in use (outbox or the one given), wrapped to time `send`. */
  readonly timedMailer: TimedMailer;
  /** A session of the owner that passed the second factor (`cs_…`), e.g. for a browser's cookie. */
  readonly ownerSessionToken: string;
  close(): Promise<void>;
}

/**
 * Opens a fresh platform (temp DATA_DIR, new SQLite file or throw-away PostgreSQL database),
 * registers and approves an issuer, logs its owner in and creates an API key. Everything is
 * removed by `close()` (or by {@link cleanUpAll} on interruption).
 */
export async function createBenchPlatform(options: {
  dialect: BenchDialect;
  mailer: MailerChoice;
}): Promise<BenchPlatform> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certa-bench-'));
  const removeDir = registerCleanup(
    async () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    { kind: 'dir', path: dataDir },
  );
  let dropDatabase: () => Promise<void> = async () => {};
  try {
    let databaseUrl = `sqlite:${path.join(dataDir, 'certa.sqlite')}`;
    if (options.dialect === 'postgres') {
      const database = await createPostgresDatabase();
      databaseUrl = database.url;
      dropDatabase = database.drop;
    }
    const config = loadConfig({
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'silent',
    });
    const inner = options.mailer === 'outbox' ? createMailer(config.mail) : options.mailer;
    const timedMailer = new TimedMailer(inner);
    const platform = await openPlatform(config, { mailer: timedMailer });
    const closePlatform = registerCleanup(() => platform.close());
    const { ctx } = platform;

    const email = 'owner@bench-issuer.example';
    const password = 'correct horse battery staple';
    // The onboarding itself is not what is measured: the owner and a submitted organisation go
    // straight into the database, then the host approves it.
    const prepared = await prepareUser(email, password);
    const at = ctx.now().toISOString();
    const registered = await ctx.db.transaction().execute(async (trx) => {
      const userId = await insertPreparedUser(trx, prepared, {
        isPlatformAdmin: false,
        emailConfirmedAt: at,
        createdAt: at,
      });
      const organisation = await insertOrganisationWithOwner(trx, {
        name: 'Université du Benchmark',
        owner: { id: userId, publicId: prepared.publicId, publicKey: prepared.keys.publicKey },
        at,
      });
      await trx
        .updateTable('organisations')
        .set({ status: 'submitted', submittedAt: at })
        .where('id', '=', organisation.id)
        .execute();
      return { organisationId: organisation.publicId };
    });
    await approveIssuer(ctx, { kind: 'host' }, registered.organisationId, {
      approveWithoutDomainProof: true,
      reason: 'A benchmark organisation has no domain to prove.',
    });
    const session = await logIn(ctx, { email, password }, { clientAddress: 'bench' });
    // Owners act only from a session that passed the second factor: enrol one for the bench.
    const enrolment = await startTwoFactorEnrolment(ctx, await authenticate(ctx, session.token), {
      password,
    });
    const totpSecret = decodeBase32(enrolment.secret)!;
    await confirmTwoFactor(ctx, await authenticate(ctx, session.token), {
      code: totpCode(totpSecret, totpTimeStep(ctx.now())),
    });
    const owner = await authenticate(ctx, session.token);
    const apiKey = await createApiKey(ctx, owner, {
      organisationId: registered.organisationId,
      name: 'benchmark',
      scopes: ['issue', 'read'],
    });
    const actor = await authenticate(ctx, apiKey.key);
    if (actor.kind !== 'api_key') throw new Error('the API key did not authenticate as a key');
    timedMailer.reset();

    return {
      ctx,
      config,
      dialect: options.dialect,
      dataDir,
      organisationId: registered.organisationId,
      actor,
      apiKey: apiKey.key,
      timedMailer,
      ownerSessionToken: session.token,
      async close() {
        await closePlatform();
        await dropDatabase();
        await removeDir();
      },
    };
  } catch (error) {
    await dropDatabase();
    await removeDir();
    throw error;
  }
}

/** What one benchmark document looks like: a typical certificate with two fields. */
export function issueInput(index: number): {
  template: IssueInput['template'];
  title: string;
  recipient: { name: string; email: string };
  fields: Array<{ label: string; value: string }>;
  expiresAt: null;
  locale: IssueInput['locale'];
} {
  return {
    template: 'certificate',
    title: 'Master of Science in Physics',
    recipient: { name: `Recipient Number ${index}`, email: `recipient${index}@example.org` },
    fields: [
      { label: 'Grade', value: 'Summa cum laude' },
      { label: 'Credits', value: '120 ECTS' },
    ],
    expiresAt: null,
    locale: 'en',
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP

/** A real HTTP server (rate limits off, silent logger) on 127.0.0.1 and a random port. */
export interface BenchServer {
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Builds the app exactly as `certa serve` does, minus logs and rate limits, and listens. */
export async function startBenchServer(
  ctx: AppContext,
  options: { consoleDir?: string } = {},
): Promise<BenchServer> {
  const app = await buildApp({
    ctx,
    logger: createLogger('silent'),
    trustProxy: false,
    rateLimits: false,
    consoleDir: options.consoleDir ?? null,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') {
    await app.close();
    throw new Error('the server has no TCP port');
  }
  const close = registerCleanup(() => app.close());
  return { baseUrl: `http://127.0.0.1:${address.port}`, close };
}
