import { authenticate } from '../../../src/accounts/authenticate.js';
import { insertPreparedUser, prepareUser } from '../../../src/accounts/create-user.js';
import { findOrganisationByPublicId } from '../../../src/db/repositories/organisation.repository.js';
import { insertMembership } from '../../../src/db/repositories/user.repository.js';
import type { MemberRole } from '../../../src/db/tables/users.table.js';
import { createOrganisation } from '../../../src/issuers/create-organisation.js';
import { expect } from 'vitest';
import { call } from '../../helpers/http.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

export const PASSWORD = 'amber kites over the harbour';

let counter = 0;

export interface TestUser {
  id: number;
  publicId: string;
  email: string;
  password: string;
}

/** A user with a confirmed e-mail address, made as sign-up would (no second factor). */
export async function newUser(
  platform: TestPlatform,
  label: string,
  options: { isPlatformAdmin?: boolean } = {},
): Promise<TestUser> {
  counter += 1;
  const email = `${label}-${counter}-${process.pid}@sessions.example`;
  const prepared = await prepareUser(email, PASSWORD);
  const at = platform.ctx.now().toISOString();
  const id = await insertPreparedUser(platform.ctx.db, prepared, {
    isPlatformAdmin: options.isPlatformAdmin ?? false,
    emailConfirmedAt: at,
    createdAt: at,
  });
  return { id: Number(id), publicId: prepared.publicId, email, password: PASSWORD };
}

export interface LogInResponse {
  token: string;
  expiresAt: string;
  userId: string;
  csrfToken: string;
}

/** POST /api/sessions as it is. */
export function postLogIn(
  platform: TestPlatform,
  json: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  return call<LogInResponse & { error?: { code: string; details?: Record<string, unknown> } }>(
    platform.baseUrl,
    'POST',
    '/api/sessions',
    { json, headers },
  );
}

/** Logs in with e-mail and password; returns the whole answer (201 expected). */
export async function logIn(platform: TestPlatform, user: TestUser): Promise<LogInResponse> {
  const response = await postLogIn(platform, { email: user.email, password: user.password });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** A user who creates an organisation (draft) and so becomes its owner; logged in, no 2FA. */
export async function newOwner(
  platform: TestPlatform,
): Promise<TestUser & { token: string; organisationId: string }> {
  const user = await newUser(platform, 'owner');
  const { token } = await logIn(platform, user);
  const created = await createOrganisation(platform.ctx, await authenticate(platform.ctx, token), {
    name: `Organisation ${counter}`,
  });
  return { ...user, token, organisationId: created.organisationId };
}

/** Adds `user` to the organisation with `role`, as an accepted invitation would. */
export async function addMember(
  platform: TestPlatform,
  organisationPublicId: string,
  user: TestUser,
  role: MemberRole,
): Promise<void> {
  const organisation = await findOrganisationByPublicId(platform.ctx.db, organisationPublicId);
  if (organisation === undefined) throw new Error('no such organisation');
  await insertMembership(platform.ctx.db, {
    userId: user.id,
    organisationId: organisation.id,
    role,
    createdAt: platform.ctx.now().toISOString(),
  });
}

/** The Cookie header for a session token. */
export function sessionCookie(token: string): Record<string, string> {
  return { cookie: `certa_session=${token}` };
}
