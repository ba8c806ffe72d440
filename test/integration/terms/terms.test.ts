import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformAdmin } from '../../../src/accounts/create-platform-admin.js';
import { listRecipientConsents } from '../../../src/terms/list-consents.js';
import { activationLinkFor, issueOne, newApprovedIssuer } from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import type { TestResponse } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { enrolTwoFactor } from '../../helpers/two-factor.js';

interface TermsText {
  version: number;
  kind: string;
  label: string;
  language: string;
  body: string;
}

interface TermsVersion {
  id: number;
  status: string;
  label: string;
  bodyEn: string;
  bodyFr: string;
  effectiveAt: string | null;
}

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

const ADMIN_PASSWORD = 'terms admin password';

function errorOf(response: TestResponse<unknown>): ErrorBody['error'] {
  return (response.body as ErrorBody).error;
}

for (const dialect of DIALECTS) {
  describe(`versioned terms and consent (${dialect})`, () => {
    let platform: TestPlatform;
    let issuer: TestIssuer;
    let adminToken: string;

    const admin = <T>(method: string, path: string, json?: unknown) =>
      call<T>(platform.baseUrl, method, path, {
        token: adminToken,
        ...(json === undefined ? {} : { json }),
      });

    /** A published version of `kind`, made as an admin would: draft, then publish. */
    async function publish(kind: 'recipient' | 'issuer', label: string): Promise<number> {
      const draft = await admin<TermsVersion>('POST', '/api/admin/terms', {
        kind,
        label,
        bodyEn: `${label}: English text.`,
        bodyFr: `${label} : texte en français.`,
      });
      expect(draft.status, JSON.stringify(draft.body)).toBe(201);
      const published = await admin<TermsVersion>(
        'POST',
        `/api/admin/terms/${draft.body.id}/publish`,
      );
      expect(published.status, JSON.stringify(published.body)).toBe(200);
      return draft.body.id;
    }

    beforeAll(async () => {
      platform = await startTestPlatform(dialect);
      issuer = await newApprovedIssuer(platform, 'Terms University');
      const email = `terms-admin-${process.pid}@example.org`;
      await createPlatformAdmin(platform.ctx, { email, password: ADMIN_PASSWORD });
      const session = await call<{ token: string }>(platform.baseUrl, 'POST', '/api/sessions', {
        json: { email, password: ADMIN_PASSWORD },
      });
      adminToken = (await enrolTwoFactor(platform, session.body.token, ADMIN_PASSWORD)).token;
    }, 60_000);

    afterAll(async () => {
      await platform?.close();
    });

    it('carries the first recipient terms over as version 1, in English and French', async () => {
      const fr = await call<TermsText>(
        platform.baseUrl,
        'GET',
        '/api/terms/recipient/current?language=fr',
      );
      expect(fr.status).toBe(200);
      expect(fr.body).toMatchObject({ version: 1, kind: 'recipient', label: '1', language: 'fr' });
      expect(fr.body.body).toContain('Conditions d');
      const en = await call<TermsText>(platform.baseUrl, 'GET', '/api/terms/recipient/current', {
        headers: { 'accept-language': 'en-GB' },
      });
      expect(en.body.body).toContain('Certa terms of use');
      const none = await call(platform.baseUrl, 'GET', '/api/terms/issuer/current');
      expect(none.status).toBe(404);
    });

    it('edits drafts, publishes once, and never changes a published version', async () => {
      const draft = await admin<TermsVersion>('POST', '/api/admin/terms', {
        kind: 'recipient',
        label: 'draft-a',
        bodyEn: 'Draft text.',
        bodyFr: 'Texte du brouillon.',
      });
      expect(draft.status).toBe(201);
      expect(draft.body.status).toBe('draft');
      // Nobody sees a draft.
      const current = await call<TermsText>(
        platform.baseUrl,
        'GET',
        '/api/terms/recipient/current',
      );
      expect(current.body.version).toBe(1);

      const edited = await admin<TermsVersion>('PUT', `/api/admin/terms/${draft.body.id}`, {
        label: 'draft-b',
        bodyEn: 'Edited text.',
        bodyFr: 'Texte modifié.',
      });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ label: 'draft-b', bodyFr: 'Texte modifié.' });

      const empty = await admin('PUT', `/api/admin/terms/${draft.body.id}`, {
        label: 'x',
        bodyEn: '   ',
        bodyFr: 'Texte.',
      });
      expect(empty.status).toBe(400);
      expect(errorOf(empty)).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'bodyEn' } });

      const deleted = await admin('DELETE', `/api/admin/terms/${draft.body.id}`);
      expect(deleted.status).toBe(204);
      expect((await admin('GET', `/api/admin/terms/${draft.body.id}`)).status).toBe(404);

      for (const [method, path, json] of [
        ['PUT', '/api/admin/terms/1', { label: 'changed', bodyEn: 'Changed.', bodyFr: 'Changé.' }],
        ['DELETE', '/api/admin/terms/1', undefined],
        ['POST', '/api/admin/terms/1/publish', undefined],
      ] as const) {
        const refused = await admin(method, path, json);
        expect(refused.status, `${method} ${path}`).toBe(409);
        expect(errorOf(refused).code).toBe('CONFLICT');
      }
      const unchanged = await admin<TermsVersion>('GET', '/api/admin/terms/1');
      expect(unchanged.body).toMatchObject({ status: 'published', label: '1' });
      expect(unchanged.body.bodyEn).toContain('Certa terms of use');

      const notAdmin = await call(platform.baseUrl, 'POST', '/api/admin/terms', {
        token: issuer.token,
        json: { kind: 'issuer', label: 'x', bodyEn: 'x', bodyFr: 'x' },
      });
      expect(notAdmin.status).toBe(403);
    });

    it('waits for "effective from" before a published version applies', async () => {
      const later = new Date(platform.clock.now().getTime() + 3_600_000).toISOString();
      const draft = await admin<TermsVersion>('POST', '/api/admin/terms', {
        kind: 'recipient',
        label: 'scheduled',
        bodyEn: 'Scheduled.',
        bodyFr: 'Programmé.',
        effectiveFrom: later,
      });
      const published = await admin<TermsVersion>(
        'POST',
        `/api/admin/terms/${draft.body.id}/publish`,
      );
      expect(published.body.effectiveAt).toBe(later);
      const list = await admin<Array<{ id: number; scheduled: boolean; current: boolean }>>(
        'GET',
        '/api/admin/terms?kind=recipient',
      );
      expect(list.body.find((row) => row.id === draft.body.id)).toMatchObject({
        scheduled: true,
        current: false,
      });
      const before = await call<TermsText>(platform.baseUrl, 'GET', '/api/terms/recipient/current');
      expect(before.body.version).not.toBe(draft.body.id);
      platform.clock.advance(2 * 3_600_000);
      try {
        const after = await call<TermsText>(
          platform.baseUrl,
          'GET',
          '/api/terms/recipient/current',
        );
        expect(after.body.version).toBe(draft.body.id);
      } finally {
        platform.clock.reset();
      }
    });

    it('activates only with the version in force, and records it with the language shown', async () => {
      const documentId = await issueOne(platform, issuer, { locale: 'en' });
      const link = await activationLinkFor(platform, documentId);
      const version = await publish('recipient', '2026-12');

      const stale = await call(platform.baseUrl, 'POST', `/api/activations/${documentId}`, {
        json: { secret: link.secret, acceptTerms: true, termsVersion: 1, termsLanguage: 'fr' },
      });
      expect(stale.status).toBe(409);
      expect(errorOf(stale)).toMatchObject({
        code: 'TERMS_OUTDATED',
        details: { currentVersion: version, label: '2026-12' },
      });

      const info = await call<{ terms: TermsText }>(
        platform.baseUrl,
        'GET',
        `/api/activations/${documentId}?lang=fr`,
      );
      expect(info.body.terms).toMatchObject({ version, label: '2026-12', language: 'fr' });
      const activated = await call(platform.baseUrl, 'POST', `/api/activations/${documentId}`, {
        json: {
          secret: link.secret,
          acceptTerms: true,
          termsVersion: version,
          termsLanguage: 'fr',
        },
      });
      expect(activated.status, JSON.stringify(activated.body)).toBe(200);

      const row = await platform.ctx.db
        .selectFrom('documents')
        .select('id')
        .where('publicId', '=', documentId)
        .executeTakeFirstOrThrow();
      const consents = await listRecipientConsents(platform.ctx.db, row.id);
      expect(consents).toEqual([
        {
          kind: 'recipient',
          version,
          label: '2026-12',
          language: 'fr',
          method: 'activation_page',
          acceptedAt: expect.any(String) as string,
        },
      ]);
      // Who accepted is the document's id: nothing personal is kept with the consent.
      const stored = await platform.ctx.db
        .selectFrom('termsAcceptances')
        .selectAll()
        .where('documentId', '=', row.id)
        .executeTakeFirstOrThrow();
      expect(stored.userId).toBeNull();
      expect(JSON.stringify(stored)).not.toContain('@');
    });

    it('makes issuer users accept a new issuer version before they act again; API keys go on', async () => {
      const key = await call<{ key: string }>(
        platform.baseUrl,
        'POST',
        `/api/organisations/${issuer.organisationId}/api-keys`,
        { token: issuer.token, json: { name: 'pipeline', scopes: ['read'] } },
      );
      expect(key.status, JSON.stringify(key.body)).toBe(201);
      const documents = `/api/organisations/${issuer.organisationId}/documents`;
      expect((await call(platform.baseUrl, 'GET', documents, { token: issuer.token })).status).toBe(
        200,
      );

      const version = await publish('issuer', 'issuer-1');
      const blocked = await call(platform.baseUrl, 'GET', documents, { token: issuer.token });
      expect(blocked.status).toBe(403);
      expect(errorOf(blocked)).toMatchObject({
        code: 'TERMS_ACCEPTANCE_REQUIRED',
        details: { kind: 'issuer', version, label: 'issuer-1' },
      });
      expect((await call(platform.baseUrl, 'GET', documents, { token: key.body.key })).status).toBe(
        200,
      );

      const pending = await call<{ pending: { en: TermsText; fr: TermsText } | null }>(
        platform.baseUrl,
        'GET',
        '/api/me/terms',
        { token: issuer.token },
      );
      expect(pending.body.pending?.fr).toMatchObject({ version, language: 'fr' });
      expect(pending.body.pending?.fr.body).toContain('texte en français');

      const stale = await call(platform.baseUrl, 'POST', '/api/me/terms/accept', {
        token: issuer.token,
        json: { version: version + 1000, language: 'fr' },
      });
      expect(stale.status).toBe(409);
      expect(errorOf(stale).code).toBe('TERMS_OUTDATED');

      const accepted = await call(platform.baseUrl, 'POST', '/api/me/terms/accept', {
        token: issuer.token,
        json: { version, language: 'fr' },
      });
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
      expect((await call(platform.baseUrl, 'GET', documents, { token: issuer.token })).status).toBe(
        200,
      );
      const none = await call<{ pending: unknown }>(platform.baseUrl, 'GET', '/api/me/terms', {
        token: issuer.token,
      });
      expect(none.body.pending).toBeNull();

      const exported = await call<{ consents: unknown[] }>(
        platform.baseUrl,
        'GET',
        '/api/me/consents',
        { token: issuer.token },
      );
      expect(exported.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
      expect(exported.body.consents).toEqual([
        {
          kind: 'issuer',
          version,
          label: 'issuer-1',
          language: 'fr',
          method: 'api',
          acceptedAt: expect.any(String) as string,
        },
      ]);

      // A second new version blocks again.
      const next = await publish('issuer', 'issuer-2');
      const again = await call(platform.baseUrl, 'GET', documents, { token: issuer.token });
      expect(errorOf(again).details).toMatchObject({ version: next });
      const audit = await platform.ctx.db
        .selectFrom('auditEvents')
        .select(['action', 'targetId'])
        .where('action', 'like', 'terms.%')
        .execute();
      expect(audit).toContainEqual({ action: 'terms.accepted', targetId: String(version) });
      expect(audit).toContainEqual({ action: 'terms.published', targetId: String(next) });
    });
  });
}
