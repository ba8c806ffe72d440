import type { AppContext } from '../context.js';
import { DecryptionError, openAead } from '../crypto/aead.js';
import {
  claimTotpStep,
  consumeRecoveryCode,
  listUnusedRecoveryCodes,
} from '../db/repositories/two-factor.repository.js';
import { findUserById } from '../db/repositories/user.repository.js';
import { AppError } from '../errors.js';
import { recoveryCodeKey, totpBinding, totpSealingKey } from './account-secrets.js';
import { findRecoveryCode } from './recovery-codes.js';
import { TOTP_DEFAULTS, verifyTotp } from './totp.js';
import type { TotpAlgorithm } from './totp.js';

/** The user columns the second factor needs (a full `User` row fits). */
export interface SecondFactorUser {
  id: number;
  totpSecretSealed: Buffer | null;
  totpAlgorithm: string | null;
  totpLastStep: number | null;
  totpEnabledAt: string | null;
}

/** Whether the account has a second factor switched on. */
export function hasSecondFactor(user: { totpEnabledAt: string | null }): boolean {
  return user.totpEnabledAt !== null;
}

function algorithmOf(stored: string | null): TotpAlgorithm {
  return stored === 'SHA256' || stored === 'SHA512' || stored === 'SHA1'
    ? stored
    : TOTP_DEFAULTS.algorithm;
}

/** Opens a user's sealed TOTP secret (bound to their public id). */
export function openTotpSecret(ctx: AppContext, userPublicId: string, sealed: Buffer): Buffer {
  try {
    return openAead(totpSealingKey(ctx.masterKey), sealed, totpBinding(userPublicId));
  } catch (error) {
    if (error instanceof DecryptionError) {
      throw new AppError('INTEGRITY_FAILURE', 'A stored TOTP secret could not be opened.');
    }
    throw error;
  }
}

/**
 * Checks a TOTP code against the user's stored secret (enabled or still being enrolled) and, when
 * right, claims its time step with a conditional UPDATE so the same code (or an earlier one)
 * never passes twice, even for two requests racing.
 */
export async function acceptTotpCode(
  ctx: AppContext,
  userId: number,
  code: string,
): Promise<boolean> {
  const user = await findUserById(ctx.db, userId);
  if (user?.totpSecretSealed == null) return false;
  const secret = openTotpSecret(ctx, user.publicId, user.totpSecretSealed);
  const result = verifyTotp(secret, code, {
    now: ctx.now(),
    lastAcceptedStep: user.totpLastStep,
    parameters: { algorithm: algorithmOf(user.totpAlgorithm) },
  });
  if (!result.accepted) return false;
  return claimTotpStep(ctx.db, user.id, result.timeStep);
}

/** Checks an unused recovery code of the user and consumes it (conditional UPDATE of used_at). */
async function acceptRecoveryCode(ctx: AppContext, userId: number, code: string): Promise<boolean> {
  const unused = await listUnusedRecoveryCodes(ctx.db, userId);
  const index = findRecoveryCode(
    recoveryCodeKey(ctx.masterKey),
    code,
    unused.map((row) => row.codeHash),
  );
  const row = index < 0 ? undefined : unused[index];
  if (row === undefined) return false;
  return consumeRecoveryCode(ctx.db, row.id, ctx.now().toISOString());
}

/**
 * True when `code` is a valid, unused TOTP code of the user's enabled second factor (its step is
 * then claimed, so it cannot be replayed) or one of their unused recovery codes (then consumed).
 * Always false for a user without a second factor. Spaces are ignored; a code of digits only is
 * tried as TOTP, anything else as a recovery code.
 */
export async function verifySecondFactor(
  ctx: AppContext,
  user: SecondFactorUser,
  code: string,
): Promise<boolean> {
  if (!hasSecondFactor(user) || user.totpSecretSealed === null) return false;
  const typed = code.trim();
  if (typed.length === 0 || typed.length > 64) return false;
  if (/^[\d\s]+$/.test(typed)) return acceptTotpCode(ctx, user.id, typed);
  return acceptRecoveryCode(ctx, user.id, typed);
}
