import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openDatabase } from '../../src/db/database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Name of a migrated PostgreSQL template database, or null when PostgreSQL is not reachable. */
    postgresTemplate: string | null;
  }
}

export const POSTGRES_ADMIN_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({
    connectionString: POSTGRES_ADMIN_URL,
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Once per test run: when PostgreSQL is reachable, create a template database migrated to the
 * latest schema; each test file clones it (CREATE DATABASE … TEMPLATE) and drops its clone.
 * With CERTA_REQUIRE_POSTGRES=1 (set by .ci/run), an unreachable server fails the run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!(await postgresReachable())) {
    if (process.env.CERTA_REQUIRE_POSTGRES === '1') {
      throw new Error(
        `PostgreSQL is required (CERTA_REQUIRE_POSTGRES=1) but ${POSTGRES_ADMIN_URL} is not reachable.`,
      );
    }
    project.provide('postgresTemplate', null);
    return async () => {};
  }
  const template = `certa_template_${process.pid}_${Date.now()}`;
  await adminQuery(`CREATE DATABASE ${template}`);
  const db = openDatabase({
    dialect: 'postgres',
    url: POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, `/${template}`),
  });
  await migrateToLatest(db);
  await db.destroy();
  project.provide('postgresTemplate', template);
  return async () => {
    await adminQuery(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  };
}
