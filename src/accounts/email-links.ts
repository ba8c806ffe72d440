import type { AppContext } from '../context.js';
import {
  countEmailTokensSince,
  deleteStaleEmailTokens,
  findEmailToken,
  insertEmailToken,
} from '../db/repositories/email-token.repository.js';
import type { Executor } from '../db/database.js';
import type { EmailToken, EmailTokenPurpose } from '../db/tables/users.table.js';
import { AppError } from '../errors.js';
import type { MailMessage } from '../mail/mailer.js';
import { hashLinkToken, newLinkToken } from './tokens.js';

/*
 * What sign-up and password reset share: the per-address cap on e-mails, sending inside the
 * transaction (nothing is stored when the mail cannot go), and finding a usable link token.
 */

/** At most this many e-mails of one purpose to one address per {@link MAIL_CAP_WINDOW_MS}. */
export const MAIL_CAP_PER_ADDRESS = 3;
export const MAIL_CAP_WINDOW_MS = 60 * 60_000;

/**
 * Whether one more e-mail of `purpose` may go to `email` now. Forgets the address's tokens that
 * are expired and older than the window on the way.
 */
export async function mayMailAddress(
  db: Executor,
  purpose: EmailTokenPurpose,
  email: string,
  now: Date,
): Promise<boolean> {
  const windowStart = new Date(now.getTime() - MAIL_CAP_WINDOW_MS).toISOString();
  await deleteStaleEmailTokens(db, email, now.toISOString(), windowStart);
  const sent = await countEmailTokensSince(db, purpose, email, windowStart);
  return sent < MAIL_CAP_PER_ADDRESS;
}

/** Sends one account e-mail; a failure is UPSTREAM_FAILED, so the caller's transaction rolls back. */
/**
 * Records a notice e-mail (not a link) to `email` as a spent token — never mailed, never usable —
 * so that the per-address cap counts notices as it counts links.
 */
export async function recordNotice(
  trx: Executor,
  input: { purpose: EmailTokenPurpose; email: string; userId: number | null; at: string },
): Promise<void> {
  await insertEmailToken(trx, {
    purpose: input.purpose,
    tokenHash: newLinkToken().hash,
    email: input.email,
    userId: input.userId,
    createdAt: input.at,
    expiresAt: input.at,
    usedAt: input.at,
  });
}

export async function sendAccountMail(ctx: AppContext, message: MailMessage): Promise<void> {
  try {
    await ctx.mailer.send(message);
  } catch (error) {
    throw new AppError(
      'UPSTREAM_FAILED',
      'The e-mail could not be sent, so nothing was changed. Try again later.',
      { cause: error },
    );
  }
}

export function linkInvalid(): AppError {
  return new AppError(
    'LINK_INVALID',
    'This link is not valid any more: it was already used, it has expired, or it is incomplete. Ask for a new one.',
  );
}

/** The unused, unexpired token of `purpose` that `token` stands for; LINK_INVALID otherwise. */
export async function findUsableEmailToken(
  ctx: AppContext,
  purpose: EmailTokenPurpose,
  token: string,
): Promise<EmailToken> {
  const hash = hashLinkToken(token);
  if (hash === null) throw linkInvalid();
  const row = await findEmailToken(ctx.db, purpose, hash);
  if (row === undefined || row.usedAt !== null || row.expiresAt <= ctx.now().toISOString())
    throw linkInvalid();
  return row;
}
