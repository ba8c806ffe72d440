import type { AppContext } from '../context.js';
import { hashPassword, verifyPassword } from '../crypto/password.js';
import { replaceUserPassword } from '../db/repositories/account.repository.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import { consumeEmailTokensFor } from '../db/repositories/email-token.repository.js';
import { endUserSessions } from '../db/repositories/session.repository.js';
import { findUserById } from '../db/repositories/user.repository.js';
import { AppError } from '../errors.js';
import type { Locale } from '../i18n/locale.js';
import { DEFAULT_LOCALE } from '../i18n/locale.js';
import { passwordChangedEmail } from '../mail/templates/account-emails.js';
import type { Actor } from './actor.js';
import { requireUser } from './authorize.js';
import { sendAccountMail } from './email-links.js';
import { checkPasswordPolicy } from './password-policy.js';
import { openUserPrivateKey, rewrapUserPrivateKey, upgradeUserKeys } from './user-keys.js';

function noUser(): AppError {
  return new AppError('UNAUTHENTICATED', 'This session has no user.');
}

/**
 * A logged-in user changes their password. The current password must be right; the new one
 * must pass the policy. The user's private key is opened with the old password and re-wrapped
 * under the new one, so the organisation keys sealed to the user stay reachable, with the new
 * password only. Every session of the user ends (this one included), any unused password-reset
 * link dies, and the owner of the address is told by e-mail.
 */
export async function changePassword(
  ctx: AppContext,
  actor: Actor | null,
  input: { currentPassword: string; newPassword: string; locale?: Locale },
): Promise<void> {
  const user = requireUser(actor);
  let account = await findUserById(ctx.db, user.userId);
  if (account === undefined) throw noUser();
  if (!(await verifyPassword(account.passwordHash, input.currentPassword)))
    throw new AppError('INVALID_CREDENTIALS', 'The current password is not correct.', {
      details: { field: 'currentPassword' },
    });
  checkPasswordPolicy(input.newPassword, { email: account.email });

  // An account from before user key pairs gets its pair now (the old password is known).
  if (account.privateKeyWrap === null) {
    await upgradeUserKeys(ctx, account, input.currentPassword);
    account = await findUserById(ctx.db, user.userId);
    if (account === undefined) throw noUser();
  }
  const privateKey = await openUserPrivateKey(account, input.currentPassword);
  let rewrapped: Awaited<ReturnType<typeof rewrapUserPrivateKey>>;
  let passwordHash: string;
  try {
    [rewrapped, passwordHash] = await Promise.all([
      rewrapUserPrivateKey(privateKey, input.newPassword, account.publicId),
      hashPassword(input.newPassword),
    ]);
  } finally {
    privateKey.fill(0);
  }

  const at = ctx.now().toISOString();
  const { id, email, publicId } = account;
  const previousHash = account.passwordHash;
  await ctx.db.transaction().execute(async (trx) => {
    // Conditional on the hash we checked: a concurrent change or reset cannot be overwritten.
    const replaced = await replaceUserPassword(trx, id, previousHash, {
      passwordHash,
      privateKeyWrap: rewrapped.privateKeyWrap,
      keyKdfSalt: rewrapped.keyKdfSalt,
      passwordChangedAt: at,
    });
    if (!replaced)
      throw new AppError(
        'CONFLICT',
        'The password was changed meanwhile by another request; log in again.',
      );
    await endUserSessions(trx, id);
    await consumeEmailTokensFor(trx, 'password_reset', email, at);
    await insertAuditEvent(trx, {
      occurredAt: at,
      actorType: 'user',
      actorId: publicId,
      action: 'account.password_changed',
      organisationId: null,
      targetId: publicId,
      detail: JSON.stringify({ sessionsEnded: true }),
    });
    await sendAccountMail(
      ctx,
      passwordChangedEmail({
        to: email,
        locale: input.locale ?? DEFAULT_LOCALE,
        passwordResetUrl: `${ctx.publicUrl}/password-reset`,
      }),
    );
  });
}
