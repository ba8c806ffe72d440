import type { AppContext } from '../context.js';
import { hashPassword, verifyPassword } from '../crypto/password.js';
import { randomPublicId } from '../crypto/random.js';
import { deleteExpiredSessions, insertSession } from '../db/repositories/session.repository.js';
import { findUserByEmail } from '../db/repositories/user.repository.js';
import { AppError } from '../errors.js';
import { isValidEmail, normaliseEmail } from './credentials.js';
import { newToken } from './tokens.js';
import { upgradeUserKeys } from './user-keys.js';

let dummyHash: Promise<string> | undefined;

/** A real Argon2id hash to check against when the e-mail is unknown, so both cases cost the same. */
function hashForUnknownUsers(): Promise<string> {
  dummyHash ??= hashPassword('certa-dummy-password-for-timing');
  return dummyHash;
}

export interface LoggedIn {
  token: string;
  expiresAt: string;
  userPublicId: string;
}

/**
 * Checks e-mail and password and opens a server-side session. Unknown e-mail and wrong password
 * give the same error after the same work, so the response does not reveal who has an account.
 */
export async function logIn(
  ctx: AppContext,
  input: { email: string; password: string },
): Promise<LoggedIn> {
  const email = isValidEmail(input.email) ? normaliseEmail(input.email) : null;
  const user = email === null ? undefined : await findUserByEmail(ctx.db, email);
  const matches = await verifyPassword(
    user?.passwordHash ?? (await hashForUnknownUsers()),
    input.password,
  );
  if (user === undefined || !matches) {
    throw new AppError('INVALID_CREDENTIALS', 'The e-mail address or the password is not correct.');
  }
  await upgradeUserKeys(ctx, user, input.password);
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ctx.sessionTtlMinutes * 60_000).toISOString();
  const { token, hash } = newToken('session');
  await deleteExpiredSessions(ctx.db, now.toISOString());
  await insertSession(ctx.db, {
    publicId: randomPublicId(),
    tokenHash: hash,
    userId: user.id,
    createdAt: now.toISOString(),
    expiresAt,
  });
  return { token, expiresAt, userPublicId: user.publicId };
}
