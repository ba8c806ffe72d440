import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformAdmin } from '../../../src/accounts/create-platform-admin.js';
import { randomPublicId } from '../../../src/crypto/random.js';
import { activationLinkFor, issueOne, newApprovedIssuer } from '../../helpers/factories.js';
import type { ActivationLink, TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import type { TestResponse } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { enrolTwoFactor } from '../../helpers/two-factor.js';

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown>; requestId?: string };
}

const TABLES = [
  'organisations',
  'organisation_keys',
  'users',
  'memberships',
  'user_key_wraps',
  'sessions',
  'api_keys',
  'documents',
  'terms_versions',
  'terms_acceptances',
  'anchor_digests',
  'audit_events',
] as const;

const MB = 1024 * 1024;

/** Every file under the data dir except the SQLite database itself (its size changes on reads). */
function filesUnder(root: string, directory = root): string[] {
  if (!fs.existsSync(directory)) return [];
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) return filesUnder(root, full);
      return entry.name.startsWith('certa.sqlite') ? [] : [path.relative(root, full)];
    })
    .sort();
}

interface Snapshot {
  rows: Record<string, number>;
  files: string[];
}

async function snapshot(platform: TestPlatform): Promise<Snapshot> {
  const rows: Record<string, number> = {};
  for (const table of TABLES) {
    const result = await sql<{
      n: number | string;
    }>`select count(*) as n from ${sql.table(table)}`.execute(platform.ctx.db);
    rows[table] = Number(result.rows[0]?.n);
  }
  return { rows, files: filesUnder(platform.dataDir) };
}

/** Log lines at level ≥ 50 (error, fatal). */
function errorLines(lines: readonly string[]): string[] {
  return lines.filter((line) => {
    try {
      return ((JSON.parse(line) as { level?: number }).level ?? 0) >= 50;
    } catch {
      return false;
    }
  });
}

/**
 * The shape every refusal must have: the status, the code, and a message that is one non-empty
 * sentence (one line, ending with a full stop) which, where given, names the problem.
 */
function expectRefused(
  response: TestResponse<unknown>,
  status: number,
  code: string,
  mentions?: RegExp,
): string {
  const body = response.body as Partial<ErrorBody>;
  expect(response.status, JSON.stringify(body)).toBe(status);
  expect(body.error?.code, JSON.stringify(body)).toBe(code);
  const message = body.error?.message ?? '';
  expect(message.trim().length, 'error.message is empty').toBeGreaterThan(0);
  expect(message, 'error.message is one line').not.toMatch(/[\r\n]/);
  expect(message, 'error.message is a sentence').toMatch(/[.!?]$/);
  if (mentions !== undefined) expect(message).toMatch(mentions);
  if (status < 500) expect(body.error?.requestId).toBeUndefined();
  return message;
}

/** One of the `allowed` 4xx (never a 5xx), in our `{ error: { code, message } }` shape. */
function expectClientError(response: TestResponse<unknown>, allowed: readonly number[]): void {
  const body = response.body as Partial<ErrorBody>;
  const shown = `status ${response.status}: ${JSON.stringify(body)}`;
  expect(allowed, shown).toContain(response.status);
  expect(typeof body.error, `not the { error: { code, message } } shape — ${shown}`).toBe('object');
  expect(body.error?.code, shown).toMatch(/^[A-Z_]+$/);
  const message = body.error?.message ?? '';
  expect(message.trim().length, shown).toBeGreaterThan(0);
  expect(message, shown).toMatch(/[.!?]$/);
}

