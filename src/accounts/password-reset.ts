import type { AppContext } from '../context.js';
import { DecryptionError } from '../crypto/aead.js';
import { unwrapOrganisationKeyWithRecovery } from '../crypto/organisation-keys.js';
import { hashPassword } from '../crypto/password.js';
import { decodeKey } from '../crypto/random.js';
import { replaceUserPassword } from '../db/repositories/account.repository.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import {
  consumeEmailToken,
  consumeEmailTokensFor,
  insertEmailToken,
} from '../db/repositories/email-token.repository.js';
import {
  deleteLegacyKeyWrap,
  deleteMemberKeySeals,
  listLegacyKeyWraps,
  listMemberKeySeals,
  listOrganisationKeys,
} from '../db/repositories/member-key.repository.js';
import { endUserSessions } from '../db/repositories/session.repository.js';
import {
  findUserByEmail,
  findUserById,
  listMembershipsOfUser,
} from '../db/repositories/user.repository.js';
import { AppError } from '../errors.js';
import { DEFAULT_LOCALE } from '../i18n/locale.js';
import type { Locale } from '../i18n/locale.js';
import {
  passwordChangedEmail,
  passwordResetEmail,
  passwordResetNoAccountEmail,
} from '../mail/templates/account-emails.js';
import { normaliseEmail } from './credentials.js';
import {
  findUsableEmailToken,
  linkInvalid,
  mayMailAddress,
  sendAccountMail,
  recordNotice,
} from './email-links.js';
import { checkPasswordPolicy } from './password-policy.js';
import { hasSecondFactor, verifySecondFactor } from './second-factor.js';
import { newLinkToken } from './tokens.js';
import { newUserKeyMaterial, sealOrganisationKeysTo } from './user-keys.js';

/** How long a password-reset link works. */
export const PASSWORD_RESET_LINK_TTL_MS = 60 * 60_000;

/** At most this many recovery keys in one reset (one per organisation, a few spare). */
export const MAX_RECOVERY_KEYS = 20;

/**
 * E-mails a single-use password-reset link (`/password-reset#<token>`, 1 h) when the address has
 * an account, and a short notice ("no account uses this address; sign up instead?") when it has
 * none: the caller sees the same answer after the same work either way, so neither the answer
 * nor its timing tells who has an account. After {@link MAIL_CAP_PER_ADDRESS} e-mails to one
 * address within an hour nothing more is sent, with the same answer.
 */
export async function requestPasswordReset(
  ctx: AppContext,
  input: { email: string; locale: Locale },
): Promise<void> {
  const email = normaliseEmail(input.email);
  const now = ctx.now();
  const at = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await mayMailAddress(trx, 'password_reset', email, now))) return;
    const user = await findUserByEmail(trx, email);
    const { token, hash } = newLinkToken();
    if (user === undefined) {
      await recordNotice(trx, { purpose: 'password_reset', email, userId: null, at });
      await sendAccountMail(
        ctx,
        passwordResetNoAccountEmail({
          to: email,
          locale: input.locale,
          signUpUrl: `${ctx.publicUrl}/signup`,
        }),
      );
      return;
    }
    await insertEmailToken(trx, {
      purpose: 'password_reset',
      tokenHash: hash,
      email,
      userId: user.id,
      createdAt: at,
      expiresAt: new Date(now.getTime() + PASSWORD_RESET_LINK_TTL_MS).toISOString(),
    });
    await insertAuditEvent(trx, {
      occurredAt: at,
      actorType: 'system',
      actorId: null,
      action: 'account.password_reset_requested',
      organisationId: null,
      targetId: user.publicId,
    });
    await sendAccountMail(
      ctx,
      passwordResetEmail({
        to: email,
        locale: input.locale,
        link: `${ctx.publicUrl}/password-reset#${token}`,
      }),
    );
  });
}

export interface PasswordResetResult {
  /** Organisations whose keys were re-sealed to the new key pair from their recovery key. */
  recovered: string[];
  /** Organisations whose keys the user held and no longer does: another member must confirm them. */
  keyAccessLost: string[];
}

