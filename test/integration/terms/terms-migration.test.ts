import path from 'node:path';
import { Migrator, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatabaseConfig } from '../../../src/config.js';
import { openDatabase } from '../../../src/db/database.js';
import type { Db } from '../../../src/db/database.js';
import { migrationProvider } from '../../../src/db/migrations/index.js';
import { listRecipientConsents } from '../../../src/terms/list-consents.js';
import { POSTGRES_ADMIN_URL } from '../../helpers/global-setup.js';
import { createTempDir, DIALECTS } from '../../helpers/test-database.js';
import type { Dialect } from '../../helpers/test-database.js';

/*
 * An installation upgraded from the first schema keeps its terms and its consents: every
 * (version, language) row of `terms` becomes one recipient version with both texts, in order
 * (version 1 keeps id 1), and every consent becomes an acceptance of that version, its language
 * unknown. The old rows point at documents by id only; foreign keys are off while they are
 * planted, as the documents themselves do not matter here.
 */
const TERMS = '2026-12-08-401-terms';

async function emptyDatabase(
  dialect: Dialect,
  directory: string,
): Promise<{ config: DatabaseConfig; drop: () => Promise<void> }> {
  if (dialect === 'sqlite')
    return {
      config: { dialect: 'sqlite', file: path.join(directory, 'certa.sqlite') },
      drop: () => Promise.resolve(),
    };
  const name = `certa_terms_upgrade_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    // Foreign keys are not checked on this connection (replica role): see above.
    config: { dialect: 'postgres', url: `${url}?options=-c%20session_replication_role%3Dreplica` },
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Runs the migrations before (or up to and with) the terms migration, none after it. */
async function migrate(db: Db, withTerms: boolean): Promise<void> {
  const all = await migrationProvider.getMigrations();
  const wanted = ([name]: [string, unknown]) => (withTerms ? name <= TERMS : name < TERMS);
  const migrator = new Migrator({
    db,
    provider: {
      getMigrations: () => Promise.resolve(Object.fromEntries(Object.entries(all).filter(wanted))),
    },
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw new Error('migration failed', { cause: error });
}

for (const dialect of DIALECTS) {
  describe(`upgrading the first schema's terms and consents (${dialect})`, () => {
    const dir = createTempDir();
    let drop: () => Promise<void> = () => Promise.resolve();
    let db: Db | undefined;
    afterAll(async () => {
      await db?.destroy();
      await drop();
      dir.remove();
    });

    it('carries every version and consent over, in order, without inventing a language', async () => {
      const database = await emptyDatabase(dialect, dir.path);
      drop = database.drop;
      db = openDatabase(database.config);
      await migrate(db, false);
      if (dialect === 'sqlite') await sql`PRAGMA foreign_keys = OFF`.execute(db);
      // The first migration planted version 1 (en, fr); an operator had published a version 2.
      await sql`insert into terms (version, language, body, published_at) values
        (2, 'en', 'Version two.', ${'2026-12-01T00:00:00.000Z'}),
        (2, 'fr', 'Version deux.', ${'2026-12-01T00:00:00.000Z'})`.execute(db);
      await sql`insert into consents (document_id, terms_version, accepted_at) values
        (41, 1, ${'2026-11-30T10:00:00.000Z'}),
        (42, 2, ${'2026-12-02T10:00:00.000Z'})`.execute(db);

      await migrate(db, true);

      const versions = await db
        .selectFrom('termsVersions')
        .select(['id', 'kind', 'label', 'status', 'bodyEn', 'bodyFr', 'effectiveAt'])
        .orderBy('id')
        .execute();
      expect(versions).toHaveLength(2);
      expect(versions[0]).toMatchObject({
        id: 1,
        kind: 'recipient',
        label: '1',
        status: 'published',
      });
      expect(versions[0]?.bodyFr).toContain('Conditions d');
      expect(versions[1]).toEqual({
        id: 2,
        kind: 'recipient',
        label: '2',
        status: 'published',
        bodyEn: 'Version two.',
        bodyFr: 'Version deux.',
        effectiveAt: '2026-12-01T00:00:00.000Z',
      });
      expect(await listRecipientConsents(db, 41)).toEqual([
        {
          kind: 'recipient',
          version: 1,
          label: '1',
          language: null,
          method: 'activation_page',
          acceptedAt: '2026-11-30T10:00:00.000Z',
        },
      ]);
      expect((await listRecipientConsents(db, 42)).map((consent) => consent.version)).toEqual([2]);
    });
  });
}
