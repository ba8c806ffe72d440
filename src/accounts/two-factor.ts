import type { AppContext } from '../context.js';
import { sealAead } from '../crypto/aead.js';
import { verifyPassword } from '../crypto/password.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import {
  clearSessionsSecondFactor,
  markSessionSecondFactor,
} from '../db/repositories/session.repository.js';
import {
  deleteRecoveryCodes,
  disableTotp,
  enableTotp,
  replaceRecoveryCodes,
  setPendingTotpSecret,
} from '../db/repositories/two-factor.repository.js';
import { findUserById, listMembershipsOfUser } from '../db/repositories/user.repository.js';
import type { User } from '../db/tables/users.table.js';
import { AppError } from '../errors.js';
import { recoveryCodeKey, totpBinding, totpSealingKey } from './account-secrets.js';
import type { Actor, UserActor } from './actor.js';
import { requireUser } from './authorize.js';
import { newRecoveryCodes } from './recovery-codes.js';
import { acceptTotpCode, hasSecondFactor, verifySecondFactor } from './second-factor.js';
import { encodeBase32, newTotpSecret, otpauthUri, TOTP_DEFAULTS } from './totp.js';

/**
 * TOTP enrolment and management for the logged-in user (the second factor that owners, admins
 * and platform admins must use). The secret is sealed under a key derived from the master key,
 * bound to the user's public id; recovery codes are stored as HMACs (recovery-codes.ts). Audit
 * events carry ids only, never a secret or a code.
 */

/** The name authenticator apps show for the account. */
const TOTP_ISSUER = 'Certa';

async function loadUser(ctx: AppContext, actor: UserActor): Promise<User> {
  const user = await findUserById(ctx.db, actor.userId);
  if (user === undefined) throw new AppError('UNAUTHENTICATED', 'This session has no user.');
  return user;
}

async function checkPassword(user: User, password: string): Promise<void> {
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new AppError('INVALID_CREDENTIALS', 'The password is not correct.', {
      details: { field: 'password' },
    });
  }
}

function wrongCode(): AppError {
  return new AppError(
    'INVALID_CREDENTIALS',
    'The code is not correct or was already used; wait for the next code of the authenticator app.',
    { details: { field: 'code' } },
  );
}

function notEnabled(): AppError {
  return new AppError('CONFLICT', 'Two-factor authentication is not on for this account.');
}

async function audit(
  ctx: AppContext,
  executor: Parameters<typeof insertAuditEvent>[0],
  user: User,
  action: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await insertAuditEvent(executor, {
    occurredAt: ctx.now().toISOString(),
    actorType: 'user',
    actorId: user.publicId,
    action,
    organisationId: null,
    targetId: user.publicId,
    detail: JSON.stringify(detail),
  });
}

export interface TwoFactorEnrolment {
  /** The secret in base32, for typing into an app by hand. */
  secret: string;
  /** The otpauth:// URI to show as a QR code. */
  otpauthUri: string;
}

/**
 * Starts enrolment (password re-entered): a new secret, stored sealed, not yet in force. Calling
 * it again before confirming replaces the secret. Refused while two-factor authentication is on.
 */
export async function startTwoFactorEnrolment(
  ctx: AppContext,
  actor: Actor | null,
  input: { password: string },
): Promise<TwoFactorEnrolment> {
  const user = await loadUser(ctx, requireUser(actor));
  await checkPassword(user, input.password);
  if (hasSecondFactor(user)) {
    throw new AppError(
      'CONFLICT',
      'Two-factor authentication is already on; turn it off first to enrol another app.',
    );
  }
  const algorithm = TOTP_DEFAULTS.algorithm;
  const secret = newTotpSecret(algorithm);
  try {
    const sealed = sealAead(totpSealingKey(ctx.masterKey), secret, totpBinding(user.publicId));
    await ctx.db.transaction().execute(async (trx) => {
      await setPendingTotpSecret(trx, user.id, {
        totpSecretSealed: sealed,
        totpAlgorithm: algorithm,
      });
      await audit(ctx, trx, user, 'account.two_factor_enrolment_started', { algorithm });
    });
    return {
      secret: encodeBase32(secret),
      otpauthUri: otpauthUri({
        issuer: TOTP_ISSUER,
        account: user.email,
        secret,
        parameters: { algorithm },
      }),
    };
  } finally {
    secret.fill(0);
  }
}

