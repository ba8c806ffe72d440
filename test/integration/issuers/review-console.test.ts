import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSubmittedIssuer } from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { startSmtpSink } from '../../helpers/smtp-sink.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { newPlatformAdmin, waitForMails } from './application-helpers.js';
import type { Person } from './application-helpers.js';

/*
 * What the review console relies on: the domain proof shown first, approval refused without a
 * verified domain unless it is waived with a reason, the public profile saying precisely what
 * was verified, the approval e-mail linking to it, the audit trail and the queue.
 */

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

interface DomainVerification {
  verified: boolean;
  domain: string | null;
  verifiedAt: string | null;
  method: string | null;
  lastCheckedAt: string | null;
  lastCheckVerified: boolean | null;
  reason: string | null;
}

interface Review {
  domainVerification: DomainVerification;
  domainProofWaiver: string | null;
  domainProof: { verified: boolean; method: string | null };
}

interface AuditPage {
  events: Array<{
    type: string;
    at: string;
    actor: { type: string; id: string | null };
    objectIds: { issuerId: string; targetId: string | null };
    detail: Record<string, unknown>;
  }>;
  page: number;
  pageSize: number;
  total: number;
  nextPage: number | null;
}

const WAIVER = 'Public body without its own domain; charter checked by phone.';

