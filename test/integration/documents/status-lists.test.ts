import { X509Certificate, constants, verify } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { findDocumentByPublicId } from '../../../src/db/repositories/document.repository.js';
import { MIN_STATUS_LIST_LENGTH } from '../../../src/db/repositories/status-list.repository.js';
import { assignStatusListIndex } from '../../../src/documents/status-list.js';
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
 * W3C Bitstring Status Lists (issue 14): the published lists are read with an independent
 * implementation (@digitalbazaar/vc-bitstring-status-list, test-only) and must have exactly the
 * revoked — and the suspended — documents' bits set. That library answers `verified: true` for a
 * revoked entry, so the tests read the bit itself (`getStatus`).
 */

interface StatusEntry {
  id?: string;
  type: string;
  statusPurpose: string;
  statusListIndex?: string;
  statusListCredential?: string;
}

interface ListCredential {
  '@context': string[];
  type: string[];
  issuer: string;
  credentialSubject: { type: string; statusPurpose: string; encodedList: string };
}

/** Checks the compact JWS against its own x5c signer and returns its header and payload. */
function openVcJwt(jwt: string): { header: Record<string, unknown>; credential: ListCredential } {
  const [header64 = '', payload64 = '', signature64 = ''] = jwt.split('.');
  const header = JSON.parse(Buffer.from(header64, 'base64url').toString()) as {
    alg: string;
    typ: string;
    x5c: string[];
  };
  const signer = new X509Certificate(Buffer.from(header.x5c[0] ?? '', 'base64'));
  const data = Buffer.from(`${header64}.${payload64}`, 'ascii');
  const signature = Buffer.from(signature64, 'base64url');
  const valid =
    header.alg === 'ES256'
      ? verify('sha256', data, { key: signer.publicKey, dsaEncoding: 'ieee-p1363' }, signature)
      : verify(
          'sha256',
          data,
          {
            key: signer.publicKey,
            padding: constants.RSA_PKCS1_PSS_PADDING,
            saltLength: 32,
          },
          signature,
        );
  expect(valid, 'the JWS signature verifies with the x5c signer').toBe(true);
  const credential = JSON.parse(Buffer.from(payload64, 'base64url').toString()) as ListCredential;
  return { header, credential };
}

