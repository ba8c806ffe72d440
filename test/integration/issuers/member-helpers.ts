import { expect } from 'vitest';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { enrolTwoFactor } from '../../helpers/two-factor.js';
import { logIn } from '../../helpers/factories.js';

/** Shared steps of the members and profile tests: invitations read from the SMTP sink. */

export const MEMBER_PASSWORD = 'a long and private passphrase';

export interface TestMember {
  userId: string;
  email: string;
  password: string;
  token: string;
}

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** The token of the last invitation e-mailed to `email`. */
export function invitationToken(sink: SmtpSink, email: string): string {
  const message = [...sink.messages].reverse().find((mail) => mail.to.includes(email));
  if (message === undefined) throw new Error(`no e-mail to ${email}`);
  const match = /\/invitations\/accept#([A-Za-z0-9_-]{43})/.exec(message.text);
  if (match?.[1] === undefined) throw new Error(`no invitation link in the e-mail to ${email}`);
  return match[1];
}

/** The activation link e-mailed for one document (read from the SMTP sink). */
export function activationLinkIn(
  sink: SmtpSink,
  documentId: string,
): { documentId: string; secret: string } {
  for (const mail of sink.messages) {
    const match = new RegExp(`/activate/${documentId}#([A-Za-z0-9_-]{43})`).exec(mail.text);
    if (match?.[1] !== undefined) return { documentId, secret: match[1] };
  }
  throw new Error(`no activation e-mail for ${documentId}`);
}

export async function invite(
  platform: TestPlatform,
  token: string,
  organisationId: string,
  email: string,
  role: string,
) {
  return call<{ id: string; role: string } & ErrorBody>(
    platform.baseUrl,
    'POST',
    `/api/organisations/${organisationId}/invitations`,
    { token, json: { email, role, locale: 'en' } },
  );
}

export { logIn };

async function userIdOf(platform: TestPlatform, email: string): Promise<string> {
  const row = await platform.ctx.db
    .selectFrom('users')
    .select('publicId')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return row.publicId;
}

/**
 * Invites a new address as `role`, accepts as a new account and logs the member in. With
 * `twoFactor` (default for owners and admins, who need it), TOTP is turned on and the session
 * passed it.
 */
export async function addMember(
  platform: TestPlatform,
  sink: SmtpSink,
  owner: TestIssuer,
  role: string,
  email: string,
  twoFactor = role === 'owner' || role === 'admin',
): Promise<TestMember> {
  const invited = await invite(platform, owner.token, owner.organisationId, email, role);
  expect(invited.status, JSON.stringify(invited.body)).toBe(201);
  const accepted = await call(platform.baseUrl, 'POST', '/api/invitations/accept', {
    json: { token: invitationToken(sink, email), password: MEMBER_PASSWORD },
  });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  const token = await logIn(platform, email, MEMBER_PASSWORD);
  return {
    userId: await userIdOf(platform, email),
    email,
    password: MEMBER_PASSWORD,
    token: twoFactor ? (await enrolTwoFactor(platform, token, MEMBER_PASSWORD)).token : token,
  };
}

export async function unlock(
  platform: TestPlatform,
  token: string,
  organisationId: string,
  password: string,
) {
  return call<ErrorBody>(platform.baseUrl, 'POST', '/api/sessions/current/unlock', {
    token,
    json: { organisationId, password },
  });
}

export interface MemberRow {
  userId: string;
  email: string;
  role: string;
  keyAccess: boolean;
  twoFactor: boolean;
  joinedAt: string;
}

export async function members(
  platform: TestPlatform,
  token: string,
  organisationId: string,
): Promise<MemberRow[]> {
  const list = await call<MemberRow[]>(
    platform.baseUrl,
    'GET',
    `/api/organisations/${organisationId}/members`,
    { token },
  );
  expect(list.status).toBe(200);
  return list.body;
}

/** The recipient of a document as an issuer user sees it (null while locked). */
export async function recipientOf(
  platform: TestPlatform,
  token: string,
  organisationId: string,
  documentId: string,
) {
  return call<{ recipient: { name: string } | null } & ErrorBody>(
    platform.baseUrl,
    'GET',
    `/api/organisations/${organisationId}/documents/${documentId}`,
    { token },
  );
}
