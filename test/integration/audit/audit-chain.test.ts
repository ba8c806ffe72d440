import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchQueuedDigests } from '../../../src/anchoring/batch-queued-digests.js';
import { statusStatementDigest } from '../../../src/anchoring/status-statements.js';
import { auditEntryHash, GENESIS_HASH } from '../../../src/audit/entry-hash.js';
import type { AuditEventRow } from '../../../src/db/tables/audit.table.js';
import {
  activate,
  activationLinkFor,
  issueOne,
  newApprovedIssuer,
} from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { cli } from '../cli/cli-harness.js';

/*
 * The anchored, hash-chained audit trail (issue 13 point 3) and anchored status changes (issue
 * 14 point 4): one unbroken chain under concurrent appends; altering, deleting or reordering any
 * entry directly in the database makes `certa audit verify` fail and name the entry; a chain
 * rewritten consistently up to an anchored head is caught by that head; each revocation,
 * suspension and reinstatement queues the digest of a statement without personal data.
 */

type Entry = AuditEventRow;

for (const dialect of DIALECTS) {
  describe(`audit chain (${dialect})`, () => {
    let platform: TestPlatform;
    let issuer: TestIssuer;
    let env: Record<string, string>;

    beforeAll(async () => {
      platform = await startTestPlatform(dialect);
      issuer = await newApprovedIssuer(platform, 'Université de la Chaîne');
      const { database } = platform.config;
      env = {
        DATA_DIR: platform.dataDir,
        DATABASE_URL: database.dialect === 'sqlite' ? `sqlite:${database.file}` : database.url,
        LOG_LEVEL: 'warn',
      };
    });
    afterAll(async () => platform.close());

    const db = () => platform.ctx.db;
    const entries = async (): Promise<Entry[]> =>
      (await db().selectFrom('auditEvents').selectAll().orderBy('seq').execute()).map((row) => ({
        ...row,
        seq: Number(row.seq),
      }));
    const verify = (...args: string[]) => cli(['audit', 'verify', ...args], env);
    const setSeq = (id: number, seq: number) =>
      db().updateTable('auditEvents').set({ seq }).where('id', '=', id).execute();

    it('concurrent issuance keeps one unbroken chain, and verify passes', async () => {
      await Promise.all(Array.from({ length: 12 }, () => issueOne(platform, issuer)));
      const rows = await entries();
      expect(rows.length).toBeGreaterThan(12);
      expect(rows.map((row) => row.seq)).toEqual(rows.map((_, index) => index + 1));
      let prev = GENESIS_HASH;
      for (const row of rows) {
        expect(row.prevHash).toBe(prev);
        expect(row.hash).toBe(auditEntryHash(prev, row));
        prev = row.hash;
      }
      const result = await verify();
      expect(result.code, result.err).toBe(0);
      expect(result.out).toContain(`${rows.length} entries checked`);
      expect(result.out).toContain(`Head: seq ${rows.length}, hash ${prev}`);
    });

    it('entries hold ids and codes, never the recipients’ names or addresses', async () => {
      const rows = await entries();
      const text = JSON.stringify(rows);
      expect(text).not.toMatch(/Recipient \d+|@example\.org/);
    });

    it('log-ins, failed log-ins and log-outs are entries, without the address', async () => {
      const failed = await call(platform.baseUrl, 'POST', '/api/sessions', {
        json: { email: 'nobody-here@example.net', password: 'not the password at all' },
      });
      expect(failed.status).toBe(401);
      const rows = await entries();
      const actions = rows.map((row) => row.action);
      expect(actions).toContain('session.created');
      const failure = rows.filter((row) => row.action === 'session.login_failed').at(-1);
      expect(failure).toMatchObject({ actorType: 'system', actorId: null });
      expect(JSON.stringify(rows)).not.toContain('nobody-here');
    });

    it('a rolled-back change leaves no entry', async () => {
      const before = await entries();
      await expect(
        db()
          .transaction()
          .execute(async (trx) => {
            const { insertAuditEvent } =
              await import('../../../src/db/repositories/audit.repository.js');
            await insertAuditEvent(trx, {
              occurredAt: new Date().toISOString(),
              actorType: 'system',
              actorId: null,
              action: 'test.rolled_back',
              organisationId: null,
              targetId: null,
            });
            throw new Error('roll back');
          }),
      ).rejects.toThrow('roll back');
      expect(await entries()).toHaveLength(before.length);
      expect((await verify()).code).toBe(0);
    });

    it('altering an entry fails verification and names it', async () => {
      const target = (await entries())[4];
      if (target === undefined) throw new Error('no entry');
      await db()
        .updateTable('auditEvents')
        .set({ action: 'organisation.nothing_happened' })
        .where('id', '=', target.id)
        .execute();
      const result = await verify();
      expect(result.code).toBe(1);
      expect(result.err).toContain(`broken at seq ${target.seq}`);
      expect(result.err).toContain('altered');
      await db()
        .updateTable('auditEvents')
        .set({ action: target.action })
        .where('id', '=', target.id)
        .execute();
      expect((await verify()).code).toBe(0);
    });

    it('deleting an entry fails verification and names it', async () => {
      const target = (await entries())[6];
      if (target === undefined) throw new Error('no entry');
      await db().deleteFrom('auditEvents').where('id', '=', target.id).execute();
      const result = await verify();
      expect(result.code).toBe(1);
      expect(result.err).toContain(`broken at seq ${target.seq}`);
      expect(result.err).toContain('missing');
      await db().insertInto('auditEvents').values(target).execute();
      expect((await verify()).code).toBe(0);
    });

    it('deleting an entry and renumbering the rest is caught by the next link', async () => {
      const rows = await entries();
      const target = rows[3];
      if (target === undefined) throw new Error('no entry');
      await db().deleteFrom('auditEvents').where('id', '=', target.id).execute();
      for (const row of rows.slice(4)) await setSeq(row.id, row.seq - 1);
      const result = await verify();
      expect(result.code).toBe(1);
      expect(result.err).toContain(`broken at seq ${target.seq}`);
      for (const row of rows.slice(4).reverse()) await setSeq(row.id, row.seq);
      await db().insertInto('auditEvents').values(target).execute();
      expect((await verify()).code).toBe(0);
    });

    it('reordering two entries fails verification and names the first', async () => {
      const rows = await entries();
      const [a, b] = [rows[2], rows[5]];
      if (a === undefined || b === undefined) throw new Error('no entry');
      await setSeq(a.id, -1);
      await setSeq(b.id, a.seq);
      await setSeq(a.id, b.seq);
      const result = await verify();
      expect(result.code).toBe(1);
      expect(result.err).toContain(`broken at seq ${a.seq}`);
      await setSeq(a.id, -1);
      await setSeq(b.id, b.seq);
      await setSeq(a.id, a.seq);
      expect((await verify()).code).toBe(0);
    });

    it('the head goes into the anchor batch; a chain rewritten up to it is caught', async () => {
      const batch = await batchQueuedDigests(
        db(),
        { intervalSeconds: 0, batchMax: 10_000, backendNames: [] },
        new Date(),
      );
      expect(batch).not.toBeNull();
      const rows = await entries();
      const last = rows.at(-1);
      if (last === undefined) throw new Error('no entry');
      const heads = await db().selectFrom('auditHeads').selectAll().execute();
      expect(heads.map((head) => [Number(head.seq), head.hash])).toEqual([[last.seq, last.hash]]);
      const leaf = await db()
        .selectFrom('anchorDigests')
        .innerJoin('anchorLeaves', 'anchorLeaves.digestId', 'anchorDigests.id')
        .select(['anchorDigests.kind', 'anchorLeaves.batchId'])
        .where('anchorDigests.kind', '=', 'audit_head')
        .execute();
      expect(leaf).toEqual([{ kind: 'audit_head', batchId: batch?.id }]);
      expect((await verify()).code).toBe(0);

      // A careful forger alters entry 3 and recomputes every later hash: the chain is
      // consistent again, but no longer matches the head anchored at the last seq.
      const rewrite = async (action: (row: Entry) => string) => {
        let prev = GENESIS_HASH;
        for (const row of rows) {
          const fields = { ...row, action: action(row) };
          const hash = auditEntryHash(prev, fields);
          await db()
            .updateTable('auditEvents')
            .set({ action: fields.action, prevHash: prev, hash })
            .where('id', '=', row.id)
            .execute();
          prev = hash;
        }
      };
      await rewrite((row) => (row.seq === 3 ? 'organisation.nothing_happened' : row.action));
      const result = await verify();
      expect(result.code).toBe(1);
      expect(result.err).toContain(`broken at seq ${last.seq}`);
      expect(result.err).toContain('anchored');
      await rewrite((row) => row.action);
      expect((await verify()).code).toBe(0);

      // A head whose leaf no longer matches is reported too.
      await db()
        .updateTable('auditHeads')
        .set({ hash: rows[0]?.hash ?? '' })
        .execute();
      const forged = await verify();
      expect(forged.code).toBe(1);
      expect(forged.err).toContain(`broken at seq ${last.seq}`);
      await db().updateTable('auditHeads').set({ hash: last.hash }).execute();

      // Deleting the newest entries (the tail) is only visible against the anchored head.
      await db().deleteFrom('auditEvents').where('id', '=', last.id).execute();
      const cut = await verify();
      expect(cut.code).toBe(1);
      expect(cut.err).toContain(`broken at seq ${last.seq}`);
      await db().insertInto('auditEvents').values(last).execute();
      expect((await verify()).code).toBe(0);
    });

    it('--from-anchor starts at the newest head anchored in Bitcoin', async () => {
      await db().updateTable('anchorBatches').set({ status: 'anchored' }).execute();
      await issueOne(platform, issuer);
      const head = await db().selectFrom('auditHeads').select('seq').executeTakeFirstOrThrow();
      const result = await verify('--from-anchor');
      expect(result.code, result.err).toBe(0);
      expect(result.out).toContain(`from seq ${Number(head.seq)}`);
      expect(result.out).toContain(`last head anchored in Bitcoin: seq ${Number(head.seq)}`);
      const json = JSON.parse((await verify('--json')).out) as { ok: boolean; checked: number };
      expect(json.ok).toBe(true);
    });

    it('revocation, suspension and reinstatement each queue an anchored statement', async () => {
      const first = await issueOne(platform, issuer);
      const second = await issueOne(platform, issuer);
      const path = (id: string, action: string) =>
        `/api/organisations/${issuer.organisationId}/documents/${id}/${action}`;
      const post = (id: string, action: string, json: Record<string, unknown>) =>
        call(platform.baseUrl, 'POST', path(id, action), { token: issuer.token, json });
      // Pending documents cannot be suspended: revoke one, and bulk-revoke the other.
      expect(
        (
          await post(first, 'revoke', {
            reason: 'Sent to Jane Doe by mistake',
            code: 'issued_in_error',
          })
        ).status,
      ).toBe(200);
      const bulk = await call(
        platform.baseUrl,
        'POST',
        `/api/organisations/${issuer.organisationId}/documents/revoke`,
        {
          token: issuer.token,
          json: { documentIds: [second], reason: 'Withdrawn', code: 'withdrawn' },
        },
      );
      expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
      const statements = await db()
        .selectFrom('statusStatements')
        .innerJoin('anchorDigests', 'anchorDigests.id', 'statusStatements.anchorDigestId')
        .select([
          'statusStatements.transition',
          'statusStatements.statement',
          'anchorDigests.digest',
          'anchorDigests.kind',
          'anchorDigests.status',
        ])
        .orderBy('statusStatements.id')
        .execute();
      expect(statements.map((row) => row.transition)).toEqual(['revoked', 'revoked']);
      for (const row of statements) {
        expect(row.kind).toBe('status_change');
        expect(row.status).toBe('queued');
        expect(row.digest).toBe(statusStatementDigest(row.statement));
        expect(row.statement).not.toContain('Jane');
        expect(row.statement).not.toContain('Withdrawn');
      }
      const parsed = JSON.parse(statements[0]?.statement ?? '{}') as Record<string, unknown>;
      expect(parsed).toMatchObject({
        type: 'certa-status-change/v1',
        document: first,
        transition: 'revoked',
        reasonCode: 'issued_in_error',
        sequence: 1,
      });
      expect((await verify()).code).toBe(0);
    });

    it('suspension and revocation reasons stay on the row: the trail holds codes, the timeline reads the row', async () => {
      const id = await issueOne(platform, issuer);
      await activate(platform, await activationLinkFor(platform, id));
      const base = `/api/organisations/${issuer.organisationId}/documents/${id}`;
      const act = (action: string, json: Record<string, unknown> = {}) =>
        call(platform.baseUrl, 'POST', `${base}/${action}`, { token: issuer.token, json });
      const timeline = async () =>
        (
          await call<{ timeline: Array<{ type: string; reason: string | null }> }>(
            platform.baseUrl,
            'GET',
            base,
            { token: issuer.token },
          )
        ).body.timeline;
      const trailOf = async () =>
        JSON.stringify(
          await db().selectFrom('auditEvents').selectAll().where('targetId', '=', id).execute(),
        );

      expect((await act('suspend', { reason: 'Inquiry about John Roe' })).status).toBe(200);
      expect((await timeline()).find((event) => event.type === 'suspended')?.reason).toBe(
        'Inquiry about John Roe',
      );
      const suspendedEntry = await db()
        .selectFrom('auditEvents')
        .select('detail')
        .where('targetId', '=', id)
        .where('action', '=', 'document.suspended')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(suspendedEntry.detail ?? '{}')).toEqual({ from: 'active' });

      expect((await act('reinstate')).status).toBe(200);
      // The text ended with the suspension: the event stays, without it.
      expect((await timeline()).find((event) => event.type === 'suspended')?.reason).toBeNull();

      expect((await act('suspend', { reason: 'Second inquiry, Mary Major' })).status).toBe(200);
      const twice = (await timeline()).filter((event) => event.type === 'suspended');
      expect(twice.map((event) => event.reason)).toEqual([null, 'Second inquiry, Mary Major']);

      expect(
        (
          await act('revoke', {
            reason: 'Fraud reported by Richard Miles',
            code: 'issued_in_error',
          })
        ).status,
      ).toBe(200);
      expect((await timeline()).find((event) => event.type === 'revoked')?.reason).toBe(
        'Fraud reported by Richard Miles',
      );
      const trail = await trailOf();
      for (const text of ['John Roe', 'Mary Major', 'Richard Miles', 'Inquiry', 'Fraud']) {
        expect(trail).not.toContain(text);
      }
      expect(trail).toContain('issued_in_error');
      expect((await verify()).code).toBe(0);
    });

    it('the detail, the verify report and the proof route list each status change', async () => {
      const id = await issueOne(platform, issuer);
      const revoke = await call(
        platform.baseUrl,
        'POST',
        `/api/organisations/${issuer.organisationId}/documents/${id}/revoke`,
        { token: issuer.token, json: { reason: 'Fraud', code: 'fraud' } },
      );
      expect(revoke.status).toBe(200);
      const detail = await call<{
        statusProofs: Array<{
          transition: string;
          digest: string;
          status: string;
          statement: string;
        }>;
        anchors: Array<{ kind: string }>;
      }>(platform.baseUrl, 'GET', `/api/organisations/${issuer.organisationId}/documents/${id}`, {
        token: issuer.token,
      });
      expect(detail.status).toBe(200);
      expect(detail.body.anchors.map((anchor) => anchor.kind)).toEqual(['commitment']);
      const [proof] = detail.body.statusProofs;
      expect(proof).toMatchObject({ transition: 'revoked', status: 'queued' });
      expect(proof?.digest).toBe(statusStatementDigest(proof?.statement ?? ''));
      const queued = await call(
        platform.baseUrl,
        'GET',
        `/api/documents/${id}/status-proofs/${proof?.digest ?? ''}.ots`,
      );
      expect(queued.status).toBe(409);
      const unknown = await call(
        platform.baseUrl,
        'GET',
        `/api/documents/${id}/status-proofs/${'a'.repeat(64)}.ots`,
      );
      expect(unknown.status).toBe(404);
      const malformed = await call(
        platform.baseUrl,
        'GET',
        `/api/documents/${id}/status-proofs/not-a-digest.ots`,
      );
      expect(malformed.status).toBe(400);
    });

    it('owners read their organisation’s trail, filtered and paged', async () => {
      const path = `/api/organisations/${issuer.organisationId}/audit`;
      const first = await call<{
        entries: Array<{ seq: number; action: string; issuerId: string | null; detail: object }>;
        nextBefore: number | null;
        actions: string[];
      }>(platform.baseUrl, 'GET', `${path}?limit=2`, { token: issuer.token });
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.body.entries).toHaveLength(2);
      expect(first.body.entries.every((entry) => entry.issuerId === issuer.organisationId)).toBe(
        true,
      );
      expect(first.body.actions).toContain('document.revoked');
      const next = await call<{ entries: Array<{ seq: number }> }>(
        platform.baseUrl,
        'GET',
        `${path}?limit=2&before=${first.body.nextBefore ?? 0}`,
        { token: issuer.token },
      );
      expect(next.body.entries[0]?.seq).toBeLessThan(first.body.entries[1]?.seq ?? 0);
      const revoked = await call<{ entries: Array<{ action: string }> }>(
        platform.baseUrl,
        'GET',
        `${path}?action=document.revoked`,
        { token: issuer.token },
      );
      expect(revoked.body.entries.length).toBeGreaterThan(0);
      expect(revoked.body.entries.every((entry) => entry.action === 'document.revoked')).toBe(true);
      const bad = await call<{ error: { code: string; details?: { field?: string } } }>(
        platform.baseUrl,
        'GET',
        `${path}?from=yesterday`,
        { token: issuer.token },
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error.details?.field).toBe('from');
    });

    it('help and usage errors', async () => {
      const help = await cli(['audit', '--help'], env);
      expect(help.code).toBe(0);
      expect(help.out).toContain('certa audit verify [--from-anchor]');
      const wrong = await cli(['audit', 'frobnicate'], env);
      expect(wrong.code).toBe(2);
      const shown = await cli(['audit', 'show', '--limit', '3', '--json'], env);
      expect(shown.code, shown.err).toBe(0);
      expect(shown.out.trim().split('\n')).toHaveLength(3);
    });
  });
}
