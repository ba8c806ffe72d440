import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  activate,
  issueOne,
  newApprovedIssuer,
  newSubmittedIssuer,
} from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { startSmtpSink } from '../../helpers/smtp-sink.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { logoPng } from '../templates/images.js';
import { activationLinkIn, addMember, members, recipientOf, unlock } from './member-helpers.js';
import type { ErrorBody } from './member-helpers.js';

interface ProfileKey {
  fingerprint: string;
  algorithm: string;
  use: string;
  publicKey: string;
  status: string;
  createdAt: string;
  retiredAt: string | null;
  revokedAt: string | null;
}

interface Profile {
  id: string;
  name: string;
  legalName: string | null;
  country: string | null;
  website: string | null;
  domain: string | null;
  domainVerifiedAt: string | null;
  status: string;
  verified: boolean;
  verifiedAt: string | null;
  logoUrl: string | null;
  profileUrl: string;
  keys: ProfileKey[];
  documentSigning: {
    algorithm: string;
    certificates: Array<{
      fingerprint: string;
      subject: string;
      notBefore: string;
      notAfter: string;
    }>;
  };
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();

let counter = 0;
function address(label: string): string {
  counter += 1;
  return `${label}-${counter}-${process.pid}@profile.example`;
}

async function uploadLogo(
  platform: TestPlatform,
  token: string,
  organisationId: string,
  bytes: Buffer,
  type = 'image/png',
) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), 'logo.png');
  const response = await fetch(`${platform.baseUrl}/api/organisations/${organisationId}/logo`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

for (const dialect of DIALECTS) {
  describe(`public issuer profile, logo and key rotation (${dialect})`, () => {
    let platform: TestPlatform;
    let sink: SmtpSink;
    let issuer: TestIssuer;

    beforeAll(async () => {
      sink = await startSmtpSink();
      platform = await startTestPlatform(dialect, { SMTP_URL: sink.url }, { rateLimits: false });
      issuer = await newApprovedIssuer(platform, 'Université de Profil');
      await platform.ctx.db
        .updateTable('organisations')
        .set({
          legalName: 'Université de Profil ASBL',
          country: 'BE',
          website: 'https://www.profil.example',
          domain: 'profil.example',
          domainVerifiedAt: null,
        })
        .where('publicId', '=', issuer.organisationId)
        .execute();
    });
    afterEach(() => platform.clock.reset());
    afterAll(async () => {
      await platform.close();
      await sink.close();
    });

    const profile = async (id = issuer.organisationId) => {
      const response = await call<Profile>(platform.baseUrl, 'GET', `/api/issuers/${id}`);
      expect(response.status).toBe(200);
      return response.body;
    };

    it('an issuer that is not approved has no profile (404 to everyone, JSON and page)', async () => {
      const id = (await newSubmittedIssuer(platform, 'Waiting For Review')).organisationId;
      const json = await call<ErrorBody>(platform.baseUrl, 'GET', `/api/issuers/${id}`);
      expect(json.status).toBe(404);
      expect(json.body.error.code).toBe('NOT_FOUND');
      const page = await fetch(`${platform.baseUrl}/issuers/${id}`);
      expect(page.status).toBe(404);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).not.toContain('Waiting For Review');
      expect((await call(platform.baseUrl, 'GET', `/api/issuers/${id}/logo`)).status).toBe(404);
      expect(
        (await call(platform.baseUrl, 'GET', '/api/issuers/AAAAAAAAAAAAAAAAAAAAAA')).status,
      ).toBe(404);
    });

    it('the profile shows what was checked, its keys and the signing certificate', async () => {
      const before = await profile();
      // The domain is shown only once its proof passed.
      expect(before.domain).toBeNull();
      expect(before.domainVerifiedAt).toBeNull();

      const verifiedAt = '2026-11-30T10:00:00.000Z';
      await platform.ctx.db
        .updateTable('organisations')
        .set({ domainVerifiedAt: verifiedAt })
        .where('publicId', '=', issuer.organisationId)
        .execute();
      const body = await profile();
      expect(body).toMatchObject({
        id: issuer.organisationId,
        name: 'Université de Profil',
        legalName: 'Université de Profil ASBL',
        country: 'BE',
        website: 'https://www.profil.example',
        domain: 'profil.example',
        domainVerifiedAt: verifiedAt,
        status: 'approved',
        verified: true,
        logoUrl: null,
        profileUrl: `${platform.ctx.publicUrl}/issuers/${issuer.organisationId}`,
      });
      expect(body.verifiedAt).not.toBeNull();
      expect(body.keys).toHaveLength(1);
      const [key] = body.keys;
      const stored = await platform.ctx.db
        .selectFrom('organisationKeys')
        .innerJoin('organisations', 'organisations.id', 'organisationKeys.organisationId')
        .select('organisationKeys.publicKey')
        .where('organisations.publicId', '=', issuer.organisationId)
        .executeTakeFirstOrThrow();
      expect(key).toMatchObject({
        algorithm: 'X25519',
        use: 'encryption',
        status: 'active',
        publicKey: stored.publicKey.toString('base64url'),
        fingerprint: sha256(stored.publicKey).toString('base64url'),
        retiredAt: null,
        revokedAt: null,
      });
      const certificate = platform.ctx.documentSigner.certificates[0];
      if (certificate === undefined) throw new Error('no signing certificate');
      expect(body.documentSigning.certificates[0]?.fingerprint).toBe(
        sha256(certificate).toString('hex'),
      );
      expect(body.documentSigning.certificates[0]?.subject).toContain('CN=');
      // Nothing private: no recovery wrap, no contact.
      expect(JSON.stringify(body)).not.toContain('@');
    });

    it('the profile page shows the verified identity and the key history, in English and French', async () => {
      await platform.ctx.db
        .updateTable('organisations')
        .set({ domainVerifiedAt: '2026-11-30T10:00:00.000Z' })
        .where('publicId', '=', issuer.organisationId)
        .execute();
      const english = await fetch(`${platform.baseUrl}/issuers/${issuer.organisationId}?lang=en`);
      expect(english.status).toBe(200);
      const html = await english.text();
      expect(html).toContain('<html lang="en">');
      expect(html).toContain('<h1>Université de Profil ASBL</h1>');
      expect(html).toContain('Belgium');
      expect(html).toContain('profil.example');
      expect(html).toContain('30 November 2026');
      // What was verified, said apart: the identity (reviewed), the domain (proved).
      expect(html).toMatch(
        /Identity reviewed by the platform on <time datetime="[^"]+">\d{1,2} \w+ \d{4}<\/time>/,
      );
      expect(html).toContain(
        'Domain <span class="issuer-domain">profil.example</span> verified on <time datetime="2026-11-30T10:00:00.000Z">30 November 2026</time>',
      );
      expect(html).not.toContain('Verified issuer');
      expect(html).toContain('<caption id="keys-caption">');
      expect(html).toContain('<th scope="col">Fingerprint (SHA-256)</th>');
      expect(html).toMatch(/<tr data-fingerprint="[A-Za-z0-9_-]{43}" data-status="active">/);
      expect(html).toContain(`href="/api/issuers/${issuer.organisationId}"`);

      const french = await fetch(`${platform.baseUrl}/issuers/${issuer.organisationId}`, {
        headers: { 'accept-language': 'fr-BE,fr;q=0.9' },
      });
      const frenchHtml = await french.text();
      expect(frenchHtml).toContain('<html lang="fr">');
      expect(frenchHtml).toContain('Belgique');
      expect(frenchHtml).toContain('Identité examinée par la plateforme le');
      expect(frenchHtml).toContain(
        'Domaine <span class="issuer-domain">profil.example</span> vérifié le',
      );
      expect(frenchHtml).toContain('30 novembre 2026');
      expect(frenchHtml).toContain('Historique des clés');
    });

    it('verification reports and the verify page link to the profile', async () => {
      const documentId = await issueOne(platform, issuer);
      const status = await call<{ issuer: { profileUrl: string | null } }>(
        platform.baseUrl,
        'GET',
        `/api/documents/${documentId}/status`,
      );
      expect(status.status).toBe(200);
      expect(status.body.issuer.profileUrl).toBe(
        `${platform.ctx.publicUrl}/issuers/${issuer.organisationId}`,
      );
      const link = activationLinkIn(sink, documentId);
      const { sha256: digest } = await activate(platform, link);
      const report = await call<{ issuer: { id: string; profileUrl: string | null } }>(
        platform.baseUrl,
        'POST',
        '/api/verify',
        { json: { sha256: digest } },
      );
      expect(report.status).toBe(200);
      expect(report.body.issuer).toMatchObject({
        id: issuer.organisationId,
        profileUrl: `${platform.ctx.publicUrl}/issuers/${issuer.organisationId}`,
      });
      const page = await fetch(`${platform.baseUrl}/verify/${documentId}`);
      const html = await page.text();
      expect(html).toContain(
        `class="issuer-profile-link" href="/issuers/${issuer.organisationId}"`,
      );
      // The report's link is drawn by the page's script (a Vite module named in the page).
      const src = /<script type="module" src="([^"]+)"/.exec(html)?.[1] ?? '';
      const script = await fetch(`${platform.baseUrl}${src}`);
      expect(await script.text()).toContain('issuer-profile-link');
    });

    it('a logo is checked by its content, shown on the profile and removable', async () => {
      const png = logoPng();
      const fake = await uploadLogo(
        platform,
        issuer.token,
        issuer.organisationId,
        Buffer.from('GIF89a this is not an image at all'),
      );
      expect(fake.status).toBe(415);
      expect((await profile()).logoUrl).toBeNull();

      const tooLarge = await uploadLogo(
        platform,
        issuer.token,
        issuer.organisationId,
        Buffer.concat([png, Buffer.alloc(600 * 1024)]),
      );
      expect(tooLarge.status).toBe(413);
      expect((await profile()).logoUrl).toBeNull();

      const damaged = await uploadLogo(
        platform,
        issuer.token,
        issuer.organisationId,
        png.subarray(0, 40),
      );
      expect(damaged.status).toBe(400);

      const uploaded = await uploadLogo(platform, issuer.token, issuer.organisationId, png);
      expect(uploaded.status).toBe(200);
      expect(uploaded.body).toMatchObject({ mediaType: 'image/png', byteSize: png.length });
      const logoUrl = (await profile()).logoUrl;
      expect(logoUrl).toBe(`${platform.ctx.publicUrl}/api/issuers/${issuer.organisationId}/logo`);
      const logo = await fetch(`${platform.baseUrl}/api/issuers/${issuer.organisationId}/logo`);
      expect(logo.status).toBe(200);
      expect(logo.headers.get('content-type')).toBe('image/png');
      expect(logo.headers.get('cache-control')).toContain('public');
      expect(Buffer.from(await logo.arrayBuffer()).equals(png)).toBe(true);
      const etag = logo.headers.get('etag') ?? '';
      const again = await fetch(`${platform.baseUrl}/api/issuers/${issuer.organisationId}/logo`, {
        headers: { 'if-none-match': etag },
      });
      expect(again.status).toBe(304);
      // A 304 announces no body (keep-alive clients would otherwise wait for bytes never sent).
      expect(again.headers.get('content-length') ?? '0').toBe('0');
      const page = await (
        await fetch(`${platform.baseUrl}/issuers/${issuer.organisationId}`)
      ).text();
      expect(page).toContain('alt="Logo of Université de Profil ASBL"');

      const removed = await call(
        platform.baseUrl,
        'DELETE',
        `/api/organisations/${issuer.organisationId}/logo`,
        { token: issuer.token },
      );
      expect(removed.status).toBe(204);
      expect((await profile()).logoUrl).toBeNull();
      expect(
        (await call(platform.baseUrl, 'GET', `/api/issuers/${issuer.organisationId}/logo`)).status,
      ).toBe(404);

      const viewer = await addMember(platform, sink, issuer, 'viewer', address('logo-viewer'));
      const byViewer = await uploadLogo(platform, viewer.token, issuer.organisationId, png);
      expect(byViewer.status).toBe(403);
    });

    it('key rotation: new documents use the new key, old ones still open and activate; the profile keeps the history', async () => {
      const rotate = (json: Record<string, unknown> = {}) =>
        call<
          {
            key: { fingerprint: string; status: string; held: boolean };
            previousKey: { fingerprint: string; status: string };
            sealedToMembers: number;
            recoveryKey: string;
          } & ErrorBody
        >(platform.baseUrl, 'POST', `/api/organisations/${issuer.organisationId}/keys/rotate`, {
          token: issuer.token,
          json,
        });
      const keyIdOf = async (documentId: string) =>
        (
          await platform.ctx.db
            .selectFrom('documents')
            .select('organisationKeyId')
            .where('publicId', '=', documentId)
            .executeTakeFirstOrThrow()
        ).organisationKeyId;

      // A confirmed member (holds the key) and an unconfirmed one.
      const confirmedMember = await addMember(
        platform,
        sink,
        issuer,
        'operator',
        address('confirmed'),
      );
      const unconfirmedMember = await addMember(
        platform,
        sink,
        issuer,
        'viewer',
        address('unconfirmed'),
      );
      expect(
        (await unlock(platform, issuer.token, issuer.organisationId, issuer.password)).status,
      ).toBe(200);
      const confirmation = await call(
        platform.baseUrl,
        'POST',
        `/api/organisations/${issuer.organisationId}/members/${confirmedMember.userId}/confirm`,
        { token: issuer.token },
      );
      expect(confirmation.status).toBe(200);

      const oldDocument = await issueOne(platform, issuer, {
        recipient: { name: 'Old Key Recipient', email: 'old-key@example.org' },
      });
      const oldKeyId = await keyIdOf(oldDocument);
      const before = (await profile()).keys;
      expect(before).toHaveLength(1);

      await call(platform.baseUrl, 'POST', '/api/sessions/current/lock', { token: issuer.token });
      const locked = await rotate();
      expect(locked.status).toBe(403);
      expect(locked.body.error.code).toBe('UNLOCK_REQUIRED');
      const byOperator = await call<ErrorBody>(
        platform.baseUrl,
        'POST',
        `/api/organisations/${issuer.organisationId}/keys/rotate`,
        { token: confirmedMember.token, json: {} },
      );
      expect(byOperator.status).toBe(403);

      expect(
        (await unlock(platform, issuer.token, issuer.organisationId, issuer.password)).status,
      ).toBe(200);
      const rotated = await rotate({ reason: 'yearly rotation' });
      expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
      expect(rotated.body.key).toMatchObject({ status: 'active', held: true });
      expect(rotated.body.previousKey).toEqual({
        fingerprint: before[0]?.fingerprint,
        status: 'retired',
      });
      expect(rotated.body.sealedToMembers).toBe(2);
      expect(rotated.body.recoveryKey).toMatch(/^[A-Za-z0-9_-]{43}$/);

      // New documents are sealed to the new key; this session reads both.
      const newDocument = await issueOne(platform, issuer, {
        recipient: { name: 'New Key Recipient', email: 'new-key@example.org' },
      });
      expect(await keyIdOf(newDocument)).not.toBe(oldKeyId);
      for (const [documentId, name] of [
        [oldDocument, 'Old Key Recipient'],
        [newDocument, 'New Key Recipient'],
      ] as const) {
        const read = await recipientOf(platform, issuer.token, issuer.organisationId, documentId);
        expect(read.status, JSON.stringify(read.body)).toBe(200);
        expect(read.body.recipient?.name).toBe(name);
      }
      // The confirmed member got the new key without anyone's password; the other did not.
      const list = await members(platform, issuer.token, issuer.organisationId);
      expect(list.find((row) => row.userId === confirmedMember.userId)?.keyAccess).toBe(true);
      expect(list.find((row) => row.userId === unconfirmedMember.userId)?.keyAccess).toBe(false);
      expect(
        (
          await unlock(
            platform,
            confirmedMember.token,
            issuer.organisationId,
            confirmedMember.password,
          )
        ).status,
      ).toBe(200);
      const readByMember = await recipientOf(
        platform,
        confirmedMember.token,
        issuer.organisationId,
        newDocument,
      );
      expect(readByMember.body.recipient?.name).toBe('New Key Recipient');

      // The old pending document is still activated with its link.
      await activate(platform, activationLinkIn(sink, oldDocument));

      // A compromised key needs a reason and is revoked.
      const noReason = await rotate({ compromised: true });
      expect(noReason.status).toBe(400);
      const revoked = await rotate({ compromised: true, reason: 'laptop stolen' });
      expect(revoked.status).toBe(200);
      expect(revoked.body.previousKey.status).toBe('revoked');

      const keys = (await profile()).keys;
      expect(keys.map((key) => key.status)).toEqual(['active', 'revoked', 'retired']);
      expect(keys[0]?.fingerprint).toBe(revoked.body.key.fingerprint);
      expect(keys[1]?.fingerprint).toBe(rotated.body.key.fingerprint);
      expect(keys[1]?.revokedAt).not.toBeNull();
      expect(keys[1]?.retiredAt).not.toBeNull();
      expect(keys[2]?.fingerprint).toBe(before[0]?.fingerprint);
      expect(keys[2]?.retiredAt).not.toBeNull();
      expect(keys[2]?.revokedAt).toBeNull();
      expect(JSON.stringify(keys)).not.toContain('laptop');

      const history = await call<
        Array<{ status: string; revocationReason: string | null; held: boolean }>
      >(platform.baseUrl, 'GET', `/api/organisations/${issuer.organisationId}/keys`, {
        token: unconfirmedMember.token,
      });
      expect(history.status).toBe(200);
      expect(history.body.map((key) => key.status)).toEqual(['active', 'revoked', 'retired']);
      expect(history.body[1]?.revocationReason).toBe('laptop stolen');
      expect(history.body.every((key) => !key.held)).toBe(true);

      const page = await (
        await fetch(`${platform.baseUrl}/issuers/${issuer.organisationId}`)
      ).text();
      expect(page).toContain('Revoked (compromised)');
      expect(page).toContain('Retired');
    });

    it('a suspended issuer keeps its profile, marked as suspended', async () => {
      const suspended = await newApprovedIssuer(platform, 'Suspended Academy');
      await platform.ctx.db
        .updateTable('organisations')
        .set({ status: 'suspended' })
        .where('publicId', '=', suspended.organisationId)
        .execute();
      const body = await profile(suspended.organisationId);
      expect(body).toMatchObject({ status: 'suspended', verified: false });
      const page = await (
        await fetch(`${platform.baseUrl}/issuers/${suspended.organisationId}`)
      ).text();
      expect(page).toContain('id="suspended-notice"');
    });
  });
}
