import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import type { Transaction } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './tables/index.js';

export type Db = Kysely<Database>;
/** A database handle or an open transaction: repositories accept either. */
export type Executor = Kysely<Database> | Transaction<Database>;

const TIMESTAMPTZ_OID = 1184;
const TIMESTAMP_OID = 1114;

function toIsoString(value: string): string {
  return new Date(value).toISOString();
}

function createPostgresPool(url: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
        oid === TIMESTAMPTZ_OID || oid === TIMESTAMP_OID
          ? toIsoString
          : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server ends (restart, failover, a database dropped right after the
  // pool was closed — pg-pool resolves end() before its sockets are gone) emits 'error' on the
  // pool, and an unhandled 'error' event kills the process. pg-pool has already discarded that
  // connection and the next query opens a new one, so there is nothing else to do.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * The database file and its WAL and shared-memory files hold data: mode 0600 whatever the umask
 * and whether or not the directory existed (SQLite gives the -wal and -shm files the mode of the
 * database file; an existing file made looser by hand is tightened).
 */
function restrictSqliteFiles(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const each of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if ((fs.statSync(each).mode & 0o077) !== 0) fs.chmodSync(each, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

function createSqlite(file: string): SqliteDatabase.Database {
  if (file !== ':memory:') {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    restrictSqliteFiles(file);
  }
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Erasure is crypto-shredding (DESIGN §3): a key wrap overwritten must not linger in a free page.
  sqlite.pragma('secure_delete = ON');
  return withStatementCache(sqlite);
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew, which was ~16% of a verify request's CPU. better-sqlite3
 * statements are reusable and run synchronously, so one cached statement per SQL text is safe
 * (we never stream with iterate()). Least recently used statements are dropped past the cap.
 */
function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement === undefined) {
      statement = prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value ?? '');
    } else cache.delete(source);
    cache.set(source, statement);
    return statement;
  }) as typeof sqlite.prepare;
  return sqlite;
}

/** Opens the database named by the configuration (SQLite file or PostgreSQL URL). */
export function openDatabase(config: DatabaseConfig): Db {
  const dialect =
    config.dialect === 'sqlite'
      ? new SqliteDialect({ database: createSqlite(config.file) })
      : new PostgresDialect({ pool: createPostgresPool(config.url) });
  return new Kysely<Database>({ dialect, plugins: [new CamelCasePlugin()] });
}

/** Runs every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed`, { cause: error });
  }
}
