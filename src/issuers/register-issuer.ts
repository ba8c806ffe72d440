import { normaliseEmail } from '../accounts/credentials.js';
import { insertPreparedUser, prepareUser } from '../accounts/create-user.js';
import type { AppContext } from '../context.js';
import { encodeKey } from '../crypto/random.js';
import { findUserByEmail } from '../db/repositories/user.repository.js';
import { AppError } from '../errors.js';
import { insertOrganisationWithOwner } from './create-organisation.js';
import { checkOrganisationName } from './issuer.js';

export interface RegisteredIssuer {
  organisationId: string;
  organisationName: string;
  status: 'submitted';
  userId: string;
  /**
   * Shown once: opens the organisation key if every user's password is lost. Without it, pending
   * documents stay readable only through the recipients' own links.
   */
  recoveryKey: string;
}

/**
 * Signs up an organisation with its first user (owner) in one step and submits it for review.
 * The organisation gets an X25519 key pair sealed to the owner's own key pair and wrapped by a
 * recovery key; the private key itself is never stored.
 */
export async function registerIssuer(
  ctx: AppContext,
  input: { organisationName: string; email: string; password: string },
): Promise<RegisteredIssuer> {
  const organisationName = checkOrganisationName(input.organisationName);
  const email = normaliseEmail(input.email);
  const prepared = await prepareUser(email, input.password);
  const createdAt = ctx.now().toISOString();

  const created = await ctx.db.transaction().execute(async (trx) => {
    if ((await findUserByEmail(trx, email)) !== undefined) {
      throw new AppError(
        'CONFLICT',
        'An account with this e-mail address already exists; log in instead.',
      );
    }
    const userId = await insertPreparedUser(trx, prepared, {
      isPlatformAdmin: false,
      emailConfirmedAt: null,
      createdAt,
    });
    const organisation = await insertOrganisationWithOwner(trx, {
      name: organisationName,
      owner: { id: userId, publicId: prepared.publicId, publicKey: prepared.keys.publicKey },
      at: createdAt,
    });
    await trx
      .updateTable('organisations')
      .set({ status: 'submitted', submittedAt: createdAt })
      .where('id', '=', organisation.id)
      .execute();
    return organisation;
  });
  return {
    organisationId: created.publicId,
    organisationName,
    status: 'submitted',
    userId: prepared.publicId,
    recoveryKey: encodeKey(created.recoveryKey),
  };
}
