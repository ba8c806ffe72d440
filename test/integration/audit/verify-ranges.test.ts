import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditEvents } from '../../../src/audit/append-entries.js';
import { verifyAuditChain } from '../../../src/audit/verify-chain.js';
import type { ChainVerification } from '../../../src/audit/verify-chain.js';
import { migrateToLatest, openDatabase } from '../../../src/db/database.js';
import type { Db } from '../../../src/db/database.js';
import { createTempDir, createTestDatabase, DIALECTS } from '../../helpers/test-database.js';
import type { TestDatabase } from '../../helpers/test-database.js';

/*
 * `certa audit verify` over a long chain (issue 13, the 1,000,000-entry target): the chain is cut
 * into ranges checked at once by worker threads, each with its own connection, and joined in
 * order. Whatever is broken — at a range's first entry, its last, or across two ranges — the
 * parallel check names exactly the break a single pass names. Entries whose text the database
 * quotes unlike JSON.stringify (control characters) are hashed again in JavaScript, not called
 * altered.
 */

const ENTRIES = 60;
/** Two ranges of 30: seqs 1–30 (this thread) and 31–60 (a worker thread). */
const PARALLEL = { threads: 2, minEntriesPerThread: 10 } as const;

for (const dialect of DIALECTS) {
  describe(`audit verify in ranges (${dialect})`, () => {
    const dir = createTempDir();
    let database: TestDatabase;
    let db: Db;

    beforeAll(async () => {
      database = await createTestDatabase(dialect, dir.path);
      db = openDatabase(database.config);
      await migrateToLatest(db);
      await db.deleteFrom('auditEvents').execute();
      await db
        .updateTable('auditChainHead')
        .set({ seq: 0, hash: '0'.repeat(64) })
        .execute();
      const base = Date.parse('2026-12-01T00:00:00.000Z');
      await appendAuditEvents(
        db,
        Array.from({ length: ENTRIES }, (_, index) => ({
          occurredAt: new Date(base + index * 1000).toISOString(),
          actorType: 'user' as const,
          actorId: `user${index % 7}`,
          action: index % 2 === 0 ? 'document.issued' : 'session.created',
          organisationId: index % 3 === 0 ? null : index,
          targetId: index % 5 === 0 ? null : `doc-${index}`,
          // Control characters, quotes, backslashes and accents: the database's quoting differs.
          detail:
            index % 4 === 0 ? JSON.stringify({ note: `tab\there\u0001 "é" \\ ${index}` }) : null,
        })),
      );
    }, 60_000);
    afterAll(async () => {
      await db.destroy();
      await database.drop();
      dir.remove();
    });

    const single = () => verifyAuditChain(db);
    const parallel = () =>
      verifyAuditChain(db, { parallel: { database: database.config, ...PARALLEL } });
    const setSeq = (seq: number, to: number) =>
      db.updateTable('auditEvents').set({ seq: to }).where('seq', '=', seq).execute();
    /** The two checks' verdicts, everything but how many threads gave them. */
    const same = (a: ChainVerification, b: ChainVerification) =>
      expect({ ...b, threads: a.threads }).toEqual(a);

    it('an intact chain passes in two threads as in one, entries needing exact quoting included', async () => {
      const one = await single();
      const two = await parallel();
      expect(one).toMatchObject({ ok: true, checked: ENTRIES, threads: 1 });
      expect(two).toMatchObject({ ok: true, checked: ENTRIES, threads: 2 });
      same(one, two);
    }, 60_000);

    const cases: {
      name: string;
      seq: number;
      tamper: () => Promise<void>;
      undo: () => Promise<void>;
    }[] = [
      {
        name: 'the first entry of a range altered',
        seq: 31,
        tamper: () =>
          db
            .updateTable('auditEvents')
            .set({ action: 'x.altered' })
            .where('seq', '=', 31)
            .execute()
            .then(() => undefined),
        undo: () =>
          db
            .updateTable('auditEvents')
            .set({ action: 'document.issued' })
            .where('seq', '=', 31)
            .execute()
            .then(() => undefined),
      },
      {
        name: 'the first entry of a range not following the previous range',
        seq: 31,
        tamper: () =>
          db
            .updateTable('auditEvents')
            .set({ prevHash: 'f'.repeat(64) })
            .where('seq', '=', 31)
            .execute()
            .then(() => undefined),
        undo: async () => {
          const previous = await db
            .selectFrom('auditEvents')
            .select('hash')
            .where('seq', '=', 30)
            .executeTakeFirstOrThrow();
          await db
            .updateTable('auditEvents')
            .set({ prevHash: previous.hash })
            .where('seq', '=', 31)
            .execute();
        },
      },
      {
        name: 'the last entry of a range deleted (moved away)',
        seq: 30,
        tamper: () => setSeq(30, -30).then(() => undefined),
        undo: () => setSeq(-30, 30).then(() => undefined),
      },
      {
        name: 'the first entry of a range deleted (moved away)',
        seq: 31,
        tamper: () => setSeq(31, -31).then(() => undefined),
        undo: () => setSeq(-31, 31).then(() => undefined),
      },
      {
        name: 'two entries across a boundary swapped',
        seq: 30,
        tamper: async () => {
          await setSeq(30, -1);
          await setSeq(31, 30);
          await setSeq(-1, 31);
        },
        undo: async () => {
          await setSeq(30, -1);
          await setSeq(31, 30);
          await setSeq(-1, 31);
        },
      },
    ];

    for (const tampered of cases) {
      it(`${tampered.name}: both name entry ${tampered.seq}`, async () => {
        await tampered.tamper();
        try {
          const one = await single();
          const two = await parallel();
          expect(one.ok).toBe(false);
          expect(one.break?.seq).toBe(tampered.seq);
          expect(two.threads).toBe(2);
          same(one, two);
        } finally {
          await tampered.undo();
        }
        expect((await single()).ok).toBe(true);
      }, 60_000);
    }
  });
}
