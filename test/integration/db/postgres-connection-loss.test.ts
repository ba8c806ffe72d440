import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/db/database.js';
import { POSTGRES_ADMIN_URL } from '../../helpers/global-setup.js';
import {
  createTempDir,
  createTestDatabase,
  DIALECTS,
  type TestDatabase,
} from '../../helpers/test-database.js';

describe.runIf(DIALECTS.includes('postgres'))('PostgreSQL connections the server ends', () => {
  const temp = createTempDir();
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase('postgres', temp.path);
    db = openDatabase(database.config);
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
    temp.remove();
  });

  it('an idle connection ended by the server neither crashes the process nor breaks the next query', async () => {
    // Fill the pool: ten queries at once hold ten connections, which then go idle.
    await Promise.all(Array.from({ length: 10 }, () => sql`select pg_sleep(0.05)`.execute(db)));
    const url = database.config.dialect === 'postgres' ? database.config.url : '';
    const name = new URL(url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    try {
      const killed = await admin.query<{ ok: boolean }>(
        'select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = $1',
        [name],
      );
      expect(killed.rows.length).toBeGreaterThanOrEqual(2);
    } finally {
      await admin.end();
    }
    // The pool hears about it (an 'error' event per idle connection) and drops them.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const result = await sql<{ answer: number }>`select 42 as answer`.execute(db);
    expect(result.rows[0]?.answer).toBe(42);
  });
});