for (const dialect of DIALECTS) {
  describe(`review console: domain proof, waivers, audit trail, queue (${dialect})`, () => {
    let platform: TestPlatform;
    let sink: SmtpSink;
    let admin: Person;

    beforeAll(async () => {
      sink = await startSmtpSink();
      platform = await startTestPlatform(dialect, { SMTP_URL: sink.url }, { rateLimits: false });
      admin = await newPlatformAdmin(platform);
    });
    afterAll(async () => {
      await platform.close();
      await sink.close();
    });

    const asAdmin = <T>(method: string, path: string, json?: unknown) =>
      call<T>(platform.baseUrl, method, path, {
        token: admin.token,
        ...(json === undefined ? {} : { json }),
      });

    it('the review shows the domain proof first: not verified, never checked, why', async () => {
      const issuer = await newSubmittedIssuer(platform, 'Never Checked Institute');
      const review = await asAdmin<Review>('GET', `/api/admin/issuers/${issuer.organisationId}`);
      expect(review.status, JSON.stringify(review.body)).toBe(200);
      expect(review.body.domainVerification).toEqual({
        verified: false,
        domain: 'www.example.org',
        verifiedAt: null,
        method: null,
        lastCheckedAt: null,
        lastCheckVerified: null,
        reason: 'The domain has never been checked.',
      });
      expect(review.body.domainProofWaiver).toBeNull();
      expect(review.body.domainProof).toMatchObject({ verified: false, method: null });
    });

    it('a verified domain shows its method and check time, and approval needs nothing more', async () => {
      const issuer = await newSubmittedIssuer(platform, 'Proved Domain Institute');
      const checkedAt = '2026-11-30T10:00:00.000Z';
      await platform.ctx.db
        .updateTable('organisations')
        .set({
          domainVerifiedAt: checkedAt,
          domainCheck: JSON.stringify({
            domain: 'www.example.org',
            verified: true,
            checkedAt,
            results: [
              { method: 'dns', verified: false, detail: 'No TXT record.' },
              { method: 'http', verified: true, detail: 'The file holds the token.' },
            ],
          }),
        })
        .where('publicId', '=', issuer.organisationId)
        .execute();
      const review = await asAdmin<Review>('GET', `/api/admin/issuers/${issuer.organisationId}`);
      expect(review.body.domainVerification).toEqual({
        verified: true,
        domain: 'www.example.org',
        verifiedAt: checkedAt,
        method: 'http',
        lastCheckedAt: checkedAt,
        lastCheckVerified: true,
        reason: null,
      });
      const approved = await asAdmin<{ status: string; domainProofWaiver: string | null }>(
        'POST',
        `/api/admin/issuers/${issuer.organisationId}/approve`,
      );
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      expect(approved.body).toMatchObject({ status: 'approved', domainProofWaiver: null });

      const profile = await call<Record<string, unknown>>(
        platform.baseUrl,
        'GET',
        `/api/issuers/${issuer.organisationId}`,
      );
      expect(profile.body).toMatchObject({
        domain: 'www.example.org',
        domainVerified: true,
        domainVerifiedAt: checkedAt,
      });
      expect(typeof profile.body.identityReviewedAt).toBe('string');
    });

    describe('approving without a domain proof', () => {
      let issuer: TestIssuer;
      beforeAll(async () => {
        issuer = await newSubmittedIssuer(platform, 'Waived Domain Institute');
      });

      it('is refused with DOMAIN_NOT_VERIFIED (409), and nothing changes', async () => {
        const refused = await asAdmin<ErrorBody>(
          'POST',
          `/api/admin/issuers/${issuer.organisationId}/approve`,
        );
        expect(refused.status).toBe(409);
        expect(refused.body.error.code).toBe('DOMAIN_NOT_VERIFIED');
        expect(refused.body.error.message).toMatch(/approveWithoutDomainProof/);
        const explicitNo = await asAdmin<ErrorBody>(
          'POST',
          `/api/admin/issuers/${issuer.organisationId}/approve`,
          { approveWithoutDomainProof: false, reason: WAIVER },
        );
        expect(explicitNo.body.error.code).toBe('DOMAIN_NOT_VERIFIED');
        const row = await platform.ctx.db
          .selectFrom('organisations')
          .select(['status', 'domainProofWaiver'])
          .where('publicId', '=', issuer.organisationId)
          .executeTakeFirstOrThrow();
        expect(row).toEqual({ status: 'submitted', domainProofWaiver: null });
      });

      it('needs a written reason of at least 10 characters', async () => {
        for (const body of [
          { approveWithoutDomainProof: true },
          { approveWithoutDomainProof: true, reason: '   ' },
          { approveWithoutDomainProof: true, reason: 'too short' },
        ]) {
          const refused = await asAdmin<ErrorBody>(
            'POST',
            `/api/admin/issuers/${issuer.organisationId}/approve`,
            body,
          );
          expect(refused.status, JSON.stringify(body)).toBe(400);
          expect(refused.body.error).toMatchObject({
            code: 'INVALID_INPUT',
            details: { field: 'reason' },
          });
        }
      });

      it('with the waiver: approved, the reason kept on the issuer and in the audit event', async () => {
        const approved = await asAdmin<{
          status: string;
          domainVerified: boolean;
          domainProofWaiver: string | null;
        }>('POST', `/api/admin/issuers/${issuer.organisationId}/approve`, {
          approveWithoutDomainProof: true,
          reason: WAIVER,
        });
        expect(approved.status, JSON.stringify(approved.body)).toBe(200);
        expect(approved.body).toMatchObject({
          status: 'approved',
          domainVerified: false,
          domainProofWaiver: WAIVER,
        });
        const review = await asAdmin<
          Review & { audit: Array<{ action: string; detail: unknown }> }
        >('GET', `/api/admin/issuers/${issuer.organisationId}`);
        expect(review.body.domainProofWaiver).toBe(WAIVER);
        const approval = review.body.audit.find(
          (event) => event.action === 'organisation.approved',
        );
        expect(approval?.detail).toMatchObject({
          domainVerified: false,
          domainProofWaived: true,
          domainProofWaiver: WAIVER,
        });
      });

      it('the approval e-mail links to the public profile under PUBLIC_URL', async () => {
        const [mail] = await waitForMails(sink, issuer.email, 1);
        const approval = sink.messages.find(
          (message) =>
            message.to.includes(issuer.email) &&
            /Waived Domain Institute is now/.test(message.subject),
        );
        expect(mail).toBeDefined();
        expect(approval?.text).toContain(
          `${platform.ctx.publicUrl}/issuers/${issuer.organisationId}`,
        );
        expect(approval?.text).not.toContain(WAIVER);
      });

      it('the public profile says what was verified: identity reviewed, domain not verified', async () => {
        const profile = await call<Record<string, unknown>>(
          platform.baseUrl,
          'GET',
          `/api/issuers/${issuer.organisationId}`,
        );
        expect(profile.body).toMatchObject({
          status: 'approved',
          domain: null,
          domainVerified: false,
          domainVerifiedAt: null,
        });
        expect(typeof profile.body.identityReviewedAt).toBe('string');
        expect(JSON.stringify(profile.body)).not.toContain(WAIVER);

        const english = await (
          await fetch(`${platform.baseUrl}/issuers/${issuer.organisationId}?lang=en`)
        ).text();
        expect(english).toContain('Identity reviewed by the platform on');
        expect(english).toContain('Domain not verified');
        expect(english).not.toContain('Verified issuer');
        expect(english).not.toContain(WAIVER);
        const french = await (
          await fetch(`${platform.baseUrl}/issuers/${issuer.organisationId}?lang=fr`)
        ).text();
        expect(french).toContain('Identité examinée par la plateforme le');
        expect(french).toContain('Domaine non vérifié');
        expect(french).not.toContain('Émetteur vérifié');
      });

      it('the audit trail lists its events newest first, paginated, with ids and no personal data', async () => {
        const first = await asAdmin<AuditPage>(
          'GET',
          `/api/admin/issuers/${issuer.organisationId}/audit?pageSize=2`,
        );
        expect(first.status, JSON.stringify(first.body)).toBe(200);
        expect(first.body).toMatchObject({ page: 1, pageSize: 2, nextPage: 2 });
        expect(first.body.total).toBeGreaterThan(2);
        expect(first.body.events).toHaveLength(2);
        const newest = first.body.events[0]!;
        expect(Number.isNaN(Date.parse(newest.at))).toBe(false);
        expect({ ...newest, at: null }).toEqual({
          type: 'organisation.approved',
          at: null,
          actor: { type: 'user', id: admin.userId },
          objectIds: { issuerId: issuer.organisationId, targetId: issuer.organisationId },
          detail: {
            from: 'submitted',
            to: 'approved',
            via: 'http',
            domainVerified: false,
            domainProofWaived: true,
          },
        });
        const all = await asAdmin<AuditPage>(
          'GET',
          `/api/admin/issuers/${issuer.organisationId}/audit?pageSize=200`,
        );
        expect(all.body.nextPage).toBeNull();
        expect(all.body.events).toHaveLength(all.body.total);
        const times = all.body.events.map((event) => event.at);
        expect([...times].sort().reverse()).toEqual(times);
        expect(all.body.events.map((event) => event.type)).toContain('organisation.created');
        const raw = JSON.stringify(all.body);
        expect(raw).not.toContain('@');
        expect(raw).not.toContain(WAIVER);
        expect(raw).not.toContain('Waived Domain Institute');

        const second = await asAdmin<AuditPage>(
          'GET',
          `/api/admin/issuers/${issuer.organisationId}/audit?pageSize=2&page=2`,
        );
        expect(second.body.events).toEqual(all.body.events.slice(2, 4));

        const bad = await asAdmin<ErrorBody>(
          'GET',
          `/api/admin/issuers/${issuer.organisationId}/audit?pageSize=500`,
        );
        expect(bad.status).toBe(400);
        const unknown = await asAdmin<ErrorBody>(
          'GET',
          '/api/admin/issuers/AAAAAAAAAAAAAAAAAAAAAA/audit',
        );
        expect(unknown.status).toBe(404);
      });
    });

    it('the issuer list filters by any status; the queue is oldest submission first with its time', async () => {
      const older = await newSubmittedIssuer(platform, 'Queue Older');
      const newer = await newSubmittedIssuer(platform, 'Queue Newer');
      type IssuersPage<T> = { issuers: T[]; total: number };
      const queue = await asAdmin<IssuersPage<{ id: string; status: string; submittedAt: string }>>(
        'GET',
        '/api/admin/issuers?status=submitted&pageSize=100',
      );
      expect(queue.status).toBe(200);
      expect(queue.body.issuers.every((entry) => entry.status === 'submitted')).toBe(true);
      const ids = queue.body.issuers.map((entry) => entry.id);
      expect(ids.indexOf(older.organisationId)).toBeLessThan(ids.indexOf(newer.organisationId));
      const submittedAts = queue.body.issuers.map((entry) => entry.submittedAt);
      expect([...submittedAts].sort()).toEqual(submittedAts);

      const approved = await asAdmin<IssuersPage<{ status: string }>>(
        'GET',
        '/api/admin/issuers?status=approved',
      );
      expect(approved.body.issuers.length).toBeGreaterThan(0);
      expect(approved.body.issuers.every((entry) => entry.status === 'approved')).toBe(true);
      const everyone = await asAdmin<IssuersPage<{ status: string }>>(
        'GET',
        '/api/admin/issuers?pageSize=100',
      );
      expect(new Set(everyone.body.issuers.map((entry) => entry.status))).toEqual(
        new Set(['submitted', 'approved']),
      );
      const bogus = await asAdmin<ErrorBody>('GET', '/api/admin/issuers?status=bogus');
      expect(bogus.status).toBe(400);
    });
  });
}
