import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { PNG } from 'pngjs';
import { expect } from 'vitest';
import { createPlatformAdmin } from '../../../src/accounts/create-platform-admin.js';
import { insertPreparedUser, prepareUser } from '../../../src/accounts/create-user.js';
import type { MemberRole } from '../../../src/db/tables/users.table.js';
import { logIn as logInOverHttp, postFile } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import type { TestResponse } from '../../helpers/http.js';
import type { ReceivedMail, SmtpSink } from '../../helpers/smtp-sink.js';
import { enrolTwoFactor } from '../../helpers/two-factor.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

/*
 * Helpers of the application and review tests: people (applicants with a confirmed address,
 * members with a given role, platform admins), evidence files made in code, multipart uploads,
 * and counts of what is stored.
 */

export const PASSWORD = 'violet harbour under snow';

let counter = 0;

export interface Person {
  userId: string;
  email: string;
  password: string;
  token: string;
}

/** Logs in over HTTP; returns the bearer token. */
/** Logs in (no second factor); the password defaults to the helpers' own. */
export function logIn(platform: TestPlatform, email: string, password = PASSWORD): Promise<string> {
  return logInOverHttp(platform, email, password);
}

/**
 * A user whose e-mail address is confirmed (as after sign-up), with two-factor authentication
 * on, logged in over HTTP with password and code (so they can act as an owner or admin).
 */
export async function newPerson(platform: TestPlatform, label: string): Promise<Person> {
  counter += 1;
  const email = `${label}-${counter}-${process.pid}@applicant.example`;
  const prepared = await prepareUser(email, PASSWORD);
  const at = platform.ctx.now().toISOString();
  await insertPreparedUser(platform.ctx.db, prepared, {
    isPlatformAdmin: false,
    emailConfirmedAt: at,
    createdAt: at,
  });
  const { token } = await enrolTwoFactor(platform, await logIn(platform, email), PASSWORD);
  return { userId: prepared.publicId, email, password: PASSWORD, token };
}

/** A platform admin made as the host makes one, with two-factor authentication, logged in over HTTP. */
export async function newPlatformAdmin(platform: TestPlatform): Promise<Person> {
  counter += 1;
  const email = `reviewer-${counter}-${process.pid}@platform.example`;
  const { userId } = await createPlatformAdmin(platform.ctx, { email, password: PASSWORD });
  const { token } = await enrolTwoFactor(platform, await logIn(platform, email), PASSWORD);
  return { userId, email, password: PASSWORD, token };
}

/** Makes `person` a member of the organisation with `role` (as an accepted invitation would). */
export async function addMember(
  platform: TestPlatform,
  organisationId: string,
  person: Person,
  role: MemberRole,
): Promise<void> {
  const { db } = platform.ctx;
  const organisation = await db
    .selectFrom('organisations')
    .select('id')
    .where('publicId', '=', organisationId)
    .executeTakeFirstOrThrow();
  const user = await db
    .selectFrom('users')
    .select('id')
    .where('publicId', '=', person.userId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('memberships')
    .values({
      userId: user.id,
      organisationId: organisation.id,
      role,
      createdAt: platform.ctx.now().toISOString(),
    })
    .execute();
}

export interface CreatedOrganisation {
  organisationId: string;
  organisationName: string;
  status: string;
  recoveryKey: string;
  domainToken: string;
}

/** POST /api/organisations as `owner`. */
export async function createOrganisationOverHttp(
  platform: TestPlatform,
  owner: Person,
  name: string,
): Promise<CreatedOrganisation> {
  const response = await call<CreatedOrganisation>(platform.baseUrl, 'POST', '/api/organisations', {
    token: owner.token,
    json: { name },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** A one-page PDF whose text holds `marker` uncompressed (so a leak of it would be visible). */
export async function evidencePdf(marker: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([595, 842]);
  page.drawText(`Certificate of registration ${marker}`, { x: 50, y: 780, size: 12, font });
  // Page text and titles are hex-encoded; a comment after the end keeps the marker readable.
  return Buffer.concat([
    Buffer.from(await pdf.save({ useObjectStreams: false })),
    Buffer.from(`%${marker}\n`),
  ]);
}

/** A small PNG (a scanned proof of address, say). */
export function evidencePng(size = 32): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) {
    png.data[i * 4] = (i * 7) % 256;
    png.data[i * 4 + 1] = (i * 13) % 256;
    png.data[i * 4 + 2] = 200;
    png.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}

/** POST …/application/evidence as a multipart form (kind field and one file). */
export function uploadEvidence(
  platform: TestPlatform,
  token: string | undefined,
  organisationId: string,
  input: { kind?: string; bytes: Buffer; fileName?: string; contentType?: string },
): Promise<TestResponse<{ id: string; error?: { code: string; message: string } }>> {
  return postFile(
    platform,
    'POST',
    `/api/organisations/${organisationId}/application/evidence`,
    token,
    {
      bytes: input.bytes,
      fileName: input.fileName ?? 'Jean-Dupont-registration.pdf',
      type: input.contentType ?? 'application/pdf',
    },
    input.kind === undefined ? {} : { kind: input.kind },
  );
}

/** Every file under a directory (the blob store), recursively. */
export function filesUnder(directory: string): string[] {
  if (!fs.existsSync(directory)) return [];
  return fs
    .readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** What an application stores: rows of evidence and audit events, blob files, the org row. */
export async function storedState(platform: TestPlatform, organisationId: string) {
  const { db } = platform.ctx;
  const organisation = await db
    .selectFrom('organisations')
    .selectAll()
    .where('publicId', '=', organisationId)
    .executeTakeFirstOrThrow();
  const evidence = await db
    .selectFrom('applicationEvidence')
    .select('id')
    .where('organisationId', '=', organisation.id)
    .execute();
  const audit = await db
    .selectFrom('auditEvents')
    .select('id')
    .where('organisationId', '=', organisation.id)
    .execute();
  return {
    organisation,
    evidenceRows: evidence.length,
    auditRows: audit.length,
    blobFiles: filesUnder(platform.config.storageDir).length,
  };
}

/** The messages the sink received for one address, oldest first. */
export function mailsTo(sink: SmtpSink, address: string): ReceivedMail[] {
  return sink.messages.filter((mail) => mail.to.includes(address));
}

/** Waits until `count` messages reached `address` (delivery is synchronous, but be patient). */
export async function waitForMails(
  sink: SmtpSink,
  address: string,
  count: number,
): Promise<ReceivedMail[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const mails = mailsTo(sink, address);
    if (mails.length >= count) return mails;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return mailsTo(sink, address);
}
