import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { expect } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { insertPreparedUser, prepareUser } from '../../src/accounts/create-user.js';
import { approveIssuer } from '../../src/issuers/review-issuer.js';
import { call } from './http.js';
import type { TestResponse } from './http.js';
import type { TestPlatform } from './test-platform.js';
import { enrolTwoFactor } from './two-factor.js';

let counter = 0;

export interface TestIssuer {
  organisationId: string;
  email: string;
  password: string;
  recoveryKey: string;
  /** Session token of the owner; it passed the second factor (owners need one). */
  token: string;
  /** The owner's TOTP secret (base32): log in again with `logInWithCode` (helpers/two-factor). */
  totpSecret: string;
}

/**
 * Turns TOTP on for a freshly logged-in owner and returns a session that passed the second factor
 * (owners and admins need one for every organisation route).
 */
export async function withOwnerTwoFactor(
  platform: TestPlatform,
  owner: { token: string; password: string },
): Promise<{ token: string; totpSecret: string }> {
  const enrolled = await enrolTwoFactor(platform, owner.token, owner.password);
  return { token: enrolled.token, totpSecret: enrolled.secret };
}

/**
 * An account with a confirmed e-mail address, made directly in the database: the sign-up link
 * itself is tested in test/integration/accounts, and most tests only need a user who has one.
 */
export async function newConfirmedAccount(
  platform: TestPlatform,
  email: string,
  password: string,
): Promise<void> {
  const prepared = await prepareUser(email, password);
  const at = platform.ctx.now().toISOString();
  await platform.ctx.db.transaction().execute(async (trx) => {
    await insertPreparedUser(trx, prepared, {
      isPlatformAdmin: false,
      emailConfirmedAt: at,
      createdAt: at,
    });
  });
}

/** Logs in with e-mail and password (no second factor) over HTTP; returns the session token. */
export async function logIn(
  platform: TestPlatform,
  email: string,
  password: string,
): Promise<string> {
  const session = await call<{ token: string }>(platform.baseUrl, 'POST', '/api/sessions', {
    json: { email, password },
  });
  expect(session.status, `log-in of ${email}: ${JSON.stringify(session.body)}`).toBe(201);
  return session.body.token;
}

/** A one-page PDF, good enough as application evidence. */
export async function evidenceDocument(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]);
  return Buffer.from(await pdf.save());
}

/** Sends a multipart form with one file (and text fields), as `token` or anonymously. */
export async function postFile<T = Record<string, unknown>>(
  platform: TestPlatform,
  method: string,
  path: string,
  token: string | undefined,
  file: { field?: string; bytes: Buffer; fileName: string; type: string },
  fields: Record<string, string> = {},
): Promise<TestResponse<T>> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append(
    file.field ?? 'file',
    new Blob([new Uint8Array(file.bytes)], { type: file.type }),
    file.fileName,
  );
  const response = await fetch(`${platform.baseUrl}${path}`, {
    method,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    body: form,
  });
  const raw = Buffer.from(await response.arrayBuffer());
  const type = response.headers.get('content-type') ?? '';
  const body = (type.includes('json') ? JSON.parse(raw.toString('utf8')) : raw) as T;
  return { status: response.status, headers: response.headers, body, raw };
}

/**
 * An organisation whose application is submitted and waits for review: its owner (a confirmed
 * account, logged in, second factor on) created it, filled in the application, attached one
 * evidence file and submitted it.
 */
