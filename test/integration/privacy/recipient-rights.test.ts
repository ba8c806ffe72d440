import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activate,
  activationLinkFor,
  issueOne,
  newApprovedIssuer,
} from '../../helpers/factories.js';
import type { ActivationLink, TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

interface Check {
  id: string;
  status: string;
  code: string;
  message: string;
}

for (const dialect of DIALECTS) {
  describe(`recipients' rights through their link (${dialect})`, () => {
    let platform: TestPlatform;
    let issuer: TestIssuer;
    let active: ActivationLink;
    let pending: ActivationLink;
    let pdf: Buffer;
    let sha256: string;

    const rights = (link: { documentId: string }, right: string, json: unknown) =>
      call(platform.baseUrl, 'POST', `/api/recipient/documents/${link.documentId}/${right}`, {
        json,
      });
    const validity = async (digest: string): Promise<Check | undefined> => {
      const report = await call<{ checks: Check[]; valid: boolean }>(
        platform.baseUrl,
        'POST',
        '/api/verify',
        { json: { sha256: digest } },
      );
      expect(report.status).toBe(200);
      return report.body.checks.find((check) => check.id === 'validity');
    };

    beforeAll(async () => {
      platform = await startTestPlatform(dialect);
      issuer = await newApprovedIssuer(platform, 'Rights Institute');
      const activeId = await issueOne(platform, issuer, {
        recipient: { name: 'Héloïse Rights', email: 'heloise@rights.example' },
        fields: [{ label: 'Grade', value: 'Very good' }],
      });
      const pendingId = await issueOne(platform, issuer, {
        recipient: { name: 'Pending Rights', email: 'pending@rights.example' },
      });
      active = await activationLinkFor(platform, activeId);
      pending = await activationLinkFor(platform, pendingId);
      ({ pdf, sha256 } = await activate(platform, active));
    });

    afterAll(async () => {
      await platform.close();
    });

    it('shows the holder what is held: the decrypted record, states, dates, consent, proofs and history', async () => {
      const response = await rights(active, 'data', { secret: active.secret });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.body).toMatchObject({
        documentId: active.documentId,
        title: 'Master of Science in Physics',
        issuer: { name: 'Rights Institute' },
        state: 'active',
        restricted: false,
        record: {
          name: 'Héloïse Rights',
          email: 'heloise@rights.example',
          fields: [{ label: 'Grade', value: 'Very good' }],
        },
        pdf: { sha256 },
      });
      const body = response.body as {
        consents: unknown[];
        proofs: Array<{ kind: string }>;
        history: Array<{ action: string }>;
      };
      expect(body.consents).toHaveLength(1);
      expect(body.proofs.map((proof) => proof.kind).sort()).toEqual(['commitment', 'pdf']);
      expect(body.history.map((event) => event.action)).toContain('document.activated');
      // A pending document shows its record too: the link is what opens it.
      const pendingData = await rights(pending, 'data', { secret: pending.secret });
      expect(pendingData.status).toBe(200);
      expect(pendingData.body).toMatchObject({ state: 'pending', pdf: null });
    });

    it('refuses a wrong secret (403, counted) and a secret in the wrong place (400)', async () => {
      const wrong = await rights(active, 'data', { secret: 'A'.repeat(43) });
      expect(wrong.status).toBe(403);
      expect(JSON.stringify(wrong.body)).not.toContain('Héloïse');
      const missing = await rights(active, 'data', {});
      expect(missing.status).toBe(400);
      const row = await platform.ctx.db
        .selectFrom('documents')
        .select('failedActivationAttempts')
        .where('publicId', '=', active.documentId)
        .executeTakeFirstOrThrow();
      expect(row.failedActivationAttempts).toBe(1);
    });

    it('restricting hides the document from verification without revoking it; lifting shows it again', async () => {
      expect((await validity(sha256))?.code).toBe('active');
      const restricted = await rights(active, 'restrict', { secret: active.secret });
      expect(restricted.status).toBe(200);
      expect(restricted.body).toMatchObject({ restricted: true });
      const check = await validity(sha256);
      expect(check).toMatchObject({ status: 'failed', code: 'restricted' });
      expect(check?.message).toContain('holder’s request');
      const status = await call<{ state: string; restricted: boolean }>(
        platform.baseUrl,
        'GET',
        `/api/documents/${active.documentId}/status`,
      );
      expect(status.body).toMatchObject({ state: 'active', restricted: true });
      // Again: nothing changes.
      expect((await rights(active, 'restrict', { secret: active.secret })).status).toBe(200);
      const lifted = await rights(active, 'unrestrict', { secret: active.secret });
      expect(lifted.body).toMatchObject({ restricted: false, restrictedAt: null });
      expect((await validity(sha256))?.code).toBe('active');
      const actions = await platform.ctx.db
        .selectFrom('auditEvents')
        .select('action')
        .where('targetId', '=', active.documentId)
        .execute();
      expect(actions.map((event) => event.action)).toEqual(
        expect.arrayContaining([
          'document.data_viewed',
          'document.restricted',
          'document.unrestricted',
        ]),
      );
    });

    it('erasing needs confirm: true, then destroys the wraps, the record and the PDF; verification says erased', async () => {
      const unconfirmed = await rights(active, 'erase', { secret: active.secret, confirm: false });
      expect(unconfirmed.status).toBe(400);
      expect(unconfirmed.body).toMatchObject({ error: { details: { field: 'confirm' } } });
      const before = await platform.ctx.db
        .selectFrom('documents')
        .selectAll()
        .where('publicId', '=', active.documentId)
        .executeTakeFirstOrThrow();
      expect(before.pdfFile).not.toBeNull();
      const erased = await rights(active, 'erase', { secret: active.secret, confirm: true });
      expect(erased.status, JSON.stringify(erased.body)).toBe(200);
      expect(erased.body).toMatchObject({ documentId: active.documentId, erasedNow: true });
      const after = await platform.ctx.db
        .selectFrom('documents')
        .selectAll()
        .where('publicId', '=', active.documentId)
        .executeTakeFirstOrThrow();
      expect(after).toMatchObject({
        wrapM: null,
        pdfFile: null,
        recipientEmailIndex: null,
        erasureCause: 'holder',
        pdfSha256: sha256,
      });
      expect(after.wrapA.length + after.wrapB.length + after.recordCiphertext.length).toBe(0);
      await expect(platform.ctx.blobs.get(before.pdfFile ?? '')).rejects.toThrow('blob not found');
      const check = await validity(sha256);
      expect(check).toMatchObject({ status: 'failed', code: 'erased' });
      expect(check?.message).toContain('Erased at the holder’s request');
      // The link opens nothing any more: every right says erased.
      const data = await rights(active, 'data', { secret: active.secret });
      expect(data.status).toBe(409);
      expect(JSON.stringify(data.body)).toContain('erased');
      const download = await call(
        platform.baseUrl,
        'POST',
        `/api/activations/${active.documentId}/pdf`,
        { json: { secret: active.secret } },
      );
      expect(download.status).toBeGreaterThanOrEqual(400);
      expect(download.status).toBeLessThan(500);
      expect(pdf.length).toBeGreaterThan(0);
    });

    it('an owner erases a pending document with a reason code; a viewer cannot; the reason is audited', async () => {
      const path = `/api/organisations/${issuer.organisationId}/documents/${pending.documentId}/erase`;
      const badReason = await call(platform.baseUrl, 'POST', path, {
        token: issuer.token,
        json: { reason: 'because Pending Rights asked' },
      });
      expect(badReason.status).toBe(400);
      const anonymous = await call(platform.baseUrl, 'POST', path, {
        json: { reason: 'holder_request' },
      });
      expect(anonymous.status).toBe(401);
      const erased = await call(platform.baseUrl, 'POST', path, {
        token: issuer.token,
        json: { reason: 'holder_request' },
      });
      expect(erased.status, JSON.stringify(erased.body)).toBe(200);
      expect(erased.body).toMatchObject({ erasedNow: true });
      const again = await call(platform.baseUrl, 'POST', path, {
        token: issuer.token,
        json: { reason: 'holder_request' },
      });
      expect(again.body).toMatchObject({ erasedNow: false });
      // Unlocked lists and views show it without recipient, never an integrity failure.
      const unlocked = await call(platform.baseUrl, 'POST', '/api/sessions/current/unlock', {
        token: issuer.token,
        json: { organisationId: issuer.organisationId, password: issuer.password },
      });
      expect(unlocked.status, JSON.stringify(unlocked.body)).toBe(200);
      const list = await call<{ items: Array<{ id: string; recipient: unknown }> }>(
        platform.baseUrl,
        'GET',
        `/api/organisations/${issuer.organisationId}/documents`,
        { token: issuer.token },
      );
      expect(list.status, JSON.stringify(list.body)).toBe(200);
      const resend = await call(
        platform.baseUrl,
        'POST',
        `/api/organisations/${issuer.organisationId}/documents/${pending.documentId}/resend`,
        { token: issuer.token },
      );
      expect(resend.status).toBe(409);
      const event = await platform.ctx.db
        .selectFrom('auditEvents')
        .select(['actorType', 'detail'])
        .where('targetId', '=', pending.documentId)
        .where('action', '=', 'document.erased')
        .executeTakeFirstOrThrow();
      expect(event.actorType).toBe('user');
      expect(JSON.parse(event.detail ?? '{}')).toMatchObject({
        cause: 'issuer',
        reason: 'holder_request',
      });
      const activation = await call(
        platform.baseUrl,
        'POST',
        `/api/activations/${pending.documentId}`,
        {
          json: { secret: pending.secret, acceptTerms: true, termsVersion: 1 },
        },
      );
      expect(activation.status).toBeGreaterThanOrEqual(400);
      expect(activation.status).toBeLessThan(500);
    });

    it('the issuer’s list and detail say when and at whose request each document was erased', async () => {
      type Erasure = { id: string; erasedAt: string | null; erasureCause: string | null };
      const base = `/api/organisations/${issuer.organisationId}/documents`;
      const list = await call<{ documents: Erasure[] }>(platform.baseUrl, 'GET', base, {
        token: issuer.token,
      });
      expect(list.status, JSON.stringify(list.body)).toBe(200);
      const rows = await platform.ctx.db
        .selectFrom('documents')
        .select(['publicId', 'erasedAt'])
        .where('publicId', 'in', [active.documentId, pending.documentId])
        .execute();
      const erasedAt = new Map(rows.map((row) => [row.publicId, row.erasedAt]));
      for (const [link, cause] of [
        [active, 'holder'],
        [pending, 'issuer'],
      ] as const) {
        const expected = {
          id: link.documentId,
          erasedAt: erasedAt.get(link.documentId),
          erasureCause: cause,
        };
        expect(expected.erasedAt).toEqual(expect.any(String));
        expect(list.body.documents.find((item) => item.id === link.documentId)).toMatchObject(
          expected,
        );
        const detail = await call<Erasure>(platform.baseUrl, 'GET', `${base}/${link.documentId}`, {
          token: issuer.token,
        });
        expect(detail.status, JSON.stringify(detail.body)).toBe(200);
        expect(detail.body).toMatchObject(expected);
      }
      const kept = await issueOne(platform, issuer);
      const fresh = await call<Erasure>(platform.baseUrl, 'GET', `${base}/${kept}`, {
        token: issuer.token,
      });
      expect(fresh.body).toMatchObject({ erasedAt: null, erasureCause: null });
    });
  });
}
