import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOrganisation } from '../../../src/db/repositories/organisation.repository.js';
import type { OrganisationStatus } from '../../../src/db/tables/organisations.table.js';
import { listIssuersPage } from '../../../src/issuers/list-issuers-page.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { newPlatformAdmin } from './application-helpers.js';
import type { Person } from './application-helpers.js';

/*
 * The platform admins' issuer list, a page at a time (console: Platform admin → Issuers): by
 * status, by a part of the name or legal name whatever its case and accents, in the queue's
 * order, with the total of every match. Organisations are inserted directly; one admin checks
 * the HTTP route's answer and its bounds.
 */

interface Page {
  issuers: Array<{ id: string; name: string; status: string }>;
  page: number;
  pageSize: number;
  total: number;
}

async function newOrganisation(
  platform: TestPlatform,
  name: string,
  status: OrganisationStatus,
  submittedAt: string | null,
  legalName: string | null = null,
): Promise<string> {
  const publicId = randomBytes(16).toString('base64url');
  await insertOrganisation(platform.ctx.db, {
    publicId,
    name,
    legalName,
    status,
    createdAt: '2026-12-01T00:00:00.000Z',
    submittedAt,
    approvedAt: null,
    approvedByUserId: null,
  });
  return publicId;
}

for (const dialect of DIALECTS) {
  describe(`issuer list pages (${dialect})`, () => {
    let platform: TestPlatform;
    let admin: Person;
    const host = { kind: 'host' } as const;

    beforeAll(async () => {
      platform = await startTestPlatform(dialect, {}, { rateLimits: false });
      admin = await newPlatformAdmin(platform);
      // Submitted on days 1..12, in an order the insertion does not follow.
      for (const day of [5, 1, 9, 3, 12, 7, 2, 11, 4, 10, 6, 8]) {
        const date = `2026-11-${String(day).padStart(2, '0')}T09:00:00.000Z`;
        await newOrganisation(platform, `Queue ${String(day).padStart(2, '0')}`, 'submitted', date);
      }
      await newOrganisation(platform, 'Université de Lyon', 'approved', '2026-10-01T00:00:00.000Z');
      await newOrganisation(
        platform,
        'ACME',
        'approved',
        '2026-10-02T00:00:00.000Z',
        'Éditions ÉCOLE',
      );
      await newOrganisation(platform, 'Draft school', 'draft', null);
    });
    afterAll(async () => {
      await platform?.close();
    });

    it('pages the queue oldest submission first and counts every match', async () => {
      const first = await listIssuersPage(platform.ctx, host, { status: 'submitted', pageSize: 5 });
      expect(first.issuers.map((issuer) => issuer.name)).toEqual([
        'Queue 01',
        'Queue 02',
        'Queue 03',
        'Queue 04',
        'Queue 05',
      ]);
      expect([first.page, first.pageSize, first.total]).toEqual([1, 5, 12]);
      const last = await listIssuersPage(platform.ctx, host, {
        status: 'submitted',
        pageSize: 5,
        page: 3,
      });
      expect(last.issuers.map((issuer) => issuer.name)).toEqual(['Queue 11', 'Queue 12']);
      const beyond = await listIssuersPage(platform.ctx, host, { status: 'submitted', page: 9 });
      expect([beyond.issuers, beyond.total]).toEqual([[], 12]);
      const everyone = await listIssuersPage(platform.ctx, host, { pageSize: 100 });
      expect(everyone.total).toBe(15);
      // Never-submitted organisations come last.
      expect(everyone.issuers.at(-1)?.name).toBe('Draft school');
    });

    it('finds a part of the name or legal name whatever its case and accents', async () => {
      const folded = await listIssuersPage(platform.ctx, host, { q: 'UNIVERSITE' });
      expect(folded.issuers.map((issuer) => issuer.name)).toEqual(['Université de Lyon']);
      const legal = await listIssuersPage(platform.ctx, host, { q: 'ecole', status: 'approved' });
      expect(legal.issuers.map((issuer) => issuer.name)).toEqual(['ACME']);
      const none = await listIssuersPage(platform.ctx, host, { q: 'ecole', status: 'submitted' });
      expect([none.issuers, none.total]).toEqual([[], 0]);
    });

    it('answers platform admins over HTTP with bounded pages, and refuses bad bounds', async () => {
      const answer = await call<Page>(
        platform.baseUrl,
        'GET',
        '/api/admin/issuers?status=submitted&q=queue%201&pageSize=2&page=2',
        { token: admin.token },
      );
      expect(answer.status).toBe(200);
      expect(answer.body.issuers.map((issuer) => issuer.name)).toEqual(['Queue 12']);
      expect([answer.body.page, answer.body.pageSize, answer.body.total]).toEqual([2, 2, 3]);
      const defaults = await call<Page>(platform.baseUrl, 'GET', '/api/admin/issuers', {
        token: admin.token,
      });
      expect([defaults.body.page, defaults.body.pageSize, defaults.body.total]).toEqual([
        1, 25, 15,
      ]);
      for (const query of ['pageSize=101', 'page=0', `q=${'x'.repeat(201)}`]) {
        const refused = await call<{ error: { code: string } }>(
          platform.baseUrl,
          'GET',
          `/api/admin/issuers?${query}`,
          { token: admin.token },
        );
        expect(refused.status, query).toBe(400);
        expect(refused.body.error.code).toBe('INVALID_INPUT');
      }
    });
  });
}
