import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformAdmin } from '../../../src/accounts/create-platform-admin.js';
import { queueStatusStatement } from '../../../src/anchoring/status-statements.js';
import { insertBitcoinHeader } from '../../../src/db/repositories/bitcoin-header.repository.js';
import { findDocumentByPublicId } from '../../../src/db/repositories/document.repository.js';
import {
  activate,
  activationLinkFor,
  issueOne,
  newApprovedIssuer,
  newConfirmedAccount,
  newSubmittedIssuer,
  outboxLinkToken,
  postFile,
} from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import type { TestResponse } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { enrolTwoFactor, freshTotp, logInWithCode } from '../../helpers/two-factor.js';
import { logoPng } from '../templates/images.js';

/*
 * Every HTTP route × every kind of caller, against a real server. RULES says who may call each
 * route; a route registered without a rule fails the first test, so nobody can add a route
 * without deciding who may use it.
 *
 * "Denied" is 401, 403 (except UNLOCK_REQUIRED: the role may, once its session is unlocked) or
 * 404 for an object that exists (another organisation's objects are NOT_FOUND so their ids
 * cannot be probed). Anything else — 2xx, or a 4xx about the state or the input (409, 410,
 * 422…) — means the caller got past authorisation. Requests are well-formed for every caller so
 * that schema validation cannot hide the difference; routes that destroy their target get a
 * fresh one for each caller.
 */

const ROLES = [
  'anonymous',
  'recipient',
  'owner',
  'admin',
  'operator',
  'viewer',
  'otherOrgOwner',
  'platformAdmin',
  'keyIssue',
  'keyRead',
  'keyRevoke',
] as const;
type Role = (typeof ROLES)[number];
type UserRole = 'owner' | 'admin' | 'operator' | 'viewer' | 'otherOrgOwner' | 'platformAdmin';
type KeyRole = 'keyIssue' | 'keyRead' | 'keyRevoke';

const EVERYONE: readonly Role[] = ROLES;
const USERS: readonly UserRole[] = [
  'owner',
  'admin',
  'operator',
  'viewer',
  'otherOrgOwner',
  'platformAdmin',
];
const MEMBERS: readonly Role[] = ['owner', 'admin', 'operator', 'viewer'];
const MANAGERS: readonly Role[] = ['owner', 'admin'];
const ISSUERS: readonly Role[] = ['owner', 'admin', 'operator', 'keyIssue'];
const REVOKERS: readonly Role[] = ['owner', 'admin', 'operator', 'keyRevoke'];
const READERS: readonly Role[] = [...MEMBERS, 'keyRead'];
const TEMPLATE_READERS: readonly Role[] = [...MEMBERS, 'keyRead', 'keyIssue'];
const PLATFORM_ADMIN: readonly Role[] = ['platformAdmin'];
const RECIPIENT: readonly Role[] = ['recipient'];
const CALLERS_WITH_CREDENTIALS: readonly Role[] = [...USERS, 'keyIssue', 'keyRead', 'keyRevoke'];

const PASSWORD = 'matrix of every caller';
const WRONG_SECRET = 'A'.repeat(43);

/** One file of the console build (npm test builds it before the tests run). */
function firstConsoleAsset(): string {
  const directory = path.resolve(import.meta.dirname, '../../../dist/web/console-assets');
  const name = fs.existsSync(directory) ? fs.readdirSync(directory)[0] : undefined;
  if (name === undefined) throw new Error('The console is not built: run npm run build:web.');
  return `/console-assets/${name}`;
}

interface Credentials {
  email: string;
  password: string;
  totpSecret: string | null;
}

interface Document {
  id: string;
  secret: string;
}

interface World {
  platform: TestPlatform;
  orgA: TestIssuer;
  submitted: TestIssuer;
  tokens: Record<UserRole | KeyRole, string>;
  credentials: Record<UserRole, Credentials>;
  userIds: { admin: string; operator: string; viewer: string };
  pendingDocument: Document;
  activeDocument: Document;
  templateId: string;
  assetId: string;
  evidenceId: string;
  submittedEvidenceId: string;
  invitationId: string;
  apiKeyId: string;
}

interface RouteRequest {
  path: string;
  json?: unknown;
  file?: { bytes: Buffer; fileName: string; type: string; fields?: Record<string, string> };
}

interface RouteRule {
  allow: readonly Role[];
  request: (world: World, role: Role) => RouteRequest | Promise<RouteRequest>;
  /** Puts the caller back as it was (a new session after one was ended, an unlock…). */
  after?: (world: World, role: Role) => Promise<void>;
}

let counter = 0;

const statusDigests = new WeakMap<World, string>();
/** A status change of the active document, queued (its proof then answers 409 to everyone). */
async function statusChangeDigest(world: World): Promise<string> {
  const known = statusDigests.get(world);
  if (known !== undefined) return known;
  const row = await findDocumentByPublicId(world.platform.ctx.db, world.activeDocument.id);
  if (row === undefined) throw new Error('no active document');
  const publishedAt = new Date().toISOString();
  await queueStatusStatement(world.platform.ctx.db, {
    documentRowId: row.id,
    documentId: row.publicId,
    transition: 'reinstated',
    effectiveAt: publishedAt,
    reasonCode: null,
    publishedAt,
  });
  const digest = await world.platform.ctx.db
    .selectFrom('anchorDigests')
    .select('digest')
    .where('documentId', '=', row.id)
    .where('kind', '=', 'status_change')
    .executeTakeFirstOrThrow();
  statusDigests.set(world, digest.digest);
  return digest.digest;
}
const unique = (label: string) => `${label}-${++counter}-${process.pid}@matrix.example`;
const orgA = (world: World) => `/api/organisations/${world.orgA.organisationId}`;
const isAllowedForMember = (allow: readonly Role[], role: Role) => allow.includes(role);

async function logIn(world: World, role: UserRole): Promise<void> {
  const { email, password, totpSecret } = world.credentials[role];
  if (totpSecret !== null) {
    world.tokens[role] = await logInWithCode(world.platform, email, password, totpSecret);
  } else {
    const session = await call<{ token: string }>(world.platform.baseUrl, 'POST', '/api/sessions', {
      json: { email, password },
    });
    expect(session.status, JSON.stringify(session.body)).toBe(201);
    world.tokens[role] = session.body.token;
  }
  if (MEMBERS.includes(role)) await unlock(world, role);
}