for (const dialect of DIALECTS) {
  describe(`bad input gets a clear 4xx and changes nothing (${dialect})`, () => {
    let platform: TestPlatform;
    let orgA: TestIssuer;
    let orgB: TestIssuer;
    let pendingDocumentId: string;
    let link: ActivationLink;
    let adminToken: string;

    /**
     * Runs `work` and checks that no row was added or removed in any table, that no file
     * appeared or disappeared in the data dir, and that the server logged no error. A refused
     * log-in is a security event: `failedLogIns` audit entries are expected, and nothing else.
     */
    async function unchanged(work: () => Promise<void>, failedLogIns = 0): Promise<void> {
      const before = await snapshot(platform);
      const mark = platform.logLines.length;
      await work();
      const after = await snapshot(platform);
      before.rows['audit_events'] = (before.rows['audit_events'] ?? 0) + failedLogIns;
      expect(after).toEqual(before);
      expect(errorLines(platform.logLines.slice(mark))).toEqual([]);
    }

    function issue(json: unknown, token: string = orgA.token) {
      return call<ErrorBody>(
        platform.baseUrl,
        'POST',
        `/api/organisations/${orgA.organisationId}/documents`,
        { token, json },
      );
    }

    function validRequest(): {
      title: string;
      recipient: { name: string; email: string };
      fields: Array<{ label: string; value: string }>;
      expiresAt: string | null;
      locale: string;
    } {
      return {
        title: 'Master of Science in Physics',
        recipient: { name: 'Ada Lovelace', email: 'ada@example.org' },
        fields: [{ label: 'Grade', value: 'Summa cum laude' }],
        expiresAt: null,
        locale: 'en',
      };
    }

    async function documentState(documentId: string, token = orgA.token): Promise<string> {
      const response = await call<{ state: string }>(
        platform.baseUrl,
        'GET',
        `/api/organisations/${orgA.organisationId}/documents/${documentId}`,
        { token },
      );
      expect(response.status).toBe(200);
      return response.body.state;
    }

    beforeAll(async () => {
      platform = await startTestPlatform(dialect, {}, { rateLimits: false });
      orgA = await newApprovedIssuer(platform, 'Organisation A');
      orgB = await newApprovedIssuer(platform, 'Organisation B');
      pendingDocumentId = await issueOne(platform, orgA);
      link = await activationLinkFor(platform, pendingDocumentId);
      const adminEmail = `admin-${dialect}@platform.example`;
      const adminPassword = 'a long admin passphrase';
      await createPlatformAdmin(platform.ctx, { email: adminEmail, password: adminPassword });
      const session = await call<{ token: string }>(platform.baseUrl, 'POST', '/api/sessions', {
        json: { email: adminEmail, password: adminPassword },
      });
      expect(session.status).toBe(201);
      // Platform admins act only from a session that passed the second factor.
      adminToken = (await enrolTwoFactor(platform, session.body.token, adminPassword)).token;
    });
    afterAll(async () => platform.close());

    it('a valid request is accepted (the baseline the refusals below differ from)', async () => {
      const response = await issue(validRequest());
      expect(response.status, JSON.stringify(response.body)).toBe(201);
    });

    describe('issuing a document', () => {
      it('without a title, a recipient or a recipient e-mail is a 400 naming what is missing', async () => {
        await unchanged(async () => {
          const noTitle: Record<string, unknown> = validRequest();
          delete noTitle.title;
          expectRefused(await issue(noTitle), 400, 'INVALID_INPUT', /title/);
          const noRecipient: Record<string, unknown> = validRequest();
          delete noRecipient.recipient;
          expectRefused(await issue(noRecipient), 400, 'INVALID_INPUT', /recipient/);
          expectRefused(
            await issue({ ...validRequest(), recipient: { name: 'Ada Lovelace' } }),
            400,
            'INVALID_INPUT',
            /email/,
          );
          expectRefused(
            await issue({ ...validRequest(), recipient: { email: 'ada@example.org' } }),
            400,
            'INVALID_INPUT',
            /name/,
          );
          expectRefused(
            await issue({ ...validRequest(), recipient: 'Ada Lovelace <ada@example.org>' }),
            400,
            'INVALID_INPUT',
            /recipient/,
          );
        });
      });

      it('a recipient name or title given as a number is a 400, not silently turned into text', async () => {
        await unchanged(async () => {
          expectRefused(
            await issue({
              ...validRequest(),
              recipient: { name: 12345, email: 'ada@example.org' },
            }),
            400,
            'INVALID_INPUT',
            /name/,
          );
          expectRefused(
            await issue({ ...validRequest(), title: 42 }),
            400,
            'INVALID_INPUT',
            /title/,
          );
        });
      });

      it('fields that are not a list, or a field value that is an object, are a 400 naming fields', async () => {
        await unchanged(async () => {
          expectRefused(
            await issue({ ...validRequest(), fields: { label: 'Grade', value: 'A' } }),
            400,
            'INVALID_INPUT',
            /fields/,
          );
          expectRefused(
            await issue({ ...validRequest(), fields: [{ label: 'Grade', value: { grade: 'A' } }] }),
            400,
            'INVALID_INPUT',
            /fields.*value/,
          );
          expectRefused(
            await issue({ ...validRequest(), fields: [{ label: 'Grade' }] }),
            400,
            'INVALID_INPUT',
            /value/,
          );
        });
      });

      it('an expiry that is garbage, in the past or not a real date is a 400 naming expiresAt', async () => {
        await unchanged(async () => {
          for (const expiresAt of [
            'next tuesday',
            '2020-01-01',
            '2020-01-01T00:00:00Z',
            '2026-02-30',
            '2099-13-01',
            '31/12/2099',
          ]) {
            expectRefused(
              await issue({ ...validRequest(), expiresAt }),
              400,
              'INVALID_INPUT',
              /expiresAt/,
            );
          }
          expectRefused(
            await issue({ ...validRequest(), expiresAt: { date: '2099-01-01' } }),
            400,
            'INVALID_INPUT',
            /expiresAt/,
          );
        });
      });

      it('an expiry date-time on a day that does not exist (30 February) is a 400, not rolled over into March', async () => {
        await unchanged(async () => {
          expectRefused(
            await issue({ ...validRequest(), expiresAt: '2099-02-30T10:00:00Z' }),
            400,
            'INVALID_INPUT',
            /expiresAt/,
          );
        });
      });

      it('a 10 MB recipient name is a 413', async () => {
        await unchanged(async () => {
          const response = await issue({
            ...validRequest(),
            recipient: { name: 'A'.repeat(10 * MB), email: 'ada@example.org' },
          });
          expectRefused(response, 413, 'PAYLOAD_TOO_LARGE', /large/);
        });
      });

      it('a 250-character recipient name is a 400 naming the field and its limit', async () => {
        await unchanged(async () => {
          expectRefused(
            await issue({
              ...validRequest(),
              recipient: { name: 'A'.repeat(250), email: 'ada@example.org' },
            }),
            400,
            'INVALID_INPUT',
            /name.*200/,
          );
          expectRefused(
            await issue({ ...validRequest(), title: 'T'.repeat(250) }),
            400,
            'INVALID_INPUT',
            /title.*200/,
          );
        });
      });

      it('control characters in the name, the title or a field are a 400', async () => {
        await unchanged(async () => {
          expectRefused(
            await issue({
              ...validRequest(),
              recipient: { name: 'Ada\u0000Lovelace', email: 'ada@example.org' },
            }),
            400,
            'INVALID_INPUT',
            /recipient\.name.*control characters/,
          );
          expectRefused(
            await issue({ ...validRequest(), title: 'Diploma \u001b[31mFAKE' }),
            400,
            'INVALID_INPUT',
            /title.*control characters/,
          );
          expectRefused(
            await issue({ ...validRequest(), fields: [{ label: 'Gr\u0007ade', value: 'A' }] }),
            400,
            'INVALID_INPUT',
            /label.*control characters/,
          );
          expectRefused(
            await issue({
              ...validRequest(),
              recipient: { name: 'Ada\r\nBcc: everyone@example.org', email: 'ada@example.org' },
            }),
            400,
            'INVALID_INPUT',
            /control characters/,
          );
        });
      });

      it('control characters in the recipient e-mail are a 400', async () => {
        await unchanged(async () => {
          expectRefused(
            await issue({
              ...validRequest(),
              recipient: { name: 'Ada Lovelace', email: 'ada\u0007lovelace@example.org' },
            }),
            400,
            'INVALID_INPUT',
            /email/,
          );
          expectRefused(
            await issue({
              ...validRequest(),
              recipient: { name: 'Ada Lovelace', email: 'ada\u0000@example.org' },
            }),
            400,
            'INVALID_INPUT',
            /email/,
          );
        });
      });

      it('a malformed recipient e-mail is a 400 naming recipient.email', async () => {
        await unchanged(async () => {
          for (const email of ['not-an-email', 'ada@', '@example.org', 'ada@example', 'a b@c.de']) {
            expectRefused(
              await issue({ ...validRequest(), recipient: { name: 'Ada Lovelace', email } }),
              400,
              'INVALID_INPUT',
              /recipient\.email/,
            );
          }
        });
      });

      it('an unknown template or locale is a 400 naming it', async () => {
        await unchanged(async () => {
          expectRefused(
            await issue({ ...validRequest(), template: 'diploma-deluxe' }),
            400,
            'INVALID_INPUT',
            /template/,
          );
          expectRefused(
            await issue({ ...validRequest(), locale: 'de' }),
            400,
            'INVALID_INPUT',
            /locale/,
          );
          expectRefused(
            await issue({ ...validRequest(), locale: 'klingon' }),
            400,
            'INVALID_INPUT',
            /locale/,
          );
        });
      });

      it('more than 20 fields is a 400 naming fields and the limit', async () => {
        await unchanged(async () => {
          const fields = Array.from({ length: 21 }, (_, index) => ({
            label: `Field ${index}`,
            value: 'x',
          }));
          expectRefused(
            await issue({ ...validRequest(), fields }),
            400,
            'INVALID_INPUT',
            /fields.*20/,
          );
        });
      });

      it('a body that is not valid JSON is a 400 saying so', async () => {
        await unchanged(async () => {
          const response = await call(
            platform.baseUrl,
            'POST',
            `/api/organisations/${orgA.organisationId}/documents`,
            {
              token: orgA.token,
              body: '{"title": "Diploma", "recipient": {',
              contentType: 'application/json',
            },
          );
          expectRefused(response, 400, 'INVALID_INPUT', /JSON/);
          const empty = await call(
            platform.baseUrl,
            'POST',
            `/api/organisations/${orgA.organisationId}/documents`,
            { token: orgA.token, body: '', contentType: 'application/json' },
          );
          expectRefused(empty, 400, 'INVALID_INPUT', /empty|JSON/);
          const array = await call(
            platform.baseUrl,
            'POST',
            `/api/organisations/${orgA.organisationId}/documents`,
            { token: orgA.token, body: '[1, 2, 3]', contentType: 'application/json' },
          );
          expectRefused(array, 400, 'INVALID_INPUT');
        });
      });

      it('a form-encoded or XML body is a 415', async () => {
        await unchanged(async () => {
          for (const [contentType, body] of [
            ['application/x-www-form-urlencoded', 'title=Diploma&recipient=Ada'],
            ['application/xml', '<document><title>Diploma</title></document>'],
          ] as const) {
            const response = await call(
              platform.baseUrl,
              'POST',
              `/api/organisations/${orgA.organisationId}/documents`,
              { token: orgA.token, body, contentType },
            );
            expectRefused(response, 415, 'UNSUPPORTED_MEDIA', /content type/i);
          }
        });
      });

      it('a JSON document sent as text/plain is refused with a 4xx that says JSON is expected', async () => {
        await unchanged(async () => {
          const response = await call<ErrorBody>(
            platform.baseUrl,
            'POST',
            `/api/organisations/${orgA.organisationId}/documents`,
            {
              token: orgA.token,
              body: JSON.stringify(validRequest()),
              contentType: 'text/plain',
            },
          );
          expectClientError(response, [400, 415]);
          expect(response.body.error?.message).toMatch(/JSON|content type/i);
        });
      });

      it('without a bearer token it is a 401 and nothing is stored', async () => {
        await unchanged(async () => {
          const response = await call(
            platform.baseUrl,
            'POST',
            `/api/organisations/${orgA.organisationId}/documents`,
            { json: validRequest() },
          );
          expectRefused(response, 401, 'UNAUTHENTICATED');
        });
      });
    });

    describe('ids', () => {
      it('unknown document, organisation and issuer ids are 404', async () => {
        await unchanged(async () => {
          const unknown = randomPublicId();
          for (const [method, url, token] of [
            ['GET', `/api/organisations/${orgA.organisationId}/documents/${unknown}`, orgA.token],
            ['GET', `/api/organisations/${unknown}/documents`, orgA.token],
            ['GET', `/api/organisations/${unknown}/api-keys`, orgA.token],
            ['GET', `/api/issuers/${unknown}`, undefined],
            ['GET', `/api/documents/${unknown}/status`, undefined],
            ['GET', `/api/activations/${unknown}`, undefined],
            ['POST', `/api/admin/issuers/${unknown}/approve`, adminToken],
          ] as const) {
            const response = await call(platform.baseUrl, method, url, {
              ...(token === undefined ? {} : { token }),
            });
            expectRefused(response, 404, 'NOT_FOUND');
          }
          const revoke = await call(
            platform.baseUrl,
            'POST',
            `/api/organisations/${orgA.organisationId}/documents/${unknown}/revoke`,
            { token: orgA.token, json: { reason: 'Issued in error' } },
          );
          expectRefused(revoke, 404, 'NOT_FOUND');
          const activation = await call(platform.baseUrl, 'POST', `/api/activations/${unknown}`, {
            json: { secret: link.secret, acceptTerms: true, termsVersion: 1 },
          });
          expectRefused(activation, 404, 'NOT_FOUND');
        });
      });

      it('a path-traversal id is a 404 (or 400) and never reaches the file system', async () => {
        await unchanged(async () => {
          const traversal = encodeURIComponent('../../etc/passwd');
          for (const [method, url, token] of [
            ['GET', `/api/organisations/${orgA.organisationId}/documents/${traversal}`, orgA.token],
            ['GET', `/api/organisations/${traversal}/documents`, orgA.token],
            ['GET', `/api/issuers/${traversal}`, undefined],
            ['GET', `/api/documents/${traversal}/status`, undefined],
            ['GET', `/api/activations/${traversal}`, undefined],
          ] as const) {
            const response = await call(platform.baseUrl, method, url, {
              ...(token === undefined ? {} : { token }),
            });
            expectClientError(response, [400, 404]);
            expect(response.raw.toString()).not.toContain('root:');
          }
          const download = await call(
            platform.baseUrl,
            'POST',
            `/api/activations/${traversal}/pdf`,
            { json: { secret: link.secret } },
          );
          expectClientError(download, [400, 404]);
        });
      });

      it('a 500-character id is refused with a 4xx in the usual error shape, never a 500', async () => {
        await unchanged(async () => {
          const long = 'a'.repeat(500);
          for (const [url, token] of [
            [`/api/organisations/${orgA.organisationId}/documents/${long}`, orgA.token],
            [`/api/organisations/${long}/documents`, orgA.token],
            [`/api/issuers/${long}`, undefined],
            [`/api/documents/${long}/status`, undefined],
            [`/api/activations/${long}`, undefined],
          ] as const) {
            const response = await call(platform.baseUrl, 'GET', url, {
              ...(token === undefined ? {} : { token }),
            });
            expectClientError(response, [400, 404, 414]);
          }
          const listed = await call(
            platform.baseUrl,
            'GET',
            `/api/organisations/${orgA.organisationId}/documents?before=${long}`,
            { token: orgA.token },
          );
          expectRefused(listed, 400, 'INVALID_INPUT', /before/);
        });
      });

      it('an id containing a NUL byte is a 404 (or 400), not a database error', async () => {
        await unchanged(async () => {
          const withNul = encodeURIComponent(`\u0000${randomPublicId()}`);
          for (const [url, token] of [
            [`/api/issuers/${withNul}`, undefined],
            [`/api/organisations/${withNul}/documents`, orgA.token],
            [`/api/organisations/${orgA.organisationId}/documents/${withNul}`, orgA.token],
            [`/api/documents/${withNul}/status`, undefined],
            [`/api/activations/${withNul}`, undefined],
          ] as const) {
            const response = await call(platform.baseUrl, 'GET', url, {
              ...(token === undefined ? {} : { token }),
            });
            expectClientError(response, [400, 404]);
          }
        });
      });

      it('a percent-encoding that is not UTF-8 is a 400 in the usual error shape that does not talk about JSON', async () => {
        await unchanged(async () => {
          const response = await call<ErrorBody>(platform.baseUrl, 'GET', '/api/issuers/%FF%FE');
          expectClientError(response, [400, 404]);
          expect(response.body.error?.message).not.toMatch(/JSON/);
        });
      });

      it('a bad query parameter is a 400 naming it', async () => {
        await unchanged(async () => {
          const response = await call(
            platform.baseUrl,
            'GET',
            `/api/organisations/${orgA.organisationId}/documents?limit=lots`,
            { token: orgA.token },
          );
          expectRefused(response, 400, 'INVALID_INPUT', /limit/);
          const tooMany = await call(
            platform.baseUrl,
            'GET',
            `/api/organisations/${orgA.organisationId}/documents?limit=100000`,
            { token: orgA.token },
          );
          expectRefused(tooMany, 400, 'INVALID_INPUT', /limit/);
          const status = await call(platform.baseUrl, 'GET', '/api/admin/issuers?status=bogus', {
            token: adminToken,
          });
          expectRefused(status, 400, 'INVALID_INPUT', /status/);
        });
      });
    });

    describe('verification', () => {
      it('a text file sent as application/pdf is a 415', async () => {
        await unchanged(async () => {
          const response = await call(platform.baseUrl, 'POST', '/api/verify', {
            body: Buffer.from('This is not a PDF, just some text.\n'),
            contentType: 'application/pdf',
          });
          expectRefused(response, 415, 'UNSUPPORTED_MEDIA', /PDF/);
        });
      });

      it('a .txt file uploaded as multipart is a 415', async () => {
        await unchanged(async () => {
          const form = new FormData();
          form.append('file', new Blob(['just text'], { type: 'text/plain' }), 'notes.txt');
          const response = await fetch(`${platform.baseUrl}/api/verify`, {
            method: 'POST',
            body: form,
          });
          const body = (await response.json()) as ErrorBody;
          expect(response.status, JSON.stringify(body)).toBe(415);
          expect(body.error.code).toBe('UNSUPPORTED_MEDIA');
          expect(body.error.message).toMatch(/PDF/);
        });
      });

      it('an empty verification request is a 4xx that says what to send', async () => {
        await unchanged(async () => {
          const nothing = await call(platform.baseUrl, 'POST', '/api/verify');
          expectRefused(nothing, 400, 'INVALID_INPUT', /PDF|sha256/);
          const emptyPdf = await call(platform.baseUrl, 'POST', '/api/verify', {
            body: Buffer.alloc(0),
            contentType: 'application/pdf',
          });
          expectClientError(emptyPdf, [400, 415]);
          const emptyJson = await call(platform.baseUrl, 'POST', '/api/verify', { json: {} });
          expectRefused(emptyJson, 400, 'INVALID_INPUT', /sha256/);
          const form = new FormData();
          form.append('comment', 'no file here');
          const noFile = await fetch(`${platform.baseUrl}/api/verify`, {
            method: 'POST',
            body: form,
          });
          const noFileBody = (await noFile.json()) as ErrorBody;
          expect(noFile.status, JSON.stringify(noFileBody)).toBe(400);
          expect(noFileBody.error.message).toMatch(/file/);
        });
      });

      it('a 25 MB upload is a 413, raw or multipart', async () => {
        await unchanged(async () => {
          const big = Buffer.alloc(25 * MB, 0x20);
          Buffer.from('%PDF-1.7\n').copy(big);
          const raw = await call(platform.baseUrl, 'POST', '/api/verify', {
            body: big,
            contentType: 'application/pdf',
          });
          expectRefused(raw, 413, 'PAYLOAD_TOO_LARGE');
          const form = new FormData();
          form.append('file', new Blob([big], { type: 'application/pdf' }), 'big.pdf');
          const multipart = await fetch(`${platform.baseUrl}/api/verify`, {
            method: 'POST',
            body: form,
          });
          const body = (await multipart.json()) as ErrorBody;
          expect(multipart.status, JSON.stringify(body)).toBe(413);
          expect(body.error.code).toBe('PAYLOAD_TOO_LARGE');
        });
      });

      it('a sha256 of the wrong length or not in hex is a 400 naming sha256', async () => {
        await unchanged(async () => {
          for (const sha256 of ['abc', 'g'.repeat(64), 'a'.repeat(63), 'a'.repeat(65), '']) {
            expectRefused(
              await call(platform.baseUrl, 'POST', '/api/verify', { json: { sha256 } }),
              400,
              'INVALID_INPUT',
              /sha256/,
            );
          }
          expectRefused(
            await call(platform.baseUrl, 'POST', '/api/verify', { json: { sha256: ['a'] } }),
            400,
            'INVALID_INPUT',
            /sha256/,
          );
        });
      });
    });

    describe('activation', () => {
      it('without a secret, or with a termsVersion that is not a number, is a 400 that costs no attempt', async () => {
        await unchanged(async () => {
          const attemptsBefore = await platform.ctx.db
            .selectFrom('documents')
            .select('failedActivationAttempts')
            .where('publicId', '=', pendingDocumentId)
            .executeTakeFirstOrThrow();
          expectRefused(
            await call(platform.baseUrl, 'POST', `/api/activations/${pendingDocumentId}`, {
              json: { acceptTerms: true, termsVersion: 1 },
            }),
            400,
            'INVALID_INPUT',
            /secret/,
          );
          expectRefused(
            await call(platform.baseUrl, 'POST', `/api/activations/${pendingDocumentId}`, {
              json: { secret: link.secret, acceptTerms: true, termsVersion: 'latest' },
            }),
            400,
            'INVALID_INPUT',
            /termsVersion/,
          );
          expectRefused(
            await call(platform.baseUrl, 'POST', `/api/activations/${pendingDocumentId}`, {
              json: { secret: link.secret, acceptTerms: 'sure', termsVersion: 1 },
            }),
            400,
            'INVALID_INPUT',
            /acceptTerms/,
          );
          expectRefused(
            await call(platform.baseUrl, 'POST', `/api/activations/${pendingDocumentId}/pdf`, {
              json: {},
            }),
            400,
            'INVALID_INPUT',
            /secret/,
          );
          const attemptsAfter = await platform.ctx.db
            .selectFrom('documents')
            .select('failedActivationAttempts')
            .where('publicId', '=', pendingDocumentId)
            .executeTakeFirstOrThrow();
          expect(attemptsAfter).toEqual(attemptsBefore);
          expect(await documentState(pendingDocumentId)).toBe('pending');
        });
      });

      it('a malformed secret gets the same 403 as a wrong one and activates nothing', async () => {
        await unchanged(async () => {
          for (const secret of ['../../etc/passwd', '', 'x'.repeat(100)]) {
            expectRefused(
              await call(platform.baseUrl, 'POST', `/api/activations/${pendingDocumentId}`, {
                json: { secret, acceptTerms: true, termsVersion: 1 },
              }),
              403,
              'ACTIVATION_FAILED',
              /^This activation link is not valid\.$/,
            );
          }
          expectRefused(
            await call(platform.baseUrl, 'POST', `/api/activations/${pendingDocumentId}`, {
              json: { secret: 'x'.repeat(101), acceptTerms: true, termsVersion: 1 },
            }),
            400,
            'INVALID_INPUT',
            /secret/,
          );
          expect(await documentState(pendingDocumentId)).toBe('pending');
        });
      });
    });

    describe('revocation', () => {
      it('an empty, blank or 10,000-character reason is a 400 naming reason, and the document stays as it was', async () => {
        await unchanged(async () => {
          const url = `/api/organisations/${orgA.organisationId}/documents/${pendingDocumentId}/revoke`;
          for (const reason of ['', '   ', 'x'.repeat(10_000)]) {
            expectRefused(
              await call(platform.baseUrl, 'POST', url, { token: orgA.token, json: { reason } }),
              400,
              'INVALID_INPUT',
              /reason/,
            );
          }
          expectRefused(
            await call(platform.baseUrl, 'POST', url, { token: orgA.token, json: {} }),
            400,
            'INVALID_INPUT',
            /reason/,
          );
          expect(await documentState(pendingDocumentId)).toBe('pending');
        });
      });
    });

    describe('API keys', () => {
      it('an unknown scope, or no scope at all, is a 400 naming scopes', async () => {
        await unchanged(async () => {
          const url = `/api/organisations/${orgA.organisationId}/api-keys`;
          for (const scopes of [['issue', 'delete-everything'], [], ['admin']]) {
            expectRefused(
              await call(platform.baseUrl, 'POST', url, {
                token: orgA.token,
                json: { name: 'registrar', scopes },
              }),
              400,
              'INVALID_INPUT',
              /scopes/,
            );
          }
        });
      });

      it('a name that is blank or has control characters is a 400 naming name', async () => {
        await unchanged(async () => {
          const url = `/api/organisations/${orgA.organisationId}/api-keys`;
          for (const name of ['   ', 'registrar\u0000', 'line\u001bbreak']) {
            const response = await call(platform.baseUrl, 'POST', url, {
              token: orgA.token,
              json: { name, scopes: ['issue'] },
            });
            expectRefused(response, 400, 'INVALID_INPUT', /name/);
          }
        });
      });
    });

    describe('sign-up and log-in', () => {
      it('signing up with a malformed e-mail is a 400 naming email', async () => {
        await unchanged(async () => {
          for (const email of ['not-an-email', 'owner@', 'owner@localhost', 'o w@x.org']) {
            expectRefused(
              await call(platform.baseUrl, 'POST', '/api/signups', { json: { email } }),
              400,
              'INVALID_INPUT',
              /email/,
            );
          }
        });
      });

      it('signing up with a NUL byte or another control character in the e-mail is a 400 naming email', async () => {
        await unchanged(async () => {
          for (const email of ['nul\u0000byte@issuer.example', 'bell\u0007@issuer.example']) {
            const signUp = await call(platform.baseUrl, 'POST', '/api/signups', {
              json: { email },
            });
            expectRefused(signUp, 400, 'INVALID_INPUT', /email/);
          }
        });
      });

      it('confirming a sign-up with a link that was never sent is a 410 and creates nothing', async () => {
        await unchanged(async () => {
          expectRefused(
            await call(platform.baseUrl, 'POST', '/api/signups/confirm', {
              json: { token: 'A'.repeat(43), password: 'a long enough passphrase' },
            }),
            410,
            'LINK_INVALID',
            /link/,
          );
        });
      });

      it('logging in with a NUL byte in the e-mail is a 4xx, not a database error', async () => {
        await unchanged(async () => {
          const logIn = await call(platform.baseUrl, 'POST', '/api/sessions', {
            json: { email: 'nobody\u0000@issuer.example', password: 'some password or other' },
          });
          expectClientError(logIn, [400, 401]);
        }, 1);
      });

      it('a wrong password is a 401 with exactly the same body as an unknown e-mail', async () => {
        await unchanged(async () => {
          const wrongPassword = await call(platform.baseUrl, 'POST', '/api/sessions', {
            json: { email: orgA.email, password: 'not the right password' },
          });
          expectRefused(wrongPassword, 401, 'INVALID_CREDENTIALS');
          const unknownEmail = await call(platform.baseUrl, 'POST', '/api/sessions', {
            json: { email: 'nobody-at-all@issuer.example', password: 'not the right password' },
          });
          expectRefused(unknownEmail, 401, 'INVALID_CREDENTIALS');
          expect(unknownEmail.raw.toString()).toBe(wrongPassword.raw.toString());
          const missing = await call(platform.baseUrl, 'POST', '/api/sessions', {
            json: { email: orgA.email },
          });
          expectRefused(missing, 400, 'INVALID_INPUT', /password/);
        }, 2);
      });

      it('a missing, invalid or non-Bearer authorization is a 401', async () => {
        await unchanged(async () => {
          expectRefused(await call(platform.baseUrl, 'GET', '/api/me'), 401, 'UNAUTHENTICATED');
          for (const token of [
            'not-a-token',
            'cs_garbage',
            `cs_${'A'.repeat(43)}`,
            `ck_${'B'.repeat(43)}`,
            `${orgA.token}x`,
          ]) {
            expectRefused(
              await call(platform.baseUrl, 'GET', '/api/me', { token }),
              401,
              'UNAUTHENTICATED',
            );
          }
          const basic = await call(platform.baseUrl, 'GET', '/api/me', {
            headers: {
              authorization: `Basic ${Buffer.from(`${orgA.email}:x`).toString('base64')}`,
            },
          });
          expectRefused(basic, 401, 'UNAUTHENTICATED', /Bearer/);
          const list = await call(
            platform.baseUrl,
            'GET',
            `/api/organisations/${orgA.organisationId}/documents`,
          );
          expectRefused(list, 401, 'UNAUTHENTICATED');
        });
      });
    });

    describe('another organisation', () => {
      it("a member of organisation B gets 404, not 403, for everything of organisation A's", async () => {
        await unchanged(async () => {
          const base = `/api/organisations/${orgA.organisationId}`;
          const requests: Array<[string, string, unknown]> = [
            ['GET', `${base}/documents/${pendingDocumentId}`, undefined],
            ['GET', `${base}/documents/${pendingDocumentId}/pdf`, undefined],
            ['GET', `${base}/documents`, undefined],
            ['POST', `${base}/documents/${pendingDocumentId}/revoke`, { reason: 'Probing' }],
            ['POST', `${base}/documents`, validRequest()],
            ['GET', `${base}/api-keys`, undefined],
            ['POST', `${base}/api-keys`, { name: 'stolen', scopes: ['issue'] }],
            [
              'POST',
              '/api/sessions/current/unlock',
              { organisationId: orgA.organisationId, password: orgB.password },
            ],
            // A's document through B's own organisation path.
            [
              'GET',
              `/api/organisations/${orgB.organisationId}/documents/${pendingDocumentId}`,
              undefined,
            ],
            [
              'POST',
              `/api/organisations/${orgB.organisationId}/documents/${pendingDocumentId}/revoke`,
              { reason: 'Probing' },
            ],
          ];
          for (const [method, url, json] of requests) {
            const response = await call(platform.baseUrl, method, url, {
              token: orgB.token,
              ...(json === undefined ? {} : { json }),
            });
            expect(response.status, `${method} ${url}`).toBe(404);
            expectRefused(response, 404, 'NOT_FOUND');
          }
          expect(await documentState(pendingDocumentId)).toBe('pending');
        });
      });

      it("an API key of organisation B gets 404 for organisation A's documents", async () => {
        const created = await call<{ key: string }>(
          platform.baseUrl,
          'POST',
          `/api/organisations/${orgB.organisationId}/api-keys`,
          { token: orgB.token, json: { name: 'B registrar', scopes: ['issue', 'read', 'revoke'] } },
        );
        expect(created.status).toBe(201);
        await unchanged(async () => {
          const base = `/api/organisations/${orgA.organisationId}`;
          for (const [method, url, json] of [
            ['GET', `${base}/documents/${pendingDocumentId}`, undefined],
            ['POST', `${base}/documents`, validRequest()],
            ['POST', `${base}/documents/${pendingDocumentId}/revoke`, { reason: 'Probing' }],
          ] as const) {
            const response = await call(platform.baseUrl, method, url, {
              token: created.body.key,
              ...(json === undefined ? {} : { json }),
            });
            expectRefused(response, 404, 'NOT_FOUND');
          }
          expect(await documentState(pendingDocumentId)).toBe('pending');
        });
      });

      it('a document issued by A cannot be reached by B, and A still sees it unharmed', async () => {
        expect(await documentState(pendingDocumentId)).toBe('pending');
        const info = await call<{ state: string }>(
          platform.baseUrl,
          'GET',
          `/api/activations/${pendingDocumentId}`,
        );
        expect(info.status).toBe(200);
        expect(info.body.state).toBe('pending');
      });
    });
  });

  // Issuing and delivering are separate steps since issue 12: a relay that is down no longer
  // undoes the issuance; the answer says the e-mail is deferred and re-send is the way out.
  describe(`a mail failure issues anyway and says so (${dialect})`, () => {
    let platform: TestPlatform;
    let issuer: TestIssuer;

    beforeAll(async () => {
      // Nothing listens on port 1: every SMTP connection is refused.
      platform = await startTestPlatform(dialect, { SMTP_URL: 'smtp://127.0.0.1:1' });
      issuer = await newApprovedIssuer(platform, 'Unlucky Mail Organisation');
    });
    afterAll(async () => platform.close());

    async function issueWithBrokenMail(): Promise<
      TestResponse<{ id: string; delivery: { state: string; error: string | null } }>
    > {
      return call<{ id: string; delivery: { state: string; error: string | null } }>(
        platform.baseUrl,
        'POST',
        `/api/organisations/${issuer.organisationId}/documents`,
        {
          token: issuer.token,
          json: {
            title: 'Certificate of Attendance',
            recipient: { name: 'Grace Hopper', email: 'grace@example.org' },
            fields: [{ label: 'Course', value: 'Compilers' }],
          },
        },
      );
    }

    it('issuing is a 201 with the delivery deferred; the document, its anchor and audit rows are written', async () => {
      const before = await snapshot(platform);
      const response = await issueWithBrokenMail();
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body.delivery.state).toBe('deferred');
      expect(response.body.delivery.error).toMatch(/^no answer/);
      const after = await snapshot(platform);
      expect(after.rows.documents).toBe((before.rows.documents ?? 0) + 1);
      expect(after.rows.anchor_digests).toBe((before.rows.anchor_digests ?? 0) + 1);
      expect(after.rows.audit_events).toBeGreaterThan(before.rows.audit_events ?? 0);
    }, 30_000);

    it('the server is still usable after the mail failure', async () => {
      const health = await call(platform.baseUrl, 'GET', '/api/health');
      expect(health.status).toBe(200);
      const list = await call<{ documents: unknown[] }>(
        platform.baseUrl,
        'GET',
        `/api/organisations/${issuer.organisationId}/documents`,
        { token: issuer.token },
      );
      expect(list.status).toBe(200);
      expect(list.body.documents).toHaveLength(1);
    });
  });
}
