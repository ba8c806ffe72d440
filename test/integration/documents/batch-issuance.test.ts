import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activate,
  activationLinkFor,
  newApprovedIssuer,
  readOutbox,
  type TestIssuer,
} from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/test-platform.js';

interface Issued {
  id: string;
  status: string;
  title: string;
  commitment: string;
  delivery: { state: string; error: string | null };
}
interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

function entry(index: number, overrides: Record<string, unknown> = {}) {
  return {
    title: `Certificate of Completion ${index}`,
    recipient: { name: `Batch Recipient ${index}`, email: `batch${index}@example.org` },
    fields: [{ label: 'Cohort', value: String(2026 + (index % 3)) }],
    ...overrides,
  };
}

async function countRows(platform: TestPlatform): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['documents', 'anchor_digests', 'audit_events']) {
    const result = await sql<{
      n: number | string;
    }>`select count(*) as n from ${sql.table(table)}`.execute(platform.ctx.db);
    counts[table] = Number(result.rows[0]?.n);
  }
  return counts;
}

for (const dialect of DIALECTS) {
  describe(`issuing many documents in one call (${dialect})`, () => {
    let platform: TestPlatform;
    let issuer: TestIssuer;

    const issueBatch = (documents: unknown[]) =>
      call<{ documents: Issued[] } & ErrorBody>(
        platform.baseUrl,
        'POST',
        `/api/organisations/${issuer.organisationId}/documents/batch`,
        { token: issuer.token, json: { documents } },
      );

    beforeAll(async () => {
      platform = await startTestPlatform(dialect);
      issuer = await newApprovedIssuer(platform, 'Batch University');
    });
    afterAll(async () => platform.close());

    it('issues every entry, each with its own e-mail, commitment and audit event', async () => {
      const before = await countRows(platform);
      const response = await issueBatch(Array.from({ length: 25 }, (_, index) => entry(index)));
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      const issued = response.body.documents;
      expect(issued).toHaveLength(25);
      expect(new Set(issued.map((document) => document.id)).size).toBe(25);
      expect(issued.map((document) => document.title)).toEqual(
        Array.from({ length: 25 }, (_, index) => `Certificate of Completion ${index}`),
      );
      // Stored, then handed over (here to the outbox): each entry says how its own went.
      expect(issued.map((document) => document.delivery)).toEqual(
        Array.from({ length: 25 }, () => ({ state: 'sent', error: null })),
      );
      const after = await countRows(platform);
      expect(after.documents).toBe((before.documents ?? 0) + 25);
      expect(after.anchor_digests).toBe((before.anchor_digests ?? 0) + 25);
      expect(after.audit_events).toBe((before.audit_events ?? 0) + 25);

      // Each recipient got the link to their own document, and it works.
      const links = await readOutbox(platform);
      for (const [index, document] of issued.entries()) {
        const link = links.find((candidate) => candidate.documentId === document.id);
        expect(link?.to).toContain(`batch${index}@example.org`);
      }
      const last = issued[24];
      if (last === undefined) throw new Error('no document');
      const { sha256 } = await activate(platform, await activationLinkFor(platform, last.id));
      const report = await call<{ valid: boolean }>(platform.baseUrl, 'POST', '/api/verify', {
        json: { sha256 },
      });
      expect(report.body.valid).toBe(true);
    });

    it('one bad entry refuses the whole batch, names the entry, and stores nothing', async () => {
      const before = await countRows(platform);
      const mailsBefore = (await readOutbox(platform)).length;
      const documents = Array.from({ length: 5 }, (_, index) => entry(100 + index));
      documents[3] = entry(103, { recipient: { name: 'No Mail', email: 'not-an-address' } });
      const response = await issueBatch(documents);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('INVALID_INPUT');
      expect(response.body.error.message).toMatch(/^documents\[3\]\.recipient\.email /u);
      expect(await countRows(platform)).toEqual(before);
      expect((await readOutbox(platform)).length).toBe(mailsBefore);
    });

    it('an unknown template in one entry names that entry', async () => {
      const before = await countRows(platform);
      const documents = Array.from({ length: 3 }, (_, index) => entry(200 + index));
      documents[2] = entry(202, { template: 'AAAAAAAAAAAAAAAAAAAAAA' });
      const response = await issueBatch(documents);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(/^documents\[2\]\.template must be /u);
      expect(await countRows(platform)).toEqual(before);
    });

    it('an empty batch or one over the limit is a 400 with a clear message', async () => {
      const empty = await issueBatch([]);
      expect(empty.status).toBe(400);
      expect(empty.body.error.message).toMatch(/documents/u);
      const tooMany = await issueBatch(Array.from({ length: 1001 }, (_, index) => entry(index)));
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.error.message).toMatch(/documents/u);
    });

    it('an anonymous caller is refused', async () => {
      const response = await call<ErrorBody>(
        platform.baseUrl,
        'POST',
        `/api/organisations/${issuer.organisationId}/documents/batch`,
        { json: { documents: [entry(1)] } },
      );
      expect(response.status).toBe(401);
    });
  });
}