async function unlock(world: World, role: UserRole): Promise<void> {
  const response = await call(world.platform.baseUrl, 'POST', '/api/sessions/current/unlock', {
    token: world.tokens[role],
    json: { organisationId: world.orgA.organisationId, password: world.credentials[role].password },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

/** A logged-in caller's session may have been ended by the route: log in again. */
async function relogIn(world: World, role: Role): Promise<void> {
  if ((USERS as readonly Role[]).includes(role)) await logIn(world, role as UserRole);
}

/** The caller's password (callers without one send the shared one: they are refused anyway). */
function passwordOf(world: World, role: Role): string {
  return (world.credentials[role as UserRole] as Credentials | undefined)?.password ?? PASSWORD;
}

/** A fresh TOTP code of a caller with a second factor; a well-formed dummy for the others. */
function codeOf(world: World, role: Role): string {
  const secret = (world.credentials[role as UserRole] as Credentials | undefined)?.totpSecret;
  return secret == null ? '000000' : freshTotp(world.platform, secret);
}

async function asOwner<T>(world: World, method: string, path: string, json?: unknown) {
  const response = await call<T>(world.platform.baseUrl, method, path, {
    token: world.tokens.owner,
    ...(json === undefined ? {} : { json }),
  });
  expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

/** A webhook endpoint of organisation A with one (test) delivery, made once per world. */
const webhookFixtures = new WeakMap<World, Promise<{ endpointId: string; deliveryId: string }>>();
function webhookFixture(world: World): Promise<{ endpointId: string; deliveryId: string }> {
  let fixture = webhookFixtures.get(world);
  if (fixture === undefined) {
    fixture = (async () => {
      const endpoint = await newWebhookEndpoint(world);
      const delivery = await asOwner<{ id: string }>(
        world,
        'POST',
        `${orgA(world)}/webhooks/${endpoint}/test`,
      );
      return { endpointId: endpoint, deliveryId: delivery.id };
    })();
    webhookFixtures.set(world, fixture);
  }
  return fixture;
}
async function newWebhookEndpoint(world: World): Promise<string> {
  const endpoint = await asOwner<{ id: string }>(world, 'POST', `${orgA(world)}/webhooks`, {
    url: `https://receiver-${++counter}.example.org/certa`,
    eventTypes: ['document.revoked'],
  });
  return endpoint.id;
}
const webhookPath = async (world: World, tail = '') =>
  `${orgA(world)}/webhooks/${(await webhookFixture(world)).endpointId}${tail}`;

/** A one-row batch of organisation A, uploaded once per world by its owner. */
const batchFixtures = new WeakMap<World, Promise<string>>();
function batchPath(world: World, tail = ''): Promise<string> {
  let fixture = batchFixtures.get(world);
  if (fixture === undefined) {
    fixture = postFile<{ id: string }>(
      world.platform,
      'POST',
      `${orgA(world)}/batches?title=Certificate`,
      world.tokens.owner,
      batchFile(),
    ).then((response) => {
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body.id;
    });
    batchFixtures.set(world, fixture);
  }
  return fixture.then((id) => `${orgA(world)}/batches/${id}${tail}`);
}

function batchFile() {
  return {
    bytes: Buffer.from(`name,email\nAda Lovelace,batch-${++counter}@example.org\n`),
    fileName: 'graduates.csv',
    type: 'text/csv',
  };
}

async function pendingDocument(world: World): Promise<Document> {
  const id = await issueOne(world.platform, world.orgA, {}, world.tokens.owner);
  const link = await activationLinkFor(world.platform, id);
  return { id, secret: link.secret };
}

async function activeDocument(world: World): Promise<Document> {
  const document = await pendingDocument(world);
  await activate(world.platform, { documentId: document.id, secret: document.secret });
  return document;
}

/** A new viewer of organisation A, invited, accepted and returned by user id. */
async function newMember(world: World, role: 'admin' | 'operator' | 'viewer'): Promise<string> {
  const email = unique(role);
  await asOwner(world, 'POST', `${orgA(world)}/invitations`, { email, role });
  const token = await outboxLinkToken(world.platform, email, '/invitations/accept');
  const accepted = await call(world.platform.baseUrl, 'POST', '/api/invitations/accept', {
    json: { token, password: PASSWORD },
  });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  const members = await asOwner<Array<{ userId: string; email: string }>>(
    world,
    'GET',
    `${orgA(world)}/members`,
  );
  const member = members.find((candidate) => candidate.email === email);
  if (member === undefined) throw new Error(`${email} is not a member after accepting`);
  return member.userId;
}

function templateDefinition(assetId: string) {
  return {
    page: { size: 'A4', orientation: 'portrait' },
    elements: [
      {
        id: 'name',
        kind: 'text',
        box: { x: 40, y: 40, width: 400, height: 30 },
        text: '{{recipient.name}}',
      },
      { id: 'logo', kind: 'image', box: { x: 40, y: 100, width: 60, height: 60 }, assetId },
    ],
  };
}

async function newTemplate(world: World): Promise<string> {
  const created = await asOwner<{ id: string }>(world, 'POST', `${orgA(world)}/templates`, {
    name: `Template ${++counter}`,
    definition: templateDefinition(world.assetId),
  });
  return created.id;
}

const documentBody = () => ({
  title: 'Certificate of Attendance',
  recipient: { name: 'Ada Lovelace', email: `recipient-${++counter}@example.org` },
});

/** Who may call each route. The key is `METHOD url-pattern`, exactly as registered. */
const RULES: Record<string, RouteRule> = {
  // Public pages, documentation and assets.
  'GET /': { allow: EVERYONE, request: () => ({ path: '/' }) },
  'GET /verify': { allow: EVERYONE, request: () => ({ path: '/verify' }) },
  'GET /verify/:documentId': {
    allow: EVERYONE,
    request: (world) => ({ path: `/verify/${world.activeDocument.id}` }),
  },
  'GET /activate/:documentId': {
    allow: EVERYONE,
    request: (world) => ({ path: `/activate/${world.pendingDocument.id}` }),
  },
  'GET /issuers/:issuerId': {
    allow: EVERYONE,
    request: (world) => ({ path: `/issuers/${world.orgA.organisationId}` }),
  },
  'GET /recipient/lost-link': {
    allow: EVERYONE,
    request: () => ({ path: '/recipient/lost-link' }),
  },
  'GET /recipient/requests': { allow: EVERYONE, request: () => ({ path: '/recipient/requests' }) },
  'GET /signup': { allow: EVERYONE, request: () => ({ path: '/signup' }) },
  'GET /signup/confirm': { allow: EVERYONE, request: () => ({ path: '/signup/confirm' }) },
  'GET /password-reset': { allow: EVERYONE, request: () => ({ path: '/password-reset' }) },
  'GET /invitations/accept': { allow: EVERYONE, request: () => ({ path: '/invitations/accept' }) },
  'GET /assets/pages/:file': {
    allow: EVERYONE,
    request: async (world) => {
      // The built page scripts: the one the verify page names.
      const page = await fetch(`${world.platform.baseUrl}/verify`);
      const src = /<script type="module" src="([^"]+)"/.exec(await page.text())?.[1];
      return { path: src ?? '/assets/pages/verify.js' };
    },
  },
  'GET /assets/style.css': { allow: EVERYONE, request: () => ({ path: '/assets/style.css' }) },
  'GET /assets/icon.svg': { allow: EVERYONE, request: () => ({ path: '/assets/icon.svg' }) },
  // The console (a single-page application): its pages and hashed assets are public; what it
  // shows comes from the API routes above, each with its own rule.
  'GET /login': { allow: EVERYONE, request: () => ({ path: '/login' }) },
  'GET /login/*': { allow: EVERYONE, request: () => ({ path: '/login/forgotten' }) },
  'GET /console': { allow: EVERYONE, request: () => ({ path: '/console' }) },
  'GET /console/*': { allow: EVERYONE, request: () => ({ path: '/console/account' }) },
  'GET /console-assets/*': { allow: EVERYONE, request: () => ({ path: firstConsoleAsset() }) },
  'GET /docs': { allow: EVERYONE, request: () => ({ path: '/docs' }) },
  'GET /docs/json': { allow: EVERYONE, request: () => ({ path: '/docs/json' }) },
  'GET /docs/yaml': { allow: EVERYONE, request: () => ({ path: '/docs/yaml' }) },
  'GET /docs/static/*': { allow: EVERYONE, request: () => ({ path: '/docs/static/index.css' }) },
  'GET /docs/static/index.html': {
    allow: EVERYONE,
    request: () => ({ path: '/docs/static/index.html' }),
  },
  'GET /docs/static/swagger-initializer.js': {
    allow: EVERYONE,
    request: () => ({ path: '/docs/static/swagger-initializer.js' }),
  },
  'GET /api/health': { allow: EVERYONE, request: () => ({ path: '/api/health' }) },
  // Delivery reports: only the intake token (MAIL_BOUNCE_TOKEN) opens it, never a session or key.
  'POST /api/mail/bounces': {
    allow: [],
    request: () => ({ path: '/api/mail/bounces', json: {} }),
  },
  'GET /api/health/ready': { allow: EVERYONE, request: () => ({ path: '/api/health/ready' }) },

  // Verification and the public proofs.
  'POST /api/verify': {
    allow: EVERYONE,
    request: () => ({ path: '/api/verify', json: { sha256: '0'.repeat(64) } }),
  },
  'GET /api/documents/:documentId/status': {
    allow: EVERYONE,
    request: (world) => ({ path: `/api/documents/${world.activeDocument.id}/status` }),
  },
  'GET /api/documents/:documentId/proof.ots': {
    allow: EVERYONE,
    request: (world) => ({ path: `/api/documents/${world.activeDocument.id}/proof.ots` }),
  },
  'GET /api/documents/:documentId/status-proofs/:digest': {
    allow: EVERYONE,
    request: async (world) => ({
      path: `/api/documents/${world.activeDocument.id}/status-proofs/${await statusChangeDigest(world)}.ots`,
    }),
  },
  // The platform's own Esplora-shaped header source, answered here from a stored header.
  'GET /api/bitcoin/block-height/:height': {
    allow: EVERYONE,
    request: async (world) => ({ path: `/api/bitcoin/block-height/${await storedHeader(world)}` }),
  },
  'GET /api/bitcoin/block/:hash': {
    allow: EVERYONE,
    request: async (world) => {
      await storedHeader(world);
      return { path: `/api/bitcoin/block/${'b1'.repeat(32)}` };
    },
  },
  'GET /api/issuers/:issuerId': {
    allow: EVERYONE,
    request: (world) => ({ path: `/api/issuers/${world.orgA.organisationId}` }),
  },
  'GET /api/issuers/:issuerId/status-lists/:purpose': {
    allow: EVERYONE,
    request: (world) => ({
      path: `/api/issuers/${world.orgA.organisationId}/status-lists/revocation`,
    }),
  },
  'GET /api/issuers/:issuerId/logo': {
    allow: EVERYONE,
    request: async (world) => {
      await postFile(world.platform, 'PUT', `${orgA(world)}/logo`, world.tokens.owner, {
        bytes: logoPng(),
        fileName: 'logo.png',
        type: 'image/png',
      });
      return { path: `/api/issuers/${world.orgA.organisationId}/logo` };
    },
  },

  // The recipient's link: only whoever holds the secret gets past the wrap.
  'GET /api/activations/:documentId': {
    allow: EVERYONE,
    request: (world) => ({ path: `/api/activations/${world.pendingDocument.id}` }),
  },
  'POST /api/activations/:documentId': {
    allow: RECIPIENT,
    request: async (world, role) => {
      const document = await pendingDocument(world);
      return {
        path: `/api/activations/${document.id}`,
        json: {
          secret: role === 'recipient' ? document.secret : WRONG_SECRET,
          acceptTerms: true,
          termsVersion: 1,
        },
      };
    },
  },
  'POST /api/activations/:documentId/pdf': {
    allow: RECIPIENT,
    request: async (world, role) => {
      const document = role === 'recipient' ? world.activeDocument : await pendingDocument(world);
      return {
        path: `/api/activations/${document.id}/pdf`,
        json: { secret: role === 'recipient' ? document.secret : WRONG_SECRET },
      };
    },
  },

  // The holder's rights (issue 13): only the link's secret opens them; a fresh document for the
  // others, so their wrong secrets never lock the shared one.
  'POST /api/recipient/documents/:documentId/data': {
    allow: RECIPIENT,
    request: async (world, role) => {
      const document = role === 'recipient' ? world.activeDocument : await pendingDocument(world);
      return {
        path: `/api/recipient/documents/${document.id}/data`,
        json: { secret: role === 'recipient' ? document.secret : WRONG_SECRET },
      };
    },
  },
  'POST /api/recipient/documents/:documentId/export': {
    allow: RECIPIENT,
    request: async (world, role) => {
      const document = role === 'recipient' ? world.activeDocument : await pendingDocument(world);
      return {
        path: `/api/recipient/documents/${document.id}/export`,
        json: { secret: role === 'recipient' ? document.secret : WRONG_SECRET },
      };
    },
  },
  'POST /api/recipient/documents/:documentId/restrict': {
    allow: RECIPIENT,
    request: async (world, role) => {
      const document = await pendingDocument(world);
      return {
        path: `/api/recipient/documents/${document.id}/restrict`,
        json: { secret: role === 'recipient' ? document.secret : WRONG_SECRET },
      };
    },
  },
  'POST /api/recipient/documents/:documentId/unrestrict': {
    allow: RECIPIENT,
    request: async (world, role) => {
      const document = await pendingDocument(world);
      return {
        path: `/api/recipient/documents/${document.id}/unrestrict`,
        json: { secret: role === 'recipient' ? document.secret : WRONG_SECRET },
      };
    },
  },
  'POST /api/recipient/documents/:documentId/erase': {
    allow: RECIPIENT,
    request: async (world, role) => {
      const document = await pendingDocument(world);
      return {
        path: `/api/recipient/documents/${document.id}/erase`,
        json: { secret: role === 'recipient' ? document.secret : WRONG_SECRET, confirm: true },
      };
    },
  },

  // Lost link: anyone may ask (same answer); the e-mailed token decides the rest (410 without).
  'POST /api/recipient/requests': {
    allow: EVERYONE,
    request: () => ({ path: '/api/recipient/requests', json: { email: unique('lost-link') } }),
  },
  'POST /api/recipient/requests/documents': {
    allow: EVERYONE,
    request: () => ({ path: '/api/recipient/requests/documents', json: { token: WRONG_SECRET } }),
  },
  'POST /api/recipient/requests/export': {
    allow: EVERYONE,
    request: () => ({ path: '/api/recipient/requests/export', json: { token: WRONG_SECRET } }),
  },
  'POST /api/recipient/requests/erase': {
    allow: EVERYONE,
    request: () => ({
      path: '/api/recipient/requests/erase',
      json: { token: WRONG_SECRET, confirm: true },
    }),
  },

  // Accounts: anyone may ask; the link or the password decides.
  'POST /api/signups': {
    allow: EVERYONE,
    request: () => ({ path: '/api/signups', json: { email: unique('signup') } }),
  },
  'POST /api/signups/confirm': {
    allow: EVERYONE,
    request: () => ({
      path: '/api/signups/confirm',
      json: { token: WRONG_SECRET, password: PASSWORD },
    }),
  },
  'POST /api/password-resets': {
    allow: EVERYONE,
    request: () => ({ path: '/api/password-resets', json: { email: unique('reset') } }),
  },
  'POST /api/password-resets/complete': {
    allow: EVERYONE,
    request: () => ({
      path: '/api/password-resets/complete',
      json: { token: WRONG_SECRET, password: PASSWORD },
    }),
  },
  'POST /api/invitations/preview': {
    allow: EVERYONE,
    request: () => ({ path: '/api/invitations/preview', json: { token: WRONG_SECRET } }),
  },
  'POST /api/invitations/accept': {
    allow: EVERYONE,
    request: () => ({
      path: '/api/invitations/accept',
      json: { token: WRONG_SECRET, password: PASSWORD },
    }),
  },
  'POST /api/sessions': {
    allow: EVERYONE,
    request: async (world) => {
      const email = unique('login');
      await newConfirmedAccount(world.platform, email, PASSWORD);
      return { path: '/api/sessions', json: { email, password: PASSWORD } };
    },
    // Logging in ends any session presented with the request (no fixation).
    after: relogIn,
  },
  'DELETE /api/sessions/current': {
    allow: USERS,
    request: () => ({ path: '/api/sessions/current' }),
    after: relogIn,
  },
  'POST /api/sessions/current/unlock': {
    allow: MEMBERS,
    request: (world, role) => ({
      path: '/api/sessions/current/unlock',
      json: {
        organisationId: world.orgA.organisationId,
        password: passwordOf(world, role),
      },
    }),
  },
  'POST /api/sessions/current/lock': {
    allow: USERS,
    request: () => ({ path: '/api/sessions/current/lock' }),
    after: async (world, role) => {
      if (MEMBERS.includes(role)) await unlock(world, role as UserRole);
    },
  },
  'GET /api/me': { allow: CALLERS_WITH_CREDENTIALS, request: () => ({ path: '/api/me' }) },
  'GET /api/me/sessions': { allow: USERS, request: () => ({ path: '/api/me/sessions' }) },
  'DELETE /api/me/sessions/:sessionId': {
    allow: USERS,
    // Users end their own current session (then log in again); the others name a made-up one.
    request: async (world, role) => {
      if (!(USERS as readonly Role[]).includes(role))
        return { path: '/api/me/sessions/AAAAAAAAAAAAAAAAAAAAAA' };
      const me = await call<{ session: { id: string } }>(world.platform.baseUrl, 'GET', '/api/me', {
        token: world.tokens[role as UserRole],
      });
      return { path: `/api/me/sessions/${me.body.session.id}` };
    },
    after: relogIn,
  },
  'DELETE /api/me/sessions': { allow: USERS, request: () => ({ path: '/api/me/sessions' }) },
  'POST /api/me/password': {
    allow: USERS,
    request: (world, role) => {
      const password = passwordOf(world, role);
      return {
        path: '/api/me/password',
        json: { currentPassword: password, newPassword: password },
      };
    },
    after: relogIn,
  },
  'POST /api/me/two-factor': {
    allow: USERS,
    request: (world, role) => ({
      path: '/api/me/two-factor',
      json: { password: passwordOf(world, role) },
    }),
  },
  'POST /api/me/two-factor/confirm': {
    allow: USERS,
    // Operators and viewers finish the enrolment started above (with a real code); the others
    // have it on already (409).
    request: async (world, role) => {
      const credentials = world.credentials[role as UserRole] as Credentials | undefined;
      if (credentials === undefined || credentials.totpSecret !== null)
        return { path: '/api/me/two-factor/confirm', json: { code: '000000' } };
      const started = await call<{ secret: string }>(
        world.platform.baseUrl,
        'POST',
        '/api/me/two-factor',
        { token: world.tokens[role as UserRole], json: { password: credentials.password } },
      );
      expect(started.status, JSON.stringify(started.body)).toBe(200);
      credentials.totpSecret = started.body.secret;
      return {
        path: '/api/me/two-factor/confirm',
        json: { code: freshTotp(world.platform, started.body.secret) },
      };
    },
  },
  'POST /api/me/two-factor/recovery-codes': {
    allow: USERS,
    request: (world, role) => ({
      path: '/api/me/two-factor/recovery-codes',
      json: { password: passwordOf(world, role), code: codeOf(world, role) },
    }),
  },
  'DELETE /api/me/two-factor': {
    // Owners, admins and platform admins must keep their second factor.
    allow: ['operator', 'viewer'],
    request: (world, role) => ({
      path: '/api/me/two-factor',
      json: { password: passwordOf(world, role), code: codeOf(world, role) },
    }),
    after: async (world, role) => {
      if (role === 'operator' || role === 'viewer') {
        world.credentials[role].totpSecret = null;
        await relogIn(world, role);
      }
    },
  },

  // Organisations and their applications.
  'POST /api/organisations': {
    allow: USERS,
    request: () => ({ path: '/api/organisations', json: { name: `Org ${++counter}` } }),
  },
  'GET /api/organisations/:organisationId/application': {
    allow: MEMBERS,
    request: (world) => ({ path: `${orgA(world)}/application` }),
  },
  'PATCH /api/organisations/:organisationId/application': {
    allow: MANAGERS,
    request: (world) => ({ path: `${orgA(world)}/application`, json: { contactName: 'Desk' } }),
  },
  'POST /api/organisations/:organisationId/application/evidence': {
    allow: MANAGERS,
    request: (world) => ({
      path: `${orgA(world)}/application/evidence`,
      file: {
        bytes: logoPng(),
        fileName: 'proof.png',
        type: 'image/png',
        fields: { kind: 'other' },
      },
    }),
  },
  'GET /api/organisations/:organisationId/application/evidence': {
    allow: MEMBERS,
    request: (world) => ({ path: `${orgA(world)}/application/evidence` }),
  },
  'GET /api/organisations/:organisationId/application/evidence/:evidenceId': {
    allow: MANAGERS,
    request: (world) => ({ path: `${orgA(world)}/application/evidence/${world.evidenceId}` }),
  },
  'DELETE /api/organisations/:organisationId/application/evidence/:evidenceId': {
    // The application is approved, so the allowed callers get 409 and the file stays.
    allow: MANAGERS,
    request: (world) => ({ path: `${orgA(world)}/application/evidence/${world.evidenceId}` }),
  },
  'POST /api/organisations/:organisationId/application/domain-check': {
    allow: MANAGERS,
    request: (world) => ({ path: `${orgA(world)}/application/domain-check` }),
  },
  'POST /api/organisations/:organisationId/application/submit': {
    allow: MANAGERS,
    request: (world) => ({ path: `${orgA(world)}/application/submit` }),
  },

  // Members, invitations, keys, logo.
  'GET /api/organisations/:organisationId/members': {
    allow: MEMBERS,
    request: (world) => ({ path: `${orgA(world)}/members` }),
  },
  'PATCH /api/organisations/:organisationId/members/:userId': {
    allow: MANAGERS,
    request: (world) => ({
      path: `${orgA(world)}/members/${world.userIds.viewer}`,
      json: { role: 'viewer' },
    }),
  },
  'DELETE /api/organisations/:organisationId/members/:userId': {
    allow: MANAGERS,
    request: async (world, role) => ({
      path: `${orgA(world)}/members/${
        isAllowedForMember(MANAGERS, role) ? await newMember(world, 'viewer') : world.userIds.admin
      }`,
    }),
  },
  'POST /api/organisations/:organisationId/members/:userId/confirm': {
    allow: MANAGERS,
    request: (world) => ({ path: `${orgA(world)}/members/${world.userIds.operator}/confirm` }),
  },
  'POST /api/organisations/:organisationId/invitations': {
    allow: MANAGERS,
    request: (world) => ({
      path: `${orgA(world)}/invitations`,
      json: { email: unique('invited'), role: 'viewer' },
    }),
  },
  'GET /api/organisations/:organisationId/invitations': {
    allow: MANAGERS,
    request: (world) => ({ path: `${orgA(world)}/invitations` }),
  },
  'DELETE /api/organisations/:organisationId/invitations/:invitationId': {
    allow: MANAGERS,
    request: async (world, role) => {
      if (!MANAGERS.includes(role))
        return { path: `${orgA(world)}/invitations/${world.invitationId}` };
      const invitation = await asOwner<{ id: string }>(
        world,
        'POST',
        `${orgA(world)}/invitations`,
        { email: unique('revoked'), role: 'viewer' },
      );
      return { path: `${orgA(world)}/invitations/${invitation.id}` };
    },
  },
  'GET /api/organisations/:organisationId/keys': {
    allow: READERS,
    request: (world) => ({ path: `${orgA(world)}/keys` }),
  },
  'POST /api/organisations/:organisationId/keys/rotate': {
    allow: MANAGERS,
    request: (world) => ({ path: `${orgA(world)}/keys/rotate`, json: {} }),
  },
  'PUT /api/organisations/:organisationId/logo': {
    allow: MANAGERS,
    request: (world) => ({
      path: `${orgA(world)}/logo`,
      file: { bytes: logoPng(), fileName: 'logo.png', type: 'image/png' },
    }),
  },
  'DELETE /api/organisations/:organisationId/logo': {
    allow: MANAGERS,
    request: (world) => ({ path: `${orgA(world)}/logo` }),
  },

  // API keys.
  'GET /api/organisations/:organisationId/api-keys': {
    allow: MANAGERS,
    request: (world) => ({ path: `${orgA(world)}/api-keys` }),
  },
  'POST /api/organisations/:organisationId/api-keys': {
    allow: MANAGERS,
    request: (world) => ({
      path: `${orgA(world)}/api-keys`,
      json: { name: `key ${++counter}`, scopes: ['read'] },
    }),
  },
  'DELETE /api/organisations/:organisationId/api-keys/:apiKeyId': {
    allow: MANAGERS,
    request: async (world, role) => {
      if (!MANAGERS.includes(role)) return { path: `${orgA(world)}/api-keys/${world.apiKeyId}` };
      const key = await asOwner<{ id: string }>(world, 'POST', `${orgA(world)}/api-keys`, {
        name: `to revoke ${++counter}`,
        scopes: ['read'],
      });
      return { path: `${orgA(world)}/api-keys/${key.id}` };
    },
  },

  // Webhooks (owners and admins).
  'GET /api/organisations/:organisationId/webhooks': {
    allow: MANAGERS,
    request: (world) => ({ path: `${orgA(world)}/webhooks` }),
  },
  'POST /api/organisations/:organisationId/webhooks': {
    allow: MANAGERS,
    request: (world) => ({
      path: `${orgA(world)}/webhooks`,
      json: {
        url: `https://matrix-${++counter}.example.org/hook`,
        eventTypes: ['document.issued'],
      },
    }),
  },
  'GET /api/organisations/:organisationId/webhooks/:endpointId': {
    allow: MANAGERS,
    request: async (world) => ({ path: await webhookPath(world) }),
  },
  'PATCH /api/organisations/:organisationId/webhooks/:endpointId': {
    allow: MANAGERS,
    request: async (world) => ({ path: await webhookPath(world), json: { description: 'ERP' } }),
  },
  'DELETE /api/organisations/:organisationId/webhooks/:endpointId': {
    allow: MANAGERS,
    request: async (world, role) => {
      if (!MANAGERS.includes(role)) return { path: await webhookPath(world) };
      return { path: `${orgA(world)}/webhooks/${await newWebhookEndpoint(world)}` };
    },
  },
  'POST /api/organisations/:organisationId/webhooks/:endpointId/rotate-secret': {
    allow: MANAGERS,
    request: async (world) => ({ path: await webhookPath(world, '/rotate-secret'), json: {} }),
  },
  'POST /api/organisations/:organisationId/webhooks/:endpointId/test': {
    allow: MANAGERS,
    request: async (world) => ({ path: await webhookPath(world, '/test') }),
  },
  'GET /api/organisations/:organisationId/webhooks/:endpointId/deliveries': {
    allow: MANAGERS,
    request: async (world) => ({ path: await webhookPath(world, '/deliveries') }),
  },
  'POST /api/organisations/:organisationId/webhooks/:endpointId/deliveries/:deliveryId/redeliver': {
    allow: MANAGERS,
    request: async (world) => ({
      path: await webhookPath(
        world,
        `/deliveries/${(await webhookFixture(world)).deliveryId}/redeliver`,
      ),
    }),
  },

  // Documents.
  'POST /api/organisations/:organisationId/documents': {
    allow: ISSUERS,
    request: (world) => ({ path: `${orgA(world)}/documents`, json: documentBody() }),
  },
  'POST /api/organisations/:organisationId/documents/batch': {
    allow: ISSUERS,
    request: (world) => ({
      path: `${orgA(world)}/documents/batch`,
      json: { documents: [documentBody(), documentBody()] },
    }),
  },
  'GET /api/organisations/:organisationId/documents': {
    allow: READERS,
    request: (world) => ({ path: `${orgA(world)}/documents` }),
  },
  'GET /api/organisations/:organisationId/documents/:documentId': {
    allow: READERS,
    request: (world) => ({ path: `${orgA(world)}/documents/${world.pendingDocument.id}` }),
  },
  'GET /api/organisations/:organisationId/documents/:documentId/pdf': {
    allow: MEMBERS,
    request: (world) => ({ path: `${orgA(world)}/documents/${world.activeDocument.id}/pdf` }),
  },
  'GET /api/organisations/:organisationId/documents/:documentId/commitment.ots': {
    allow: READERS,
    request: (world) => ({
      path: `${orgA(world)}/documents/${world.activeDocument.id}/commitment.ots`,
    }),
  },
  'POST /api/organisations/:organisationId/documents/:documentId/revoke': {
    allow: REVOKERS,
    request: async (world) => ({
      path: `${orgA(world)}/documents/${(await pendingDocument(world)).id}/revoke`,
      json: { reason: 'Issued in error' },
    }),
  },
  'GET /api/organisations/:organisationId/retention': {
    allow: MANAGERS,
    request: (world) => ({ path: `${orgA(world)}/retention` }),
  },
  'PUT /api/organisations/:organisationId/retention': {
    allow: MANAGERS,
    request: (world) => ({
      path: `${orgA(world)}/retention`,
      json: { pendingMonths: null, activatedYears: null },
    }),
  },
  // Reminders (issue 12): settings by managers, counts by readers, sending by issuers (unlocked).
  'GET /api/organisations/:organisationId/reminders/settings': {
    allow: READERS,
    request: (world) => ({ path: `${orgA(world)}/reminders/settings` }),
  },
  'PUT /api/organisations/:organisationId/reminders/settings': {
    allow: MANAGERS,
    request: (world) => ({
      path: `${orgA(world)}/reminders/settings`,
      json: { enabled: false, days: [7, 21], maxReminders: 2 },
    }),
  },
  'GET /api/organisations/:organisationId/reminders/due': {
    allow: READERS,
    request: (world) => ({ path: `${orgA(world)}/reminders/due` }),
  },
  'POST /api/organisations/:organisationId/reminders/send-due': {
    allow: ISSUERS,
    request: (world) => ({ path: `${orgA(world)}/reminders/send-due` }),
  },
  'GET /api/organisations/:organisationId/documents/:documentId/reminders': {
    allow: READERS,
    request: (world) => ({
      path: `${orgA(world)}/documents/${world.pendingDocument.id}/reminders`,
    }),
  },
  'PUT /api/organisations/:organisationId/documents/:documentId/reminders': {
    allow: ISSUERS,
    request: (world) => ({
      path: `${orgA(world)}/documents/${world.pendingDocument.id}/reminders`,
      json: { stopped: true },
    }),
  },
  'POST /api/organisations/:organisationId/documents/:documentId/erase': {
    allow: MANAGERS,
    request: async (world) => ({
      path: `${orgA(world)}/documents/${(await pendingDocument(world)).id}/erase`,
      json: { reason: 'issued_in_error' },
    }),
  },
  // The shared active document: the first allowed caller suspends it (later ones get 409
  // already_suspended, past authorisation all the same), then the rule below reinstates it.
  'POST /api/organisations/:organisationId/documents/:documentId/suspend': {
    allow: REVOKERS,
    request: (world) => ({
      path: `${orgA(world)}/documents/${world.activeDocument.id}/suspend`,
      json: { reason: 'Under inquiry' },
    }),
  },
  'POST /api/organisations/:organisationId/documents/revoke': {
    allow: REVOKERS,
    request: async (world, role) => ({
      path: `${orgA(world)}/documents/revoke`,
      json: {
        documentIds: [
          (REVOKERS.includes(role) ? await pendingDocument(world) : world.pendingDocument).id,
        ],
        reason: 'Issued in error',
      },
    }),
  },
  // Each allowed caller (both the issue and the revoke permission) corrects a fresh document.
  'POST /api/organisations/:organisationId/documents/:documentId/supersede': {
    allow: REVOKERS.filter((role) => ISSUERS.includes(role)),
    request: async (world, role) => ({
      path: `${orgA(world)}/documents/${(REVOKERS.includes(role) && ISSUERS.includes(role) ? await pendingDocument(world) : world.pendingDocument).id}/supersede`,
      json: documentBody(),
    }),
  },
  'POST /api/organisations/:organisationId/documents/:documentId/reinstate': {
    allow: REVOKERS,
    request: (world) => ({
      path: `${orgA(world)}/documents/${world.activeDocument.id}/reinstate`,
    }),
  },
  'GET /api/organisations/:organisationId/dashboard': {
    allow: READERS,
    request: (world) => ({ path: `${orgA(world)}/dashboard` }),
  },
  // A new link replaces the old one: allowed callers each get a fresh pending document.
  'POST /api/organisations/:organisationId/documents/:documentId/resend': {
    allow: ISSUERS,
    request: async (world, role) => ({
      path: `${orgA(world)}/documents/${(ISSUERS.includes(role) ? await pendingDocument(world) : world.pendingDocument).id}/resend`,
    }),
  },
  'POST /api/organisations/:organisationId/documents/:documentId/recipient-email': {
    allow: ISSUERS,
    request: async (world, role) => ({
      path: `${orgA(world)}/documents/${(ISSUERS.includes(role) ? await pendingDocument(world) : world.pendingDocument).id}/recipient-email`,
      json: { email: `corrected-${++counter}@example.org` },
    }),
  },

  // Batches (issue 12): one batch per world; starting it needs an unlocked session.
  'POST /api/organisations/:organisationId/batches': {
    allow: ISSUERS,
    request: (world) => ({ path: `${orgA(world)}/batches?title=Certificate`, file: batchFile() }),
  },
  'GET /api/organisations/:organisationId/batches': {
    allow: READERS,
    request: (world) => ({ path: `${orgA(world)}/batches` }),
  },
  'GET /api/organisations/:organisationId/batches/:batchId': {
    allow: READERS,
    request: async (world) => ({ path: await batchPath(world) }),
  },
  'GET /api/organisations/:organisationId/batches/:batchId/documents': {
    allow: READERS,
    request: async (world) => ({ path: await batchPath(world, '/documents') }),
  },
  'GET /api/organisations/:organisationId/batches/:batchId/report.csv': {
    allow: READERS,
    request: async (world) => ({ path: await batchPath(world, '/report.csv') }),
  },
  'GET /api/organisations/:organisationId/batches/:batchId/events': {
    allow: READERS,
    request: async (world) => ({ path: await batchPath(world, '/events') }),
  },
  'POST /api/organisations/:organisationId/batches/:batchId/mapping': {
    allow: ISSUERS,
    request: async (world) => ({
      path: await batchPath(world, '/mapping'),
      json: { mapping: {} },
    }),
  },
  'POST /api/organisations/:organisationId/batches/:batchId/confirm': {
    allow: ISSUERS,
    request: async (world) => ({
      path: await batchPath(world, '/confirm'),
      json: { mode: 'valid_only' },
    }),
  },
  'POST /api/organisations/:organisationId/batches/:batchId/resume': {
    allow: ISSUERS,
    request: async (world) => ({ path: await batchPath(world, '/resume') }),
  },
  'POST /api/organisations/:organisationId/batches/:batchId/resend': {
    allow: ISSUERS,
    request: async (world) => ({ path: await batchPath(world, '/resend'), json: {} }),
  },
  'POST /api/organisations/:organisationId/batches/:batchId/revoke': {
    allow: REVOKERS,
    request: async (world) => ({
      path: await batchPath(world, '/revoke'),
      json: { reason: 'Issued in error' },
    }),
  },
  'POST /api/organisations/:organisationId/batches/:batchId/cancel': {
    allow: ISSUERS,
    request: async (world) => ({ path: await batchPath(world, '/cancel') }),
  },

  // Templates.
  'GET /api/organisations/:organisationId/template-assets': {
    allow: TEMPLATE_READERS,
    request: (world) => ({ path: `${orgA(world)}/template-assets` }),
  },
  'POST /api/organisations/:organisationId/template-assets': {
    allow: MANAGERS,
    request: (world) => ({
      path: `${orgA(world)}/template-assets`,
      file: { bytes: logoPng(), fileName: 'logo.png', type: 'image/png' },
    }),
  },
  'GET /api/organisations/:organisationId/template-assets/:assetId': {
    allow: TEMPLATE_READERS,
    request: (world) => ({ path: `${orgA(world)}/template-assets/${world.assetId}` }),
  },
  'GET /api/organisations/:organisationId/templates': {
    allow: TEMPLATE_READERS,
    request: (world) => ({ path: `${orgA(world)}/templates` }),
  },
  'POST /api/organisations/:organisationId/templates': {
    allow: MANAGERS,
    request: (world) => ({
      path: `${orgA(world)}/templates`,
      json: { name: `Template ${++counter}`, definition: templateDefinition(world.assetId) },
    }),
  },
  'POST /api/organisations/:organisationId/templates/preview': {
    allow: MANAGERS,
    request: (world) => ({
      path: `${orgA(world)}/templates/preview`,
      json: { definition: templateDefinition(world.assetId) },
    }),
  },
  'POST /api/organisations/:organisationId/templates/layout': {
    allow: MANAGERS,
    request: (world) => ({
      path: `${orgA(world)}/templates/layout`,
      json: { definition: templateDefinition(world.assetId) },
    }),
  },
  'GET /api/organisations/:organisationId/template-starters': {
    allow: MANAGERS,
    request: (world) => ({ path: `${orgA(world)}/template-starters` }),
  },
  'POST /api/organisations/:organisationId/templates/:templateId/versions/:version/restore': {
    allow: MANAGERS,
    request: (world) => ({
      path: `${orgA(world)}/templates/${world.templateId}/versions/1/restore`,
      json: {},
    }),
  },
  'GET /api/organisations/:organisationId/templates/:templateId': {
    allow: TEMPLATE_READERS,
    request: (world) => ({ path: `${orgA(world)}/templates/${world.templateId}` }),
  },
  'POST /api/organisations/:organisationId/templates/:templateId/preview': {
    allow: TEMPLATE_READERS,
    request: (world) => ({
      path: `${orgA(world)}/templates/${world.templateId}/preview`,
      json: {},
    }),
  },
  'GET /api/organisations/:organisationId/templates/:templateId/versions': {
    allow: TEMPLATE_READERS,
    request: (world) => ({ path: `${orgA(world)}/templates/${world.templateId}/versions` }),
  },
  'POST /api/organisations/:organisationId/templates/:templateId/versions': {
    allow: MANAGERS,
    request: (world) => ({
      path: `${orgA(world)}/templates/${world.templateId}/versions`,
      json: { name: 'Next version', definition: templateDefinition(world.assetId) },
    }),
  },
  'GET /api/organisations/:organisationId/templates/:templateId/versions/:version': {
    allow: TEMPLATE_READERS,
    request: (world) => ({ path: `${orgA(world)}/templates/${world.templateId}/versions/1` }),
  },
  'POST /api/organisations/:organisationId/templates/:templateId/archive': {
    allow: MANAGERS,
    request: async (world, role) => ({
      path: `${orgA(world)}/templates/${
        MANAGERS.includes(role) ? await newTemplate(world) : world.templateId
      }/archive`,
    }),
  },

  // Versioned terms and consent (issue 13 #1). Version 1 is the published recipient terms the
  // first migration carried over: it cannot change, so the admin's changes are 409s.
  'GET /api/terms/:kind/current': {
    allow: EVERYONE,
    request: () => ({ path: '/api/terms/recipient/current?language=fr' }),
  },
  'GET /api/me/terms': { allow: USERS, request: () => ({ path: '/api/me/terms' }) },
  'POST /api/me/terms/accept': {
    allow: USERS,
    request: () => ({ path: '/api/me/terms/accept', json: { version: 1, language: 'en' } }),
  },
  'GET /api/me/consents': { allow: USERS, request: () => ({ path: '/api/me/consents' }) },
  'GET /api/admin/audit': { allow: PLATFORM_ADMIN, request: () => ({ path: '/api/admin/audit' }) },
  'GET /api/admin/audit/chain': {
    allow: PLATFORM_ADMIN,
    request: () => ({ path: '/api/admin/audit/chain' }),
  },
  'GET /api/organisations/:organisationId/audit': {
    allow: ['owner'],
    request: (world) => ({ path: `${orgA(world)}/audit` }),
  },
  'GET /api/admin/terms': { allow: PLATFORM_ADMIN, request: () => ({ path: '/api/admin/terms' }) },
  'POST /api/admin/terms': {
    allow: PLATFORM_ADMIN,
    request: () => ({
      path: '/api/admin/terms',
      json: { kind: 'recipient', label: 'matrix', bodyEn: 'Terms.', bodyFr: 'Conditions.' },
    }),
  },
  'GET /api/admin/terms/:versionId': {
    allow: PLATFORM_ADMIN,
    request: () => ({ path: '/api/admin/terms/1' }),
  },
  'PUT /api/admin/terms/:versionId': {
    allow: PLATFORM_ADMIN,
    request: () => ({
      path: '/api/admin/terms/1',
      json: { label: 'matrix', bodyEn: 'Terms.', bodyFr: 'Conditions.' },
    }),
  },
  'DELETE /api/admin/terms/:versionId': {
    allow: PLATFORM_ADMIN,
    request: () => ({ path: '/api/admin/terms/1' }),
  },
  'POST /api/admin/terms/:versionId/publish': {
    allow: PLATFORM_ADMIN,
    request: () => ({ path: '/api/admin/terms/1/publish' }),
  },

  // Reports for the DPO (issue 13 #4).
  'GET /api/admin/reports/dpo': {
    allow: PLATFORM_ADMIN,
    request: () => ({ path: '/api/admin/reports/dpo' }),
  },
  'GET /api/admin/reports/dpo/export': {
    allow: PLATFORM_ADMIN,
    request: () => ({ path: '/api/admin/reports/dpo/export' }),
  },

  // The platform's own administration.
  'GET /api/admin/anchoring': {
    allow: PLATFORM_ADMIN,
    request: () => ({ path: '/api/admin/anchoring' }),
  },
  'GET /api/admin/issuers': {
    allow: PLATFORM_ADMIN,
    request: () => ({ path: '/api/admin/issuers?status=submitted' }),
  },
  'GET /api/admin/issuers/:issuerId': {
    allow: PLATFORM_ADMIN,
    request: (world) => ({ path: `/api/admin/issuers/${world.submitted.organisationId}` }),
  },
  'GET /api/admin/issuers/:issuerId/audit': {
    allow: PLATFORM_ADMIN,
    request: (world) => ({
      path: `/api/admin/issuers/${world.orgA.organisationId}/audit?pageSize=5`,
    }),
  },
  'GET /api/admin/issuers/:issuerId/evidence/:evidenceId': {
    allow: PLATFORM_ADMIN,
    request: (world) => ({
      path: `/api/admin/issuers/${world.submitted.organisationId}/evidence/${world.submittedEvidenceId}`,
    }),
  },
  'POST /api/admin/issuers/:issuerId/domain-check': {
    allow: PLATFORM_ADMIN,
    request: (world) => ({
      path: `/api/admin/issuers/${world.submitted.organisationId}/domain-check`,
    }),
  },
  'POST /api/admin/issuers/:issuerId/approve': {
    allow: PLATFORM_ADMIN,
    request: async (world, role) => ({
      path: `/api/admin/issuers/${await decisionTarget(world, role, 'submitted')}/approve`,
    }),
  },
  'POST /api/admin/issuers/:issuerId/reject': {
    allow: PLATFORM_ADMIN,
    request: async (world, role) => ({
      path: `/api/admin/issuers/${await decisionTarget(world, role, 'submitted')}/reject`,
      json: { reason: 'The registration number does not match the register.' },
    }),
  },
  'POST /api/admin/issuers/:issuerId/request-info': {
    allow: PLATFORM_ADMIN,
    request: async (world, role) => ({
      path: `/api/admin/issuers/${await decisionTarget(world, role, 'submitted')}/request-info`,
      json: { reason: 'Please add a proof of address.' },
    }),
  },
  'POST /api/admin/issuers/:issuerId/suspend': {
    allow: PLATFORM_ADMIN,
    request: async (world, role) => ({
      path: `/api/admin/issuers/${await decisionTarget(world, role, 'approved')}/suspend`,
      json: { reason: 'Under investigation.' },
    }),
  },
};

/** The platform admin decides on a fresh organisation; the others are refused on a shared one. */
async function decisionTarget(
  world: World,
  role: Role,
  state: 'submitted' | 'approved',
): Promise<string> {
  if (role !== 'platformAdmin') return world.submitted.organisationId;
  const fresh =
    state === 'submitted'
      ? await newSubmittedIssuer(world.platform, `Decision ${++counter}`)
      : await newApprovedIssuer(world.platform, `Suspension ${++counter}`);
  return fresh.organisationId;
}

/** A settled header in the platform's table (block 800,000 of 2023): its height. */
async function storedHeader(world: World): Promise<number> {
  await insertBitcoinHeader(world.platform.ctx.db, {
    height: 800_000,
    hash: 'b1'.repeat(32),
    merkleRoot: 'c2'.repeat(32),
    blockTime: '2023-07-24T00:00:00.000Z',
    storedAt: '2026-12-06T00:00:00.000Z',
  });
  return 800_000;
}

function denied(response: TestResponse<unknown>): boolean {
  if (response.status === 401 || response.status === 404) return true;
  if (response.status !== 403) return false;
  const body = response.body as { error?: { code?: string } };
  return body.error?.code !== 'UNLOCK_REQUIRED';
}

async function send(world: World, method: string, role: Role, request: RouteRequest) {
  const token = role === 'anonymous' || role === 'recipient' ? undefined : world.tokens[role];
  if (request.file !== undefined)
    return postFile<unknown>(
      world.platform,
      method,
      request.path,
      token,
      request.file,
      request.file.fields,
    );
  return call<unknown>(world.platform.baseUrl, method, request.path, {
    ...(token === undefined ? {} : { token }),
    ...(request.json === undefined ? {} : { json: request.json }),
  });
}

async function buildWorld(platform: TestPlatform): Promise<World> {
  const owner = await newApprovedIssuer(platform, 'Organisation A');
  const other = await newApprovedIssuer(platform, 'Organisation B');
  const submitted = await newSubmittedIssuer(platform, 'Organisation Under Review');
  const adminEmail = unique('platform-admin');
  await createPlatformAdmin(platform.ctx, { email: adminEmail, password: PASSWORD });
  const partial = {
    platform,
    orgA: owner,
    submitted,
    tokens: { owner: owner.token, otherOrgOwner: other.token } as World['tokens'],
    credentials: {
      owner: { email: owner.email, password: owner.password, totpSecret: owner.totpSecret },
      otherOrgOwner: { email: other.email, password: other.password, totpSecret: other.totpSecret },
      platformAdmin: { email: adminEmail, password: PASSWORD, totpSecret: null },
    } as World['credentials'],
  } as World;
  await unlock(partial, 'owner');

  // The platform admin turns the second factor on, as it must.
  await logIn(partial, 'platformAdmin');
  const adminTwoFactor = await enrolTwoFactor(platform, partial.tokens.platformAdmin, PASSWORD);
  partial.credentials.platformAdmin.totpSecret = adminTwoFactor.secret;
  partial.tokens.platformAdmin = adminTwoFactor.token;

  // Members of A by invitation, confirmed by the unlocked owner so each can unlock too.
  partial.userIds = { admin: '', operator: '', viewer: '' };
  for (const role of ['admin', 'operator', 'viewer'] as const) {
    const userId = await newMember(partial, role);
    partial.userIds[role] = userId;
    await asOwner(partial, 'POST', `${orgA(partial)}/members/${userId}/confirm`);
    const members = await asOwner<Array<{ userId: string; email: string }>>(
      partial,
      'GET',
      `${orgA(partial)}/members`,
    );
    const email = members.find((member) => member.userId === userId)?.email ?? '';
    partial.credentials[role] = { email, password: PASSWORD, totpSecret: null };
    const session = await call<{ token: string }>(platform.baseUrl, 'POST', '/api/sessions', {
      json: { email, password: PASSWORD },
    });
    expect(session.status).toBe(201);
    partial.tokens[role] = session.body.token;
    if (role === 'admin') {
      const enrolled = await enrolTwoFactor(platform, session.body.token, PASSWORD);
      partial.credentials.admin.totpSecret = enrolled.secret;
      partial.tokens.admin = enrolled.token;
    }
    await unlock(partial, role);
  }

  for (const [role, scope] of [
    ['keyIssue', 'issue'],
    ['keyRead', 'read'],
    ['keyRevoke', 'revoke'],
  ] as const) {
    const key = await asOwner<{ key: string; id: string }>(
      partial,
      'POST',
      `${orgA(partial)}/api-keys`,
      { name: role, scopes: [scope] },
    );
    partial.tokens[role] = key.key;
    partial.apiKeyId = key.id;
  }

  partial.pendingDocument = await pendingDocument(partial);
  partial.activeDocument = await activeDocument(partial);
  const asset = await postFile<{ id: string }>(
    platform,
    'POST',
    `${orgA(partial)}/template-assets`,
    partial.tokens.owner,
    { bytes: logoPng(), fileName: 'logo.png', type: 'image/png' },
  );
  expect(asset.status, JSON.stringify(asset.body)).toBe(201);
  partial.assetId = asset.body.id;
  partial.templateId = await newTemplate(partial);
  const evidence = await asOwner<{ evidence: Array<{ id: string }> }>(
    partial,
    'GET',
    `${orgA(partial)}/application/evidence`,
  );
  partial.evidenceId = evidence.evidence[0]?.id ?? '';
  const submittedEvidence = await call<{ evidence: Array<{ id: string }> }>(
    platform.baseUrl,
    'GET',
    `/api/organisations/${submitted.organisationId}/application/evidence`,
    { token: submitted.token },
  );
  partial.submittedEvidenceId = submittedEvidence.body.evidence[0]?.id ?? '';
  const invitation = await asOwner<{ id: string }>(
    partial,
    'POST',
    `${orgA(partial)}/invitations`,
    { email: unique('pending-invitation'), role: 'viewer' },
  );
  partial.invitationId = invitation.id;
  return partial;
}

for (const dialect of DIALECTS) {
  describe(`every route × every caller (${dialect})`, () => {
    let platform: TestPlatform;
    let world: World;

    beforeAll(async () => {
      platform = await startTestPlatform(
        dialect,
        { DOMAIN_DNS_SERVERS: '127.0.0.1:9', DOMAIN_CHECK_TIMEOUT_MS: '200' },
        { rateLimits: false },
      );
      world = await buildWorld(platform);
    }, 120_000);

    afterAll(async () => {
      await platform.close();
    });

    it('has a rule for every registered route, and no rule for a route that does not exist', () => {
      const registered = platform.app.routeTable.map((route) => `${route.method} ${route.url}`);
      expect(
        registered.filter((route) => !(route in RULES)),
        'routes without an authorisation rule',
      ).toEqual([]);
      expect(
        Object.keys(RULES).filter((route) => !registered.includes(route)),
        'rules for routes that are not registered',
      ).toEqual([]);
    });

    it('lets exactly the listed callers past authorisation on every route', async () => {
      const mismatches: string[] = [];
      for (const [route, rule] of Object.entries(RULES)) {
        const [method = 'GET'] = route.split(' ');
        for (const role of ROLES) {
          const request = await rule.request(world, role);
          const response = await send(world, method, role, request);
          expect(response.status, `${route} as ${role} was rate limited`).not.toBe(429);
          expect(response.status, `${route} as ${role}: ${response.raw.toString()}`).toBeLessThan(
            500,
          );
          const expected = rule.allow.includes(role) ? 'allowed' : 'denied';
          const actual = denied(response) ? 'denied' : 'allowed';
          if (expected !== actual) {
            const body = response.raw.toString('utf8').slice(0, 160);
            mismatches.push(
              `${route} as ${role}: expected ${expected}, got ${response.status} ${body}`,
            );
          }
          await rule.after?.(world, role);
        }
      }
      expect(mismatches).toEqual([]);
    }, 300_000);
  });
}
