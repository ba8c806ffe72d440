import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { expect } from 'vitest';
import { approveIssuer } from '../../src/issuers/review-issuer.js';
import { call } from './http.js';
import type { TestPlatform } from './test-platform.js';

let counter = 0;

export interface TestIssuer {
  organisationId: string;
  email: string;
  password: string;
  recoveryKey: string;
  /** Session token of the owner. */
  token: string;
}

/** Signs up an organisation over HTTP, approves it as the host, and logs its owner in. */
export async function newApprovedIssuer(
  platform: TestPlatform,
  name = 'Université de Test',
): Promise<TestIssuer> {
  counter += 1;
  const email = `owner${counter}-${process.pid}@issuer.example`;
  const password = 'correct horse battery staple';
  const registered = await call<{ organisationId: string; recoveryKey: string }>(
    platform.baseUrl,
    'POST',
    '/api/issuers',
    {
      json: { organisationName: name, email, password },
    },
  );
  expect(registered.status).toBe(201);
  await approveIssuer(platform.ctx, { kind: 'host' }, registered.body.organisationId);
  const session = await call<{ token: string }>(platform.baseUrl, 'POST', '/api/sessions', {
    json: { email, password },
  });
  expect(session.status).toBe(201);
  return {
    organisationId: registered.body.organisationId,
    email,
    password,
    recoveryKey: registered.body.recoveryKey,
    token: session.body.token,
  };
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
