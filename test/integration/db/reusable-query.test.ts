import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../../src/db/database.js';
import { reusableQuery } from '../../../src/db/reusable-query.js';
import type { OrganisationStatus } from '../../../src/db/tables/organisations.table.js';
import {
  createTempDir,
  createTestDatabase,
  DIALECTS,
  type TestDatabase,
} from '../../helpers/test-database.js';

const organisationsNamed = reusableQuery((db, name: string, status: OrganisationStatus) =>
  db
    .selectFrom('organisations')
    .select(['publicId', 'name', 'createdAt'])
    .where('name', '=', name)
    .where('status', '=', status)
    .where('status', '!=', 'suspended')
    .orderBy('id'),
);

for (const dialect of DIALECTS) {
  describe(`a reusable query (${dialect})`, () => {
    const temp = createTempDir();
    let database: TestDatabase;
    let db: Db;

    beforeAll(async () => {
      database = await createTestDatabase(dialect, temp.path);
      db = openDatabase(database.config);
      await migrateToLatest(db);
      const createdAt = '2026-11-27T10:00:00.000Z';
      await db
        .insertInto('organisations')
        .values([
          { publicId: 'orgAAAAAAAAAAAAAAAAAAA', name: 'Alpha', status: 'approved', createdAt },
          { publicId: 'orgBBBBBBBBBBBBBBBBBBB', name: 'Beta', status: 'approved', createdAt },
          { publicId: 'orgCCCCCCCCCCCCCCCCCCC', name: 'Beta', status: 'submitted', createdAt },
        ])
        .execute();
    });
    afterAll(async () => {
      await db.destroy();
      await database.drop();
      temp.remove();
    });

    it('runs with each call’s arguments, keeps its own constants, and maps columns like any query', async () => {
      expect(await organisationsNamed(db, 'Alpha', 'approved')).toEqual([
        {
          publicId: 'orgAAAAAAAAAAAAAAAAAAA',
          name: 'Alpha',
          createdAt: '2026-11-27T10:00:00.000Z',
        },
      ]);
      expect(
        (await organisationsNamed(db, 'Beta', 'submitted')).map((row) => row.publicId),
      ).toEqual(['orgCCCCCCCCCCCCCCCCCCC']);
      expect(await organisationsNamed(db, 'Gamma', 'approved')).toEqual([]);
      // Arguments are parameters, never SQL.
      expect(await organisationsNamed(db, "Alpha' or '1'='1", 'approved')).toEqual([]);
    });

    it('works inside a transaction too', async () => {
      const rows = await db
        .transaction()
        .execute((trx) => organisationsNamed(trx, 'Beta', 'approved'));
      expect(rows.map((row) => row.publicId)).toEqual(['orgBBBBBBBBBBBBBBBBBBB']);
    });

    it('refuses a query that does not use all its arguments', async () => {
      const careless = reusableQuery((database, _unused: string) =>
        database.selectFrom('organisations').select('id'),
      );
      await expect(careless(db, 'x')).rejects.toThrow(/does not use all its arguments/);
    });
  });
}
