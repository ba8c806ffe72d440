import type { AppContext } from '../context.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import {
  consumeEmailToken,
  consumeEmailTokensFor,
  insertEmailToken,
} from '../db/repositories/email-token.repository.js';
import { findUserByEmail } from '../db/repositories/user.repository.js';
import type { EmailToken } from '../db/tables/users.table.js';
import { isAppError } from '../errors.js';
import type { Locale } from '../i18n/locale.js';
import { signUpEmail, signUpNoticeEmail } from '../mail/templates/account-emails.js';
import { insertPreparedUser, prepareUser } from './create-user.js';
import type { PreparedUser } from './create-user.js';
import { normaliseEmail } from './credentials.js';
import {
  findUsableEmailToken,
  linkInvalid,
  mayMailAddress,
  sendAccountMail,
  recordNotice,
} from './email-links.js';
import { newLinkToken } from './tokens.js';

/** How long a sign-up link works. */
export const SIGN_UP_LINK_TTL_MS = 24 * 60 * 60_000;

/**
 * Step 1 of sign-up: e-mails a single-use link (`/signup/confirm#<token>`, 24 h) to an address
 * without an account, or a notice ("you already have an account; log in or reset your password")
 * to an address with one. The caller sees the same answer either way, so the endpoint does not
 * tell who has an account; after {@link MAIL_CAP_PER_ADDRESS} e-mails to one address within an
 * hour, nothing more is sent (the answer is still the same).
 */
export async function requestSignUp(
  ctx: AppContext,
  input: { email: string; locale: Locale },
): Promise<void> {
  const email = normaliseEmail(input.email);
  const now = ctx.now();
  const at = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await mayMailAddress(trx, 'sign_up', email, now))) return;
    const existing = await findUserByEmail(trx, email);
    const { token, hash } = newLinkToken();
    if (existing !== undefined) {
      await recordNotice(trx, { purpose: 'sign_up', email, userId: existing.id, at });
      await insertAuditEvent(trx, {
        occurredAt: at,
        actorType: 'system',
        actorId: null,
        action: 'account.sign_up_notice_sent',
        organisationId: null,
        targetId: existing.publicId,
      });
      await sendAccountMail(
        ctx,
        signUpNoticeEmail({
          to: email,
          locale: input.locale,
          passwordResetUrl: `${ctx.publicUrl}/password-reset`,
        }),
      );
      return;
    }
    await insertEmailToken(trx, {
      purpose: 'sign_up',
      tokenHash: hash,
      email,
      userId: null,
      createdAt: at,
      expiresAt: new Date(now.getTime() + SIGN_UP_LINK_TTL_MS).toISOString(),
    });
    await sendAccountMail(
      ctx,
      signUpEmail({
        to: email,
        locale: input.locale,
        link: `${ctx.publicUrl}/signup/confirm#${token}`,
      }),
    );
  });
}

/**
 * Step 2 of sign-up: the link's token and the chosen password create the account, its e-mail
 * confirmed. The token is consumed in the same transaction (a conditional UPDATE, so two
 * concurrent uses cannot both succeed); a password the policy refuses leaves it usable.
 */
export async function confirmSignUp(
  ctx: AppContext,
  input: { token: string; password: string },
): Promise<{ userId: string }> {
  const row = await findUsableEmailToken(ctx, 'sign_up', input.token);
  if (row.userId !== null) throw linkInvalid();
  // Password policy (400) and the two Argon2id derivations, before anything is written.
  const prepared = await prepareUser(row.email, input.password);
  const at = ctx.now().toISOString();
  try {
    await createAccount(ctx, row, prepared, at);
  } catch (error) {
    // Two links to one address used at the same moment: the unique e-mail refused the second.
    if (!isAppError(error) && (await findUserByEmail(ctx.db, row.email)) !== undefined)
      throw linkInvalid();
    throw error;
  }
  return { userId: prepared.publicId };
}

async function createAccount(
  ctx: AppContext,
  row: EmailToken,
  prepared: PreparedUser,
  at: string,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await consumeEmailToken(trx, row.id, at))) throw linkInvalid();
    // Another link to the same address may have created the account meanwhile.
    if ((await findUserByEmail(trx, row.email)) !== undefined) throw linkInvalid();
    await insertPreparedUser(trx, prepared, {
      isPlatformAdmin: false,
      emailConfirmedAt: at,
      createdAt: at,
    });
    await consumeEmailTokensFor(trx, 'sign_up', row.email, at);
    await insertAuditEvent(trx, {
      occurredAt: at,
      actorType: 'user',
      actorId: prepared.publicId,
      action: 'account.created',
      organisationId: null,
      targetId: prepared.publicId,
      detail: JSON.stringify({ via: 'sign_up' }),
    });
  });
}
