import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditEvents } from '../../../src/audit/append-entries.js';
import { GENESIS_HASH } from '../../../src/audit/entry-hash.js';
import { verifyAuditChain } from '../../../src/audit/verify-chain.js';
import type { ChainVerification } from '../../../src/audit/verify-chain.js';
import { checkChainRange } from '../../../src/audit/verify-range.js';
import type { ChainRange, RangeCheck } from '../../../src/audit/verify-range.js';
import { checkChainRangeByCopy } from '../../../src/audit/verify-range-copy.js';
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
 * altered. On PostgreSQL each range is read by binary COPY (verify-range-copy.ts): for any range
 * and any tampering it gives the page reader's verdict, and it hashes every entry the platform
 * wrote from the copied bytes, control characters included, without the exact fallback.
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
          // Raw control characters, DEL, quotes, backslashes, accents and an astral character.
          targetId:
            index % 5 === 0
              ? null
              : index % 5 === 1
                ? `doc-${index}\t\n\r\b\f\u0001\u001f\u007f "\\ é € 😀`
                : `doc-${index}`,
          // Quotes, backslashes and accents: the database's quoting differs.
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
        name: 'the last entry of a range and the first of the next deleted',
        seq: 30,
        tamper: async () => {
          await setSeq(30, -30);
          await setSeq(31, -31);
        },
        undo: async () => {
          await setSeq(-30, 30);
          await setSeq(-31, 31);
        },
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

    const postgres = dialect === 'postgres';
    /** Ranges to compare the COPY reader with the page reader on: open, closed, mid-chain. */
    const RANGES: ChainRange[] = [
      { fromSeq: 1, toSeq: null, prevHash: GENESIS_HASH },
      { fromSeq: 1, toSeq: 31, prevHash: GENESIS_HASH },
      { fromSeq: 31, toSeq: null, prevHash: null },
      { fromSeq: 10, toSeq: 30, prevHash: null },
    ];
    /** Both readers over every range: the same verdicts, and how many entries each rehashed. */
    const postgresUrl = () => {
      if (database.config.dialect !== 'postgres') throw new Error('PostgreSQL only');
      return database.config.url;
    };
    const compareReaders = async () => {
      const url = postgresUrl();
      const anchored = new Map<number, string>();
      const rehashed: { copy: number; pages: number }[] = [];
      for (const range of RANGES) {
        const copy = await checkChainRangeByCopy(db, url, range, anchored);
        const pages = await checkChainRange(db, range, anchored);
        const verdict = (check: RangeCheck) => ({ ...check, rehashed: 0 });
        expect(verdict(copy), JSON.stringify(range)).toEqual(verdict(pages));
        rehashed.push({ copy: copy.rehashed, pages: pages.rehashed });
      }
      return rehashed;
    };

    it.skipIf(!postgres)(
      'COPY hashes every entry from its bytes, control characters included, as the pages do',
      async () => {
        const rehashed = await compareReaders();
        expect(rehashed.map((each) => each.copy)).toEqual([0, 0, 0, 0]);
      },
      60_000,
    );

    it.skipIf(!postgres)(
      'COPY hashes an entry its fast form does not cover exactly before judging it',
      async () => {
        // Entry 31's prevHash in upper case (the same bytes, so the same hash): not the form the
        // platform writes, but not altered either; only a range given entry 30's hash sees it.
        const row = await db
          .selectFrom('auditEvents')
          .selectAll()
          .where('seq', '=', 31)
          .executeTakeFirstOrThrow();
        const prevHash = row.prevHash.toUpperCase();
        await db.updateTable('auditEvents').set({ prevHash }).where('seq', '=', 31).execute();
        try {
          const rehashed = await compareReaders();
          expect(rehashed[2]?.copy).toBe(1);
          const check = (range: ChainRange) =>
            checkChainRangeByCopy(db, postgresUrl(), range, new Map());
          expect(await check({ fromSeq: 31, toSeq: null, prevHash: null })).toMatchObject({
            checked: ENTRIES - 30,
            break: null,
          });
          expect(
            (await check({ fromSeq: 1, toSeq: null, prevHash: GENESIS_HASH })).break,
          ).toMatchObject({
            seq: 31,
            problem: 'prev_hash_mismatch',
          });
        } finally {
          await db
            .updateTable('auditEvents')
            .set({ prevHash: row.prevHash })
            .where('seq', '=', 31)
            .execute();
        }
      },
      60_000,
    );

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
          if (postgres) await compareReaders();
        } finally {
          await tampered.undo();
        }
        expect((await single()).ok).toBe(true);
      }, 60_000);
    }
  });
}