export interface RecoveryKeyInput {
  organisationId: string;
  recoveryKey: string;
}

function recoveryRefused(organisationId: string, why: string): AppError {
  return new AppError(
    'INVALID_INPUT',
    `The recovery key for organisation ${organisationId} ${why}.`,
    {
      details: { field: 'recoveryKeys', organisationId },
    },
  );
}

/**
 * Opens the given organisations' keys with their recovery keys (nothing is written). Each
 * organisation must be one the user is a member of, and each recovery key must open at least
 * one of its keys; keys none of them opens are left out.
 */
async function openWithRecoveryKeys(
  ctx: AppContext,
  userId: number,
  inputs: readonly RecoveryKeyInput[],
): Promise<Map<string, { id: number; keys: Map<number, Buffer> }>> {
  if (inputs.length > MAX_RECOVERY_KEYS)
    throw new AppError(
      'INVALID_INPUT',
      `At most ${MAX_RECOVERY_KEYS} recovery keys can be given.`,
      {
        details: { field: 'recoveryKeys' },
      },
    );
  const memberships = await listMembershipsOfUser(ctx.db, userId);
  const opened = new Map<string, { id: number; keys: Map<number, Buffer> }>();
  try {
    for (const input of inputs) {
      const membership = memberships.find((m) => m.organisationPublicId === input.organisationId);
      // Same answer for an organisation that does not exist and one the user is not part of.
      if (membership === undefined)
        throw recoveryRefused(input.organisationId, 'cannot be used: you are not a member of it');
      const recoveryKey = decodeKey(input.recoveryKey.trim());
      if (recoveryKey === null)
        throw recoveryRefused(input.organisationId, 'is not well formed (43 characters expected)');
      const entry = opened.get(input.organisationId) ?? {
        id: membership.organisationId,
        keys: new Map<number, Buffer>(),
      };
      opened.set(input.organisationId, entry);
      let opensAny = false;
      for (const key of await listOrganisationKeys(ctx.db, membership.organisationId)) {
        try {
          const privateKey = unwrapOrganisationKeyWithRecovery(
            key.recoveryWrap,
            recoveryKey,
            input.organisationId,
          );
          entry.keys.get(key.id)?.fill(0);
          entry.keys.set(key.id, privateKey);
          opensAny = true;
        } catch (error) {
          if (!(error instanceof DecryptionError)) throw error;
        }
      }
      recoveryKey.fill(0);
      if (!opensAny) throw recoveryRefused(input.organisationId, 'does not open its keys');
    }
  } catch (error) {
    zeroKeys(opened);
    throw error;
  }
  return opened;
}

function zeroKeys(opened: Map<string, { keys: Map<number, Buffer> }>): void {
  for (const entry of opened.values()) for (const key of entry.keys.values()) key.fill(0);
}

/**
 * Completes a reset from the e-mailed link. Refused (the link stays usable) when the password
 * breaks the policy, a recovery key does not open its organisation's keys, or the account has a
 * second factor and no valid code is given: a reset never bypasses two-factor authentication.
 *
 * The old private key cannot be opened (the password is forgotten), so the user gets a new key
 * pair and loses their seals of organisation keys; the organisations whose recovery key is given
 * are sealed again to the new key, the others need another member's confirmation. Every session
 * ends; the link is consumed in the same transaction.
 */
