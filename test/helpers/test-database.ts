import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { DatabaseConfig } from '../../src/config.js';
import { POSTGRES_ADMIN_URL } from './global-setup.js';

export type Dialect = 'sqlite' | 'postgres';

/** The dialects every database test runs on: SQLite always, PostgreSQL when reachable. */
export const DIALECTS: readonly Dialect[] =
  inject('postgresTemplate') === null ? ['sqlite'] : ['sqlite', 'postgres'];

export interface TestDatabase {
  readonly config: DatabaseConfig;
  drop(): Promise<void>;
}

async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function cloneTemplate(template: string, name: string): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await withAdminClient((client) =>
        client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`),
      );
      return;
    } catch (error) {
      const busy = error instanceof Error && /being accessed by other users/.test(error.message);
      if (!busy || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
}

/** A throw-away database: a SQLite file in a temp dir, or a clone of the migrated PG template. */
export async function createTestDatabase(
  dialect: Dialect,
  directory: string,
): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    return {
      config: { dialect: 'sqlite', file: path.join(directory, 'certa.sqlite') },
      drop: () => Promise.resolve(),
    };
  }
  const template = inject('postgresTemplate');
  if (template === null) throw new Error('PostgreSQL is not reachable');
  const name = `certa_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await cloneTemplate(template, name);
  return {
    config: { dialect: 'postgres', url: POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`) },
    drop: async () => {
      await withAdminClient((client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      );
    },
  };
}

/** A fresh temp directory, removed by the returned function. */
export function createTempDir(prefix = 'certa-test-'): { path: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { path: dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
