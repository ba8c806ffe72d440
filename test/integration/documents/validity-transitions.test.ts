import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
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

/*
 * Validity transitions (issue 14, DESIGN §2): active → revoked (final, a reason code and text,
 * an effective date), active ⇄ suspended, expired by date; every forbidden transition is a 409
 * whose details name the rule; every transition is audited; verification, the public status and
 * the verify page report each state.
 */

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

interface DocumentView {
  id: string;
  state: string;
  status: string;
  issuedAt: string;
  revokedAt: string | null;
  revocationReason: string | null;
  revocationCode: string | null;
  suspendedAt: string | null;
  suspensionReason: string | null;
  supersededBy: string | null;
  timeline?: Array<{ type: string; at: string; actorType: string | null; reason: string | null }>;
}

interface Report {
  valid: boolean;
  checks: Array<{ id: string; status: string; code: string; message: string }>;
  document: {
    state: string;
    suspendedAt: string | null;
    suspensionReason: string | null;
    revocationCode: string | null;
    supersededBy: string | null;
    validThrough: string | null;
  } | null;
}

const DAY = 86_400_000;

for (const dialect of DIALECTS) {
  describe(`document validity transitions (${dialect})`, () => {
    let platform: TestPlatform;
    let issuer: TestIssuer;

    beforeAll(async () => {
      platform = await startTestPlatform(dialect, {
        // The clock moves by a month; the owner's session must outlive that.
        SESSION_IDLE_MINUTES: String(30 * 24 * 60),
        SESSION_TTL_MINUTES: String(30 * 24 * 60),
      });
      issuer = await newApprovedIssuer(platform, 'Université des Transitions');
    });
    afterAll(async () => platform.close());

    const documentPath = (id: string, action = '') =>
      `/api/organisations/${issuer.organisationId}/documents/${id}${action}`;

    async function post<T>(id: string, action: string, json?: Record<string, unknown>) {
      return call<T>(platform.baseUrl, 'POST', documentPath(id, `/${action}`), {
        token: issuer.token,
        ...(json === undefined ? {} : { json }),
      });
    }

    async function expectRefused(
      id: string,
      action: string,
      transition: string,
      json?: Record<string, unknown>,
    ) {
      const response = await post<ErrorBody>(id, action, json);
      expect(response.status, JSON.stringify(response.body)).toBe(409);
      expect(response.body.error.code).toBe('CONFLICT');
      expect(response.body.error.details?.transition).toBe(transition);
    }

    async function detail(id: string): Promise<DocumentView> {
      const response = await call<DocumentView>(platform.baseUrl, 'GET', documentPath(id), {
        token: issuer.token,
      });
      expect(response.status).toBe(200);
      return response.body;
    }

    async function verify(sha256: string): Promise<Report> {
      const response = await call<Report>(platform.baseUrl, 'POST', '/api/verify', {
        json: { sha256 },
      });
      expect(response.status).toBe(200);
      return response.body;
    }

    const validity = (report: Report) => report.checks.find((check) => check.id === 'validity');

    /** `certa verify <pdf> --url <platform> --json`: its validity check and exit code. */
    async function cliValidity(pdf: Buffer): Promise<{ code: string | undefined; exit: number }> {
      const file = path.join(os.tmpdir(), `certa-cli-${Date.now()}-${Math.random()}.pdf`);
      fs.writeFileSync(file, pdf);
      try {
        const out: string[] = [];
        const exit = await runCli(['verify', file, '--url', platform.baseUrl, '--json'], {
          env: {},
          stdin: Readable.from([]),
          out: (text) => out.push(text),
          err: () => undefined,
        });
        const result = JSON.parse(out.join('')) as { checks: Array<{ id: string; code: string }> };
        return { code: result.checks.find((check) => check.id === 'validity')?.code, exit };
      } finally {
        fs.rmSync(file, { force: true });
      }
    }

    async function activeDocument(request: { expiresAt?: string } = {}) {
      const id = await issueOne(platform, issuer, request);
      const { sha256, pdf } = await activate(platform, await activationLinkFor(platform, id));
      return { id, sha256, pdf };
    }

    /** The dashboard's counts of the test issuer's documents. */
    async function dashboardCounts(): Promise<Record<string, number>> {
      const response = await call<{ counts: Record<string, number> }>(
        platform.baseUrl,
        'GET',
        `/api/organisations/${issuer.organisationId}/dashboard`,
        { token: issuer.token },
      );
      expect(response.status).toBe(200);
      return response.body.counts;
    }

    it('active → suspended → active: reported as suspended with since and reason, audited both ways', async () => {
      const { id, sha256, pdf } = await activeDocument();
      const before = await dashboardCounts();
      const suspended = await post<DocumentView>(id, 'suspend', { reason: 'Inquiry 2026-17' });
      expect(suspended.status, JSON.stringify(suspended.body)).toBe(200);
      expect(suspended.body).toMatchObject({
        state: 'suspended',
        suspensionReason: 'Inquiry 2026-17',
      });

      const report = await verify(sha256);
      expect(report.valid).toBe(false);
      expect(validity(report)).toMatchObject({ status: 'failed', code: 'suspended' });
      expect(validity(report)?.message).toContain('Inquiry 2026-17');
      expect(report.document).toMatchObject({
        state: 'suspended',
        suspensionReason: 'Inquiry 2026-17',
      });
      expect(Date.parse(report.document?.suspendedAt ?? '')).toBeLessThanOrEqual(
        platform.clock.now().getTime(),
      );
      const status = await call<{ state: string }>(
        platform.baseUrl,
        'GET',
        `/api/documents/${id}/status`,
      );
      expect(status.body.state).toBe('suspended');
      const page = await call(platform.baseUrl, 'GET', `/verify/${id}?lang=fr`);
      expect(page.raw.toString()).toContain('Suspendu');
      expect(page.raw.toString()).toContain('Inquiry 2026-17');

      expect(await cliValidity(pdf)).toEqual({ code: 'suspended', exit: 1 });
      await expectRefused(id, 'suspend', 'already_suspended', { reason: 'again' });
      // The dashboard counts it as suspended, no longer as active.
      const during = await dashboardCounts();
      expect(during.suspended).toBe((before.suspended ?? 0) + 1);
      expect(during.active).toBe((before.active ?? 0) - 1);

      const reinstated = await post<DocumentView>(id, 'reinstate');
      expect(reinstated.status).toBe(200);
      expect(reinstated.body).toMatchObject({ state: 'active', suspendedAt: null });
      expect(validity(await verify(sha256))).toMatchObject({ status: 'passed', code: 'active' });
      expect(await cliValidity(pdf)).toEqual({ code: 'active', exit: 0 });
      await expectRefused(id, 'reinstate', 'not_suspended');

      const timeline = (await detail(id)).timeline ?? [];
      expect(timeline.map((event) => event.type)).toEqual([
        'issued',
        'emailed',
        'activated',
        'suspended',
        'reinstated',
      ]);
      // The reason text lives on the row while the suspension lasts, never in the audit trail.
      expect(timeline.find((event) => event.type === 'suspended')).toMatchObject({
        actorType: 'user',
        reason: null,
      });
    });

    it('active → revoked with a reason code and an earlier effective date; revocation is final', async () => {
      const { id, sha256, pdf } = await activeDocument();
      // Dated back to the moment of issuance, the earliest allowed.
      const effectiveAt = (await detail(id)).issuedAt;
      const revoked = await post<DocumentView>(id, 'revoke', {
        reason: 'Replaced by a corrected diploma',
        code: 'superseded',
        effectiveAt,
      });
      expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
      expect(revoked.body).toMatchObject({
        state: 'revoked',
        revokedAt: effectiveAt,
        revocationCode: 'superseded',
      });
      const report = await verify(sha256);
      expect(validity(report)).toMatchObject({ status: 'failed', code: 'revoked' });
      expect(report.document?.revocationCode).toBe('superseded');
      expect(await cliValidity(pdf)).toEqual({ code: 'revoked', exit: 1 });

      await expectRefused(id, 'revoke', 'revoked_is_final', { reason: 'twice' });
      await expectRefused(id, 'suspend', 'revoked_is_final', { reason: 'after' });
      await expectRefused(id, 'reinstate', 'not_suspended');
      expect((await detail(id)).timeline?.filter((event) => event.type === 'revoked')).toHaveLength(
        1,
      );
    });

    it('a correction supersedes the old document: it verifies as superseded and names the new one', async () => {
      const { id, sha256, pdf } = await activeDocument();
      const corrected = await post<{ document: { id: string }; superseded: DocumentView }>(
        id,
        'supersede',
        {
          title: 'Master of Science in Physics (corrected)',
          recipient: { name: 'Recipient Corrected', email: 'corrected@example.org' },
          fields: [{ label: 'Grade', value: 'Magna cum laude' }],
        },
      );
      expect(corrected.status, JSON.stringify(corrected.body)).toBe(201);
      const newId = corrected.body.document.id;
      expect(corrected.body.superseded).toMatchObject({
        state: 'revoked',
        revocationCode: 'superseded',
        supersededBy: newId,
      });
      // The holder gets the corrected one by e-mail, as for any issuance.
      const link = await activationLinkFor(platform, newId);
      expect(link.to).toContain('corrected@example.org');

      const report = await verify(sha256);
      expect(validity(report)).toMatchObject({ status: 'failed', code: 'superseded' });
      expect(validity(report)?.message).toContain(`/verify/${newId}`);
      expect(report.document).toMatchObject({ supersededBy: newId });
      expect(await cliValidity(pdf)).toEqual({ code: 'superseded', exit: 1 });
      const page = await call(platform.baseUrl, 'GET', `/verify/${id}?lang=en`);
      expect(page.raw.toString()).toContain('Revoked');
      const status = await call<{ supersededBy: string | null }>(
        platform.baseUrl,
        'GET',
        `/api/documents/${id}/status`,
      );
      expect(status.body.supersededBy).toBe(newId);
      await expectRefused(id, 'supersede', 'revoked_is_final', {
        title: 'Again',
        recipient: { name: 'X', email: 'x@example.org' },
      });
    });

    it('bulk revocation by ids revokes each, lists the already revoked and unknown apart, and audits each', async () => {
      const first = await activeDocument();
      const second = await activeDocument();
      const pending = await issueOne(platform, issuer);
      expect((await post(second.id, 'suspend', { reason: 'Inquiry' })).status).toBe(200);
      const done = await call<{ revoked: string[]; alreadyRevoked: string[]; notFound: string[] }>(
        platform.baseUrl,
        'POST',
        `/api/organisations/${issuer.organisationId}/documents/revoke`,
        {
          token: issuer.token,
          json: {
            documentIds: [first.id, second.id, pending, 'AAAAAAAAAAAAAAAAAAAAAA'],
            reason: 'Programme withdrawn',
            code: 'withdrawn',
          },
        },
      );
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      expect(done.body.revoked.sort()).toEqual([first.id, second.id, pending].sort());
      expect(done.body.notFound).toEqual(['AAAAAAAAAAAAAAAAAAAAAA']);
      for (const id of [first.id, second.id, pending]) {
        const view = await detail(id);
        expect(view).toMatchObject({ state: 'revoked', revocationCode: 'withdrawn' });
        expect(view.timeline?.filter((event) => event.type === 'revoked')).toHaveLength(1);
      }
      const again = await call<{ revoked: string[]; alreadyRevoked: string[] }>(
        platform.baseUrl,
        'POST',
        `/api/organisations/${issuer.organisationId}/documents/revoke`,
        { token: issuer.token, json: { documentIds: [first.id], reason: 'Twice' } },
      );
      expect(again.body).toMatchObject({ revoked: [], alreadyRevoked: [first.id] });
    });

    it('a suspended document can still be revoked', async () => {
      const { id } = await activeDocument();
      expect((await post(id, 'suspend', { reason: 'Inquiry' })).status).toBe(200);
      const revoked = await post<DocumentView>(id, 'revoke', {
        reason: 'Inquiry concluded',
        code: 'withdrawn',
      });
      expect(revoked.status).toBe(200);
      expect(revoked.body.state).toBe('revoked');
      await expectRefused(id, 'reinstate', 'not_suspended');
    });

    it('a revoked pending document cannot be activated, and a pending one cannot be suspended', async () => {
      const id = await issueOne(platform, issuer);
      await expectRefused(id, 'suspend', 'pending_cannot_be_suspended', { reason: 'too early' });
      expect(
        (await post(id, 'revoke', { reason: 'Issued in error', code: 'issued_in_error' })).status,
      ).toBe(200);
      const link = await activationLinkFor(platform, id);
      const info = await call<{ terms: { version: number }; state: string }>(
        platform.baseUrl,
        'GET',
        `/api/activations/${id}`,
      );
      expect(info.body.state).toBe('revoked');
      const activation = await call<ErrorBody>(platform.baseUrl, 'POST', `/api/activations/${id}`, {
        json: { secret: link.secret, acceptTerms: true, termsVersion: info.body.terms.version },
      });
      expect(activation.status).toBe(409);
      expect(activation.body.error.code).toBe('CONFLICT');
    });

    it('refuses a revocation dated in the future or before issuance, and an unknown reason code', async () => {
      const { id } = await activeDocument();
      for (const body of [
        { reason: 'x', effectiveAt: new Date(platform.clock.now().getTime() + DAY).toISOString() },
        { reason: 'x', effectiveAt: '2000-01-01T00:00:00Z' },
        { reason: 'x', effectiveAt: 'yesterday' },
        { reason: 'x', code: 'because' },
      ]) {
        const response = await post<ErrorBody>(id, 'revoke', body);
        expect(response.status, JSON.stringify(body)).toBe(400);
      }
      expect((await detail(id)).state).toBe('active');
    });

    it('expires by date: shown with the last valid day the issuer typed; an expired document cannot be suspended', async () => {
      const today = platform.clock.now();
      const lastDay = new Date(today.getTime() + 2 * DAY).toISOString().slice(0, 10);
      const { id, sha256, pdf } = await activeDocument({ expiresAt: lastDay });
      const file = path.join(os.tmpdir(), `certa-expiry-${id}.pdf`);
      fs.writeFileSync(file, pdf);
      try {
        const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
        // The PDF prints the dates apart from their labels: the typed day, never the day after.
        const dayAfter = new Date(Date.parse(lastDay) + DAY).toISOString().slice(0, 10);
        expect(text).toContain('Valid until');
        expect(text).toContain(lastDay);
        expect(text).not.toContain(dayAfter);
      } finally {
        fs.rmSync(file);
      }
      const active = await verify(sha256);
      expect(active.document?.validThrough).toBe(lastDay);
      expect(validity(active)?.message).toBe(`Active until ${lastDay}.`);
      const page = await call(platform.baseUrl, 'GET', `/verify/${id}?lang=en`);
      const [year, month, day] = lastDay.split('-').map(Number);
      const written = new Intl.DateTimeFormat('en-GB', {
        dateStyle: 'long',
        timeZone: 'UTC',
      }).format(new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day)));
      expect(page.raw.toString()).toContain(
        `Valid until</dt><dd><time datetime="${lastDay}T00:00:00.000Z">${written}</time>`,
      );

      platform.clock.advance(3 * DAY);
      const expired = await verify(sha256);
      expect(validity(expired)).toMatchObject({
        status: 'failed',
        code: 'expired',
        message: `Expired: it was valid until ${lastDay}.`,
      });
      expect(await cliValidity(pdf)).toEqual({ code: 'expired', exit: 1 });
      const expiredPage = await call(platform.baseUrl, 'GET', `/verify/${id}?lang=fr`);
      expect(expiredPage.raw.toString()).toContain('Expiré');
      await expectRefused(id, 'suspend', 'expired_cannot_be_suspended', { reason: 'late' });
    });
  });
}
