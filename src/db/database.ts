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
  return new pg.Pool({
    connectionString: url,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
        oid === TIMESTAMPTZ_OID || oid === TIMESTAMP_OID
          ? toIsoString
          : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
    },
  });
}

function createSqlite(file: string): SqliteDatabase.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
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