for (const dialect of DIALECTS) {
  describe(`status lists (${dialect})`, () => {
    let platform: TestPlatform;
    let issuer: TestIssuer;
    const documents: Array<{ id: string; entries: StatusEntry[]; pdf: Buffer }> = [];

    const listPath = (purpose: string) =>
      `/api/issuers/${issuer.organisationId}/status-lists/${purpose}`;

    async function fetchList(purpose: string) {
      const response = await call(platform.baseUrl, 'GET', listPath(purpose));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/vc\+jwt/);
      return { ...openVcJwt(response.raw.toString('utf8')), etag: response.headers.get('etag') };
    }

    /** The set bits of a published list, read with the independent decoder. */
    async function setBits(purpose: string): Promise<Set<number>> {
      const { credential } = await fetchList(purpose);
      const list = await decodeList({ encodedList: credential.credentialSubject.encodedList });
      const set = new Set<number>();
      for (let index = 0; index < list.length; index += 1)
        if (list.getStatus(index)) set.add(index);
      return set;
    }

    const indexOf = (document: { entries: StatusEntry[] }) =>
      Number(
        document.entries.find(
          (entry) =>
            entry.type === 'BitstringStatusListEntry' && entry.statusPurpose === 'revocation',
        )?.statusListIndex,
      );

    const post = (id: string, action: string, json?: Record<string, unknown>) =>
      call(
        platform.baseUrl,
        'POST',
        `/api/organisations/${issuer.organisationId}/documents/${id}/${action}`,
        { token: issuer.token, ...(json === undefined ? {} : { json }) },
      );

    beforeAll(async () => {
      platform = await startTestPlatform(dialect);
      issuer = await newApprovedIssuer(platform, 'Académie des Listes');
      for (let i = 0; i < 8; i += 1) {
        const id = await issueOne(platform, issuer);
        const { pdf } = await activate(platform, await activationLinkFor(platform, id));
        const report = await call<{ record: { content: { status: StatusEntry[] } } | null }>(
          platform.baseUrl,
          'POST',
          '/api/verify',
          { body: pdf, contentType: 'application/pdf' },
        );
        expect(report.status).toBe(200);
        documents.push({ id, entries: report.body.record?.content.status ?? [], pdf });
      }
    });
    afterAll(async () => platform.close());

    it('every new record carries a signed BitstringStatusListEntry for each list', () => {
      for (const document of documents) {
        const index = indexOf(document);
        expect(Number.isInteger(index) && index >= 0 && index < MIN_STATUS_LIST_LENGTH).toBe(true);
        for (const purpose of ['revocation', 'suspension']) {
          const url = `${platform.ctx.publicUrl}${listPath(purpose)}`;
          expect(document.entries).toContainEqual({
            id: `${url}#${index}`,
            type: 'BitstringStatusListEntry',
            statusPurpose: purpose,
            statusListIndex: String(index),
            statusListCredential: url,
          });
        }
      }
      expect(new Set(documents.map(indexOf)).size).toBe(documents.length);
    });

    it('publishes VC 2.0 credentials as application/vc+jwt with the signing chain in x5c; nothing set yet', async () => {
      const { header, credential } = await fetchList('revocation');
      expect(header).toMatchObject({ typ: 'vc+jwt' });
      expect(['ES256', 'PS256']).toContain(header.alg);
      expect((header.x5c as string[]).map((der) => Buffer.from(der, 'base64'))).toEqual(
        platform.ctx.documentSigner.certificates,
      );
      expect(credential['@context']).toEqual(['https://www.w3.org/ns/credentials/v2']);
      expect(credential.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
      expect(credential.credentialSubject).toMatchObject({
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
      });
      const list = await decodeList({ encodedList: credential.credentialSubject.encodedList });
      expect(list.length).toBeGreaterThanOrEqual(131_072);
      expect(await setBits('revocation')).toEqual(new Set());
      expect(await setBits('suspension')).toEqual(new Set());
    });

    it('the independent decoder finds exactly the revoked and the suspended documents set', async () => {
      const [a, b, c, d, e] = documents;
      if (
        a === undefined ||
        b === undefined ||
        c === undefined ||
        d === undefined ||
        e === undefined
      )
        throw new Error('documents missing');
      for (const revoked of [a, b])
        expect((await post(revoked.id, 'revoke', { reason: 'Issued in error' })).status).toBe(200);
      for (const suspended of [c, d, e])
        expect((await post(suspended.id, 'suspend', { reason: 'Inquiry' })).status).toBe(200);
      expect((await post(e.id, 'reinstate')).status).toBe(200);
      // Revoking a suspended document moves its bit from one list to the other.
      expect((await post(d.id, 'revoke', { reason: 'Inquiry concluded' })).status).toBe(200);

      expect(await setBits('revocation')).toEqual(new Set([indexOf(a), indexOf(b), indexOf(d)]));
      expect(await setBits('suspension')).toEqual(new Set([indexOf(c)]));
    });

    it('is served with Cache-Control and an ETag: 304 when unchanged, a new tag after a change', async () => {
      const first = await call(platform.baseUrl, 'GET', listPath('suspension'));
      expect(first.headers.get('cache-control')).toBe('public, max-age=60');
      const etag = first.headers.get('etag') ?? '';
      expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
      const again = await call(platform.baseUrl, 'GET', listPath('suspension'), {
        headers: { 'if-none-match': etag },
      });
      expect(again.status).toBe(304);
      expect(again.raw.length).toBe(0);
      // A 304 announces no body: keep-alive clients would otherwise wait for it.
      const raw = await new Promise<http.IncomingMessage>((resolve, reject) => {
        http
          .get(`${platform.baseUrl}${listPath('suspension')}`, {
            headers: { 'if-none-match': etag },
          })
          .on('response', resolve)
          .on('error', reject);
      });
      raw.resume();
      expect(raw.statusCode).toBe(304);
      expect(raw.headers['content-length'] ?? '0').toBe('0');

      const c = documents[2];
      if (c === undefined) throw new Error('document missing');
      expect((await post(c.id, 'reinstate')).status).toBe(200);
      const changed = await call(platform.baseUrl, 'GET', listPath('suspension'), {
        headers: { 'if-none-match': etag },
      });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('etag')).not.toBe(etag);
      expect(await setBits('suspension')).toEqual(new Set());
    });

    it('certa verify --status-list answers from list files alone, as the API does, without asking any platform', async () => {
      const [a, , c, d, , f] = documents;
      if (a === undefined || c === undefined || d === undefined || f === undefined)
        throw new Error('documents missing');
      expect((await post(f.id, 'suspend', { reason: 'Inquiry' })).status).toBe(200);
      const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'certa-lists-'));
      try {
        const files: string[] = [];
        for (const purpose of ['revocation', 'suspension']) {
          const file = path.join(directory, `${purpose}.jwt`);
          fs.writeFileSync(file, (await call(platform.baseUrl, 'GET', listPath(purpose))).raw);
          files.push('--status-list', file);
        }
        const cases: Array<[typeof a, string, number]> = [
          [a, 'revoked', 1],
          [d, 'revoked', 1],
          [f, 'suspended', 1],
          [c, 'active', 3],
        ];
        for (const [document, code, exit] of cases) {
          const pdf = path.join(directory, `${document.id}.pdf`);
          fs.writeFileSync(pdf, document.pdf);
          const out: string[] = [];
          // An unreachable --url: asking any platform would show.
          const status = await runCli(
            ['verify', pdf, ...files, '--url', 'http://127.0.0.1:9', '--json'],
            {
              env: {},
              stdin: Readable.from([]),
              out: (text) => out.push(text),
              err: () => undefined,
            },
          );
          const result = JSON.parse(out.join('')) as {
            platform: unknown;
            checks: Array<{ id: string; status: string; code: string }>;
          };
          expect(result.platform).toBeNull();
          const offline = result.checks.find((check) => check.id === 'validity');
          expect(offline?.code, document.id).toBe(code);
          expect(status, document.id).toBe(exit);
          // The same answer as the platform's own report.
          const online = await call<{ checks: Array<{ id: string; code: string }> }>(
            platform.baseUrl,
            'POST',
            '/api/verify',
            { body: document.pdf, contentType: 'application/pdf' },
          );
          expect(online.body.checks.find((check) => check.id === 'validity')?.code).toBe(code);
        }
      } finally {
        fs.rmSync(directory, { recursive: true, force: true });
      }
    });

    it('an unknown issuer or purpose has no list', async () => {
      expect(
        (
          await call(
            platform.baseUrl,
            'GET',
            '/api/issuers/AAAAAAAAAAAAAAAAAAAAAA/status-lists/revocation',
          )
        ).status,
      ).toBe(404);
      expect((await call(platform.baseUrl, 'GET', listPath('expiry'))).status).toBe(400);
    });

    it('positions are drawn at random over the whole list, never in issue order', async () => {
      const response = await call<{ documents: Array<{ id: string }> }>(
        platform.baseUrl,
        'POST',
        `/api/organisations/${issuer.organisationId}/documents/batch`,
        {
          token: issuer.token,
          json: {
            documents: Array.from({ length: 200 }, (_, i) => ({
              title: 'Attestation',
              recipient: { name: `Personne ${i}`, email: `personne${i}@example.org` },
            })),
          },
        },
      );
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      const indexes: number[] = [];
      for (const { id } of response.body.documents) {
        const row = await findDocumentByPublicId(platform.ctx.db, id);
        if (row === undefined) throw new Error('no row');
        indexes.push(await assignStatusListIndex(platform.ctx, row));
      }
      expect(new Set(indexes).size).toBe(indexes.length);
      // Not monotonic: about half of the neighbours in issue order go up.
      let rising = 0;
      for (let i = 1; i < indexes.length; i += 1) if (indexes[i]! > indexes[i - 1]!) rising += 1;
      expect(rising).toBeGreaterThan(0.3 * (indexes.length - 1));
      expect(rising).toBeLessThan(0.7 * (indexes.length - 1));
      // Spread over the whole list: 8 equal buckets, chi-square under the 0.1 % level (7 dof).
      const buckets = new Array<number>(8).fill(0);
      for (const index of indexes) buckets[Math.floor((index * 8) / MIN_STATUS_LIST_LENGTH)]! += 1;
      const expected = indexes.length / 8;
      const chiSquare = buckets.reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
      expect(chiSquare, `buckets ${buckets.join(', ')}`).toBeLessThan(24.32);
      expect(Math.min(...indexes)).toBeLessThan(MIN_STATUS_LIST_LENGTH / 8);
      expect(Math.max(...indexes)).toBeGreaterThan((MIN_STATUS_LIST_LENGTH * 7) / 8);
    });
  });
}
