import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  activate,
  activationLinkFor,
  issueOne,
  newApprovedIssuer,
  newSubmittedIssuer,
} from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

interface Report {
  valid: boolean;
  document: { id: string; state: string } | null;
  issuer: { name: string; verified: boolean } | null;
  checks: Array<{ id: string; status: string; code: string; message: string }>;
}

function checkOf(report: Report, id: string) {
  return report.checks.find((check) => check.id === id);
}

for (const dialect of DIALECTS) {
  describe(`issue → activate → verify over HTTP (${dialect})`, () => {
    let platform: TestPlatform;
    let issuer: TestIssuer;

    beforeAll(async () => {
      platform = await startTestPlatform(dialect);
      issuer = await newApprovedIssuer(platform, 'Université Libre de Démonstration');
    });
    afterEach(() => platform.clock.reset());
    afterAll(async () => platform.close());

    it('a document issued, activated from the e-mailed link and downloaded verifies as valid', async () => {
      const documentId = await issueOne(platform, issuer, {
        recipient: { name: 'Zoë Ångström-Ñúñez', email: 'zoe@example.org' },
      });
      const link = await activationLinkFor(platform, documentId);
      expect(link.to).toContain('zoe@example.org');
      const { pdf, sha256 } = await activate(platform, link);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const file = path.join(
        fs.mkdtempSync(path.join(os.tmpdir(), 'certa-e2e-')),
        `${documentId}.pdf`,
      );
      fs.writeFileSync(file, pdf);
      expect(spawnSync('qpdf', ['--check', file]).status, 'qpdf --check').toBe(0);
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).normalize('NFC');
      expect(text).toContain('Zoë Ångström-Ñúñez');
      expect(text).toContain('Université Libre de Démonstration');
      expect(text).toContain(documentId);

      const byFile = await call<Report>(platform.baseUrl, 'POST', '/api/verify', {
        body: pdf,
        contentType: 'application/pdf',
      });
      expect(byFile.status).toBe(200);
      expect(byFile.body.valid).toBe(true);
      expect(byFile.body.document?.id).toBe(documentId);
      expect(byFile.body.issuer).toMatchObject({
        name: 'Université Libre de Démonstration',
        verified: true,
      });
      expect(checkOf(byFile.body, 'integrity')?.status).toBe('passed');
      expect(checkOf(byFile.body, 'validity')?.code).toBe('active');
      expect(checkOf(byFile.body, 'time')).toMatchObject({
        status: 'pending',
        code: 'not_anchored_yet',
      });

      const byDigest = await call<Report>(platform.baseUrl, 'POST', '/api/verify', {
        json: { sha256 },
      });
      expect(byDigest.body.valid).toBe(true);

      const form = new FormData();
      form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'document.pdf');
      const multipart = await fetch(`${platform.baseUrl}/api/verify`, {
        method: 'POST',
        body: form,
      });
      expect(((await multipart.json()) as Report).valid).toBe(true);
    });

    it('one flipped byte makes the PDF "not issued by this platform"', async () => {
      const documentId = await issueOne(platform, issuer);
      const { pdf } = await activate(platform, await activationLinkFor(platform, documentId));
      const changed = Buffer.from(pdf);
      const index = Math.floor(changed.length / 2);
      changed[index] = (changed[index] ?? 0) ^ 0x01;
      const report = await call<Report>(platform.baseUrl, 'POST', '/api/verify', {
        body: changed,
        contentType: 'application/pdf',
      });
      expect(report.status).toBe(200);
      expect(report.body.valid).toBe(false);
      expect(checkOf(report.body, 'integrity')).toMatchObject({
        status: 'failed',
        code: 'not_issued_here',
      });
      expect(report.body.document).toBeNull();
    });

    it('a revoked document is reported revoked, with the reason', async () => {
      const documentId = await issueOne(platform, issuer);
      const { pdf } = await activate(platform, await activationLinkFor(platform, documentId));
      const revoked = await call(
        platform.baseUrl,
        'POST',
        `/api/organisations/${issuer.organisationId}/documents/${documentId}/revoke`,
        {
          token: issuer.token,
          json: { reason: 'Issued in error' },
        },
      );
      expect(revoked.status).toBe(200);
      const report = await call<Report>(platform.baseUrl, 'POST', '/api/verify', {
        body: pdf,
        contentType: 'application/pdf',
      });
      expect(report.body.valid).toBe(false);
      expect(report.body.document?.state).toBe('revoked');
      expect(checkOf(report.body, 'validity')).toMatchObject({ status: 'failed', code: 'revoked' });
      expect(checkOf(report.body, 'validity')?.message).toContain('Issued in error');
      const again = await call(
        platform.baseUrl,
        'POST',
        `/api/organisations/${issuer.organisationId}/documents/${documentId}/revoke`,
        {
          token: issuer.token,
          json: { reason: 'twice' },
        },
      );
      expect(again.status).toBe(409);
    });

    it('a document past its expiry date is reported expired', async () => {
      const tomorrow = new Date(platform.clock.now().getTime() + 86_400_000)
        .toISOString()
        .slice(0, 10);
      const documentId = await issueOne(platform, issuer, { expiresAt: tomorrow });
      const { sha256 } = await activate(platform, await activationLinkFor(platform, documentId));
      const before = await call<Report>(platform.baseUrl, 'POST', '/api/verify', {
        json: { sha256 },
      });
      expect(before.body.valid).toBe(true);
      platform.clock.advance(3 * 86_400_000);
      const after = await call<Report>(platform.baseUrl, 'POST', '/api/verify', {
        json: { sha256 },
      });
      expect(after.body.valid).toBe(false);
      expect(after.body.document?.state).toBe('expired');
      expect(checkOf(after.body, 'validity')).toMatchObject({ status: 'failed', code: 'expired' });
    });

    it('activating twice returns the same PDF', async () => {
      const documentId = await issueOne(platform, issuer);
      const link = await activationLinkFor(platform, documentId);
      const first = await activate(platform, link);
      const second = await activate(platform, link);
      expect(second.sha256).toBe(first.sha256);
      expect(second.pdf.equals(first.pdf)).toBe(true);
    });

    it('a wrong secret gets a 403 that says nothing more, and repeated tries are locked out', async () => {
      const documentId = await issueOne(platform, issuer);
      const link = await activationLinkFor(platform, documentId);
      const wrong = link.secret.startsWith('A')
        ? `B${link.secret.slice(1)}`
        : `A${link.secret.slice(1)}`;
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 6; attempt += 1) {
        const response = await call<{ error: { message: string } }>(
          platform.baseUrl,
          'POST',
          `/api/activations/${documentId}`,
          {
            json: { secret: wrong, acceptTerms: true, termsVersion: 1 },
          },
        );
        statuses.push(response.status);
        if (response.status === 403)
          expect(response.body.error.message).toBe('This activation link is not valid.');
      }
      expect(statuses.slice(0, 5)).toEqual([403, 403, 403, 403, 403]);
      expect(statuses[5]).toBe(429);
      const locked = await call(platform.baseUrl, 'POST', `/api/activations/${documentId}`, {
        json: { secret: link.secret, acceptTerms: true, termsVersion: 1 },
      });
      expect(locked.status).toBe(429);
      expect(locked.headers.get('retry-after')).not.toBeNull();
      platform.clock.advance(2 * 60_000);
      const later = await activate(platform, link);
      expect(later.sha256).toMatch(/^[0-9a-f]{64}$/);
    });

    it('activation needs the current terms accepted', async () => {
      const documentId = await issueOne(platform, issuer);
      const link = await activationLinkFor(platform, documentId);
      const refused = await call(platform.baseUrl, 'POST', `/api/activations/${documentId}`, {
        json: { secret: link.secret, acceptTerms: false, termsVersion: 1 },
      });
      expect(refused.status).toBe(422);
      const outdated = await call(platform.baseUrl, 'POST', `/api/activations/${documentId}`, {
        json: { secret: link.secret, acceptTerms: true, termsVersion: 0 },
      });
      expect(outdated.status).toBe(409);
      const info = await call<{ state: string }>(
        platform.baseUrl,
        'GET',
        `/api/activations/${documentId}`,
      );
      expect(info.body.state).toBe('pending');
    });

    it('recipient data is visible to the issuer only after the password is entered again', async () => {
      const documentId = await issueOne(platform, issuer, {
        recipient: { name: 'Βασιλική Παπαδοπούλου', email: 'vasiliki@example.org' },
      });
      const path = `/api/organisations/${issuer.organisationId}/documents/${documentId}`;
      const locked = await call<{ recipient: unknown; state: string }>(
        platform.baseUrl,
        'GET',
        path,
        { token: issuer.token },
      );
      expect(locked.status).toBe(200);
      expect(locked.body.recipient).toBeNull();
      expect(locked.body.state).toBe('pending');
      expect(locked.raw.toString()).not.toContain('vasiliki');

      const wrongPassword = await call(platform.baseUrl, 'POST', '/api/sessions/current/unlock', {
        token: issuer.token,
        json: { organisationId: issuer.organisationId, password: 'not the password at all' },
      });
      expect(wrongPassword.status).toBe(401);
      const unlocked = await call(platform.baseUrl, 'POST', '/api/sessions/current/unlock', {
        token: issuer.token,
        json: { organisationId: issuer.organisationId, password: issuer.password },
      });
      expect(unlocked.status).toBe(200);
      const visible = await call<{ recipient: { name: string; email: string } }>(
        platform.baseUrl,
        'GET',
        path,
        { token: issuer.token },
      );
      expect(visible.body.recipient).toMatchObject({
        name: 'Βασιλική Παπαδοπούλου',
        email: 'vasiliki@example.org',
      });
      const list = await call<{
        unlocked: boolean;
        documents: Array<{ id: string; recipient: unknown }>;
      }>(platform.baseUrl, 'GET', `/api/organisations/${issuer.organisationId}/documents?limit=5`, {
        token: issuer.token,
      });
      expect(list.body.unlocked).toBe(true);
      expect(
        list.body.documents.find((document) => document.id === documentId)?.recipient,
      ).not.toBeNull();

      await call(platform.baseUrl, 'POST', '/api/sessions/current/lock', { token: issuer.token });
      const relocked = await call<{ recipient: unknown }>(platform.baseUrl, 'GET', path, {
        token: issuer.token,
      });
      expect(relocked.body.recipient).toBeNull();
    });

    it('an API key can issue with the public key only and never sees recipient data', async () => {
      const created = await call<{ key: string }>(
        platform.baseUrl,
        'POST',
        `/api/organisations/${issuer.organisationId}/api-keys`,
        {
          token: issuer.token,
          json: { name: 'registrar system', scopes: ['issue', 'read'] },
        },
      );
      expect(created.status).toBe(201);
      const documentId = await issueOne(platform, issuer, {}, created.body.key);
      const read = await call<{ recipient: unknown }>(
        platform.baseUrl,
        'GET',
        `/api/organisations/${issuer.organisationId}/documents/${documentId}`,
        {
          token: created.body.key,
        },
      );
      expect(read.status).toBe(200);
      expect(read.body.recipient).toBeNull();
      const revoke = await call(
        platform.baseUrl,
        'POST',
        `/api/organisations/${issuer.organisationId}/documents/${documentId}/revoke`,
        {
          token: created.body.key,
          json: { reason: 'no scope' },
        },
      );
      expect(revoke.status).toBe(403);
    });

    it('an organisation waiting for review cannot issue', async () => {
      // The owner passes the second factor, so the refusal is about the approval only.
      const pending = await newSubmittedIssuer(platform, 'Not Yet Approved');
      const refused = await call<{ error: { code: string } }>(
        platform.baseUrl,
        'POST',
        `/api/organisations/${pending.organisationId}/documents`,
        {
          token: pending.token,
          json: { title: 'X', recipient: { name: 'A B', email: 'a@example.org' } },
        },
      );
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('ISSUER_NOT_APPROVED');
    });
  });
}