export async function completePasswordReset(
  ctx: AppContext,
  input: {
    token: string;
    password: string;
    code?: string | undefined;
    recoveryKeys?: readonly RecoveryKeyInput[] | undefined;
    locale?: Locale | undefined;
  },
): Promise<PasswordResetResult> {
  const row = await findUsableEmailToken(ctx, 'password_reset', input.token);
  const user = row.userId === null ? undefined : await findUserById(ctx.db, row.userId);
  if (user === undefined || user.email !== row.email) throw linkInvalid();
  checkPasswordPolicy(input.password, { email: user.email });
  const opened = await openWithRecoveryKeys(ctx, user.id, input.recoveryKeys ?? []);
  try {
    if (hasSecondFactor(user)) {
      const code = input.code?.trim() ?? '';
      if (code === '')
        throw new AppError(
          'SECOND_FACTOR_REQUIRED',
          'This account has two-factor authentication: enter a code from your app or a recovery code.',
          { details: { field: 'code' } },
        );
      if (!(await verifySecondFactor(ctx, user, code)))
        throw new AppError('INVALID_CREDENTIALS', 'The two-factor code is not correct.', {
          details: { field: 'code' },
        });
    }

    const [material, passwordHash] = await Promise.all([
      newUserKeyMaterial(input.password, user.publicId),
      hashPassword(input.password),
    ]);
    material.privateKey.fill(0);
    const at = ctx.now().toISOString();
    const memberships = await listMembershipsOfUser(ctx.db, user.id);
    const result: PasswordResetResult = { recovered: [], keyAccessLost: [] };

    await ctx.db.transaction().execute(async (trx) => {
      if (!(await consumeEmailToken(trx, row.id, at))) throw linkInvalid();
      const replaced = await replaceUserPassword(trx, user.id, user.passwordHash, {
        passwordHash,
        publicKey: material.publicKey,
        privateKeyWrap: material.privateKeyWrap,
        keyKdfSalt: material.keyKdfSalt,
        passwordChangedAt: at,
        ...(user.emailConfirmedAt === null ? { emailConfirmedAt: at } : {}),
      });
      if (!replaced)
        throw new AppError(
          'CONFLICT',
          'The password was changed meanwhile by another request; ask for a new link.',
        );
      // The organisations whose keys the user could open until now (seals or legacy wraps).
      const held = new Set<string>();
      for (const membership of memberships) {
        if ((await listMemberKeySeals(trx, user.id, membership.organisationId)).length > 0)
          held.add(membership.organisationPublicId);
      }
      for (const legacy of await listLegacyKeyWraps(trx, user.id)) {
        held.add(legacy.organisationPublicId);
        await deleteLegacyKeyWrap(trx, legacy.id);
      }
      await deleteMemberKeySeals(trx, user.id);
      for (const [organisationPublicId, entry] of opened) {
        await sealOrganisationKeysTo(trx, {
          organisationPublicId,
          keys: entry.keys,
          member: { id: user.id, publicId: user.publicId, publicKey: material.publicKey },
          sealedByUserId: user.id,
          at,
        });
        result.recovered.push(organisationPublicId);
        await insertAuditEvent(trx, {
          occurredAt: at,
          actorType: 'user',
          actorId: user.publicId,
          action: 'member.keys_recovered',
          organisationId: entry.id,
          targetId: user.publicId,
          detail: JSON.stringify({ keyIds: [...entry.keys.keys()] }),
        });
      }
      for (const membership of memberships) {
        const id = membership.organisationPublicId;
        if (!held.has(id) || opened.has(id)) continue;
        result.keyAccessLost.push(membership.organisationPublicId);
        await insertAuditEvent(trx, {
          occurredAt: at,
          actorType: 'user',
          actorId: user.publicId,
          action: 'member.key_access_lost',
          organisationId: membership.organisationId,
          targetId: user.publicId,
          detail: JSON.stringify({ reason: 'password_reset' }),
        });
      }
      await endUserSessions(trx, user.id);
      await consumeEmailTokensFor(trx, 'password_reset', row.email, at);
      await insertAuditEvent(trx, {
        occurredAt: at,
        actorType: 'user',
        actorId: user.publicId,
        action: 'account.password_reset',
        organisationId: null,
        targetId: user.publicId,
        detail: JSON.stringify({
          recovered: result.recovered,
          keyAccessLost: result.keyAccessLost,
          sessionsEnded: true,
        }),
      });
      await sendAccountMail(
        ctx,
        passwordChangedEmail({
          to: user.email,
          locale: input.locale ?? DEFAULT_LOCALE,
          passwordResetUrl: `${ctx.publicUrl}/password-reset`,
        }),
      );
    });
    return result;
  } finally {
    zeroKeys(opened);
  }
}
