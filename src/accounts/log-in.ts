import type { AppContext } from '../context.js';
import { hashPassword, verifyPassword } from '../crypto/password.js';
import { randomPublicId } from '../crypto/random.js';
import {
  deleteExpiredSessions,
  deleteSessionByTokenHash,
  insertSession,
} from '../db/repositories/session.repository.js';
import { findUserByEmail } from '../db/repositories/user.repository.js';
import { AppError } from '../errors.js';
import { recordSecurityEvent, SECURITY_ACTIONS } from '../audit/security-events.js';
import { isValidEmail, normaliseEmail } from './credentials.js';
import { csrfTokenFor } from './csrf.js';
import {
  countLoginAttemptOrRefuse,
  loginThrottleKeys,
  recordSuccessfulLogin,
  uncountLoginAttempt,
} from './login-throttle.js';
import { hasSecondFactor, verifySecondFactor } from './second-factor.js';
import { summariseUserAgent, truncateClientAddress } from './session-client.js';
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
  /** The value to send as `x-csrf-token` with state-changing requests authenticated by cookie. */
  csrfToken: string;
  /** Whether this session passed the second factor. */
  secondFactor: boolean;
}

export interface LogInInput {
  email: string;
  password: string;
  /** A TOTP code or a recovery code; required when the account has a second factor. */
  code?: string | undefined;
}

export interface LogInRequest {
  /** The client's address (the per-address throttle key; the session keeps only its network). */
  clientAddress: string;
  /** The User-Agent header; the session keeps only a summary ("Firefox on Linux"). */
  userAgent?: string | undefined;
  /**
   * SHA-256 hashes of session tokens presented with the log-in request (cookie or bearer). They
   * are deleted on success, so a session fixed before log-in can never become a logged-in one.
   */
  presentedSessionHashes?: readonly string[];
}

function invalidCredentials(): AppError {
  return new AppError('INVALID_CREDENTIALS', 'The e-mail address or the password is not correct.');
}

/**
 * Checks e-mail, password and (when the account has one) the second factor, and opens a new
 * server-side session with a new token.
 *
 * - Unknown e-mail and wrong password give the same error after the same work (the dummy hash),
 *   and are throttled the same way, so nothing reveals who has an account.
 * - While the throttle refuses (login-throttle.ts), the password is not even checked.
 * - Right password, second factor on, no code: SECOND_FACTOR_REQUIRED and no session. A wrong
 *   code is a failed log-in like a wrong password.
 */
export async function logIn(
  ctx: AppContext,
  input: LogInInput,
  request: LogInRequest,
): Promise<LoggedIn> {
  // Counted before anything is checked, so concurrent attempts cannot slip past the throttle.
  const attempt = await countLoginAttemptOrRefuse(
    ctx,
    loginThrottleKeys(ctx, input.email, request.clientAddress),
  );

  const email = isValidEmail(input.email) ? normaliseEmail(input.email) : null;
  const user = email === null ? undefined : await findUserByEmail(ctx.db, email);
  const matches = await verifyPassword(
    user?.passwordHash ?? (await hashForUnknownUsers()),
    input.password,
  );
  if (user === undefined || !matches) {
    // The address itself never enters the trail: a known account by its id, else nothing.
    await recordSecurityEvent(ctx, {
      action: SECURITY_ACTIONS.loginFailed,
      actor: { actorType: user === undefined ? 'system' : 'user', actorId: user?.publicId ?? null },
      detail: { kind: user === undefined ? 'unknown_account' : 'password' },
    });
    throw invalidCredentials();
  }

  let secondFactor = false;
  if (hasSecondFactor(user)) {
    const code = input.code?.trim() ?? '';
    if (code === '') {
      await uncountLoginAttempt(ctx, attempt);
      throw new AppError(
        'SECOND_FACTOR_REQUIRED',
        'This account has two-factor authentication: send the code from the authenticator app (or a recovery code) as "code".',
      );
    }
    if (!(await verifySecondFactor(ctx, user, code))) {
      await recordSecurityEvent(ctx, {
        action: SECURITY_ACTIONS.loginFailed,
        actor: { actorType: 'user', actorId: user.publicId },
        detail: { kind: 'second_factor' },
      });
      throw invalidCredentials();
    }
    secondFactor = true;
  }
  await recordSuccessfulLogin(ctx, attempt);
  await upgradeUserKeys(ctx, user, input.password);

  const now = ctx.now();
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + ctx.sessionTtlMinutes * 60_000).toISOString();
  const { token, secret, hash } = newToken('session');
  const idleSince = new Date(now.getTime() - ctx.sessionIdleMinutes * 60_000).toISOString();
  const sessionPublicId = randomPublicId();
  await ctx.db.transaction().execute(async (trx) => {
    for (const presented of request.presentedSessionHashes ?? []) {
      await deleteSessionByTokenHash(trx, presented);
    }
    await deleteExpiredSessions(trx, at, idleSince);
    await insertSession(trx, {
      publicId: sessionPublicId,
      tokenHash: hash,
      userId: user.id,
      createdAt: at,
      expiresAt,
      lastSeenAt: at,
      secondFactorAt: secondFactor ? at : null,
      userAgent: summariseUserAgent(request.userAgent),
      clientNetwork: truncateClientAddress(request.clientAddress),
    });
    await recordSecurityEvent(
      ctx,
      {
        action: SECURITY_ACTIONS.loggedIn,
        actor: { actorType: 'user', actorId: user.publicId },
        targetId: sessionPublicId,
        detail: { secondFactor },
      },
      trx,
    );
  });
  return {
    token,
    expiresAt,
    userPublicId: user.publicId,
    csrfToken: csrfTokenFor(ctx.masterKey, secret),
    secondFactor,
  };
}