export async function newSubmittedIssuer(
  platform: TestPlatform,
  name = 'Université de Test',
): Promise<TestIssuer> {
  counter += 1;
  const email = `owner${counter}-${process.pid}@issuer.example`;
  const password = 'correct horse battery staple';
  await newConfirmedAccount(platform, email, password);
  const token = await logIn(platform, email, password);
  const twoFactor = await withOwnerTwoFactor(platform, { token, password });
  const created = await call<{ organisationId: string; recoveryKey: string }>(
    platform.baseUrl,
    'POST',
    '/api/organisations',
    { token: twoFactor.token, json: { name } },
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const { organisationId } = created.body;
  const application = `/api/organisations/${organisationId}/application`;
  const filled = await call(platform.baseUrl, 'PATCH', application, {
    token: twoFactor.token,
    json: {
      legalName: name,
      registrationNumber: `RN-${counter}`,
      country: 'FR',
      website: 'https://www.example.org',
      contactName: 'Registrar',
      contactEmail: email,
    },
  });
  expect(filled.status, JSON.stringify(filled.body)).toBe(200);
  const evidence = await postFile(
    platform,
    'POST',
    `${application}/evidence`,
    twoFactor.token,
    { bytes: await evidenceDocument(), fileName: 'evidence.pdf', type: 'application/pdf' },
    { kind: 'registration_certificate' },
  );
  expect(evidence.status, JSON.stringify(evidence.body)).toBe(201);
  const submitted = await call(platform.baseUrl, 'POST', `${application}/submit`, {
    token: twoFactor.token,
  });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  return { organisationId, email, password, recoveryKey: created.body.recoveryKey, ...twoFactor };
}

/**
 * An organisation through the whole onboarding ({@link newSubmittedIssuer}), approved by the
 * host. Its domain is not proved (no DNS or web server to prove it on), so the approval waives
 * the domain proof with a reason, as an operator would.
 */
export async function newApprovedIssuer(
  platform: TestPlatform,
  name = 'Université de Test',
): Promise<TestIssuer> {
  const issuer = await newSubmittedIssuer(platform, name);
  await approveIssuer(platform.ctx, { kind: 'host' }, issuer.organisationId, {
    approveWithoutDomainProof: true,
    reason: 'Test issuer: identity checked without a domain.',
  });
  return issuer;
}

export interface DocumentRequest {
  title?: string;
  recipient?: { name: string; email: string };
  fields?: Array<{ label: string; value: string }>;
  expiresAt?: string | null;
  locale?: string;
}

/** Issues one document over HTTP and returns its id. */
export async function issueOne(
  platform: TestPlatform,
  issuer: TestIssuer,
  request: DocumentRequest = {},
  token = issuer.token,
): Promise<string> {
  counter += 1;
  const response = await call<{ id: string }>(
    platform.baseUrl,
    'POST',
    `/api/organisations/${issuer.organisationId}/documents`,
    {
      token,
      json: {
        title: request.title ?? 'Master of Science in Physics',
        recipient: request.recipient ?? {
          name: `Recipient ${counter}`,
          email: `recipient${counter}@example.org`,
        },
        fields: request.fields ?? [{ label: 'Grade', value: 'Summa cum laude' }],
        expiresAt: request.expiresAt ?? null,
        locale: request.locale ?? 'en',
      },
    },
  );
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id;
}

export interface ActivationLink {
  to: string;
  documentId: string;
  secret: string;
  url: string;
}

/** Every activation link in the outbox (./data/outbox/*.eml), parsed as a mail client would. */
export async function readOutbox(platform: TestPlatform): Promise<ActivationLink[]> {
  const directory = path.join(platform.dataDir, 'outbox');
  if (!fs.existsSync(directory)) return [];
  const links: ActivationLink[] = [];
  for (const file of fs
    .readdirSync(directory)
    .filter((name) => name.endsWith('.eml'))
    .sort()) {
    const mail = await simpleParser(fs.readFileSync(path.join(directory, file)));
    const match = /(\S+\/activate\/([A-Za-z0-9_-]{22})#([A-Za-z0-9_-]{43}))/.exec(mail.text ?? '');
    if (match?.[1] === undefined || match[2] === undefined || match[3] === undefined) continue;
    const to = Array.isArray(mail.to) ? (mail.to[0]?.text ?? '') : (mail.to?.text ?? '');
    links.push({ to, url: match[1], documentId: match[2], secret: match[3] });
  }
  return links;
}

/** The activation link e-mailed for one document. */
export async function activationLinkFor(
  platform: TestPlatform,
  documentId: string,
): Promise<ActivationLink> {
  const link = (await readOutbox(platform)).find(
    (candidate) => candidate.documentId === documentId,
  );
  if (link === undefined) throw new Error(`no e-mail for document ${documentId}`);
  return link;
}

/** Activates with the secret and accepts the current terms; returns the PDF. */
export async function activate(
  platform: TestPlatform,
  link: { documentId: string; secret: string },
): Promise<{ sha256: string; pdf: Buffer }> {
  const info = await call<{ terms: { version: number } }>(
    platform.baseUrl,
    'GET',
    `/api/activations/${link.documentId}`,
  );
  expect(info.status).toBe(200);
  const activated = await call<{ sha256: string }>(
    platform.baseUrl,
    'POST',
    `/api/activations/${link.documentId}`,
    {
      json: { secret: link.secret, acceptTerms: true, termsVersion: info.body.terms.version },
    },
  );
  expect(activated.status, JSON.stringify(activated.body)).toBe(200);
  const download = await call(platform.baseUrl, 'POST', `/api/activations/${link.documentId}/pdf`, {
    json: { secret: link.secret },
  });
  expect(download.status).toBe(200);
  expect(download.headers.get('content-type')).toBe('application/pdf');
  return { sha256: activated.body.sha256, pdf: download.raw };
}

/**
 * The token of the latest e-mailed link to `path` (`/invitations/accept`, `/signup/confirm`…)
 * sent to `address`, read from the outbox as a mail client would.
 */
export async function outboxLinkToken(
  platform: TestPlatform,
  address: string,
  linkPath: string,
): Promise<string> {
  const directory = path.join(platform.dataDir, 'outbox');
  const files = fs.existsSync(directory)
    ? fs
        .readdirSync(directory)
        .filter((name) => name.endsWith('.eml'))
        .sort()
    : [];
  const pattern = new RegExp(`${linkPath.replace(/[/.]/g, '\\$&')}#([A-Za-z0-9_-]{43})`);
  let token: string | null = null;
  for (const file of files) {
    const mail = await simpleParser(fs.readFileSync(path.join(directory, file)));
    const to = Array.isArray(mail.to)
      ? mail.to.map((entry) => entry.text).join(',')
      : mail.to?.text;
    const match = pattern.exec(mail.text ?? '');
    if (to?.includes(address) === true && match?.[1] !== undefined) token = match[1];
  }
  if (token === null) throw new Error(`no ${linkPath} link was e-mailed to ${address}`);
  return token;
}