/**
 * Confirms enrolment with a first code from the app: two-factor authentication is on from now,
 * this session counts as having passed it, and a fresh set of recovery codes is returned (once).
 */
export async function confirmTwoFactor(
  ctx: AppContext,
  actor: Actor | null,
  input: { code: string },
): Promise<{ recoveryCodes: string[] }> {
  const session = requireUser(actor);
  const user = await loadUser(ctx, session);
  if (hasSecondFactor(user)) {
    throw new AppError('CONFLICT', 'Two-factor authentication is already on.');
  }
  if (user.totpSecretSealed === null) {
    throw new AppError(
      'CONFLICT',
      'No enrolment is in progress; start one with POST /api/me/two-factor.',
    );
  }
  if (!(await acceptTotpCode(ctx, user.id, input.code))) throw wrongCode();
  const codes = newRecoveryCodes(recoveryCodeKey(ctx.masterKey));
  const at = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await enableTotp(trx, user.id, at))) {
      throw new AppError('CONFLICT', 'Two-factor authentication was turned on meanwhile.');
    }
    await replaceRecoveryCodes(trx, user.id, codes.hashes, at);
    await markSessionSecondFactor(trx, session.session.id, at);
    await audit(ctx, trx, user, 'account.two_factor_enabled', {
      recoveryCodes: codes.codes.length,
      sessionId: session.session.publicId,
    });
  });
  return { recoveryCodes: [...codes.codes] };
}

/** New recovery codes (password and a current code needed); the old ones stop working. */
export async function regenerateRecoveryCodes(
  ctx: AppContext,
  actor: Actor | null,
  input: { password: string; code: string },
): Promise<{ recoveryCodes: string[] }> {
  const user = await loadUser(ctx, requireUser(actor));
  await checkPassword(user, input.password);
  if (!hasSecondFactor(user)) throw notEnabled();
  if (!(await verifySecondFactor(ctx, user, input.code))) throw wrongCode();
  const codes = newRecoveryCodes(recoveryCodeKey(ctx.masterKey));
  const at = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await replaceRecoveryCodes(trx, user.id, codes.hashes, at);
    await audit(ctx, trx, user, 'account.recovery_codes_regenerated', {
      recoveryCodes: codes.codes.length,
    });
  });
  return { recoveryCodes: [...codes.codes] };
}

/**
 * Turns two-factor authentication off (password and a current code needed). Refused while the
 * user is an owner or admin of any organisation, or a platform admin: they must keep it.
 */
export async function disableTwoFactor(
  ctx: AppContext,
  actor: Actor | null,
  input: { password: string; code: string },
): Promise<void> {
  const present = requireUser(actor);
  const user = await loadUser(ctx, present);
  const memberships = await listMembershipsOfUser(ctx.db, user.id);
  if (
    user.isPlatformAdmin === 1 ||
    memberships.some((membership) => membership.role === 'owner' || membership.role === 'admin')
  ) {
    throw new AppError(
      'FORBIDDEN',
      'Owners, admins and platform admins must keep two-factor authentication on.',
    );
  }
  await checkPassword(user, input.password);
  if (!hasSecondFactor(user)) throw notEnabled();
  if (!(await verifySecondFactor(ctx, user, input.code))) throw wrongCode();
  await ctx.db.transaction().execute(async (trx) => {
    await disableTotp(trx, user.id);
    await deleteRecoveryCodes(trx, user.id);
    await clearSessionsSecondFactor(trx, user.id);
    await audit(ctx, trx, user, 'account.two_factor_disabled', {});
  });
}
