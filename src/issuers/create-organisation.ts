import type { Actor } from '../accounts/actor.js';
import { requireUser } from '../accounts/authorize.js';
import { sealOrganisationKeysTo } from '../accounts/user-keys.js';
import type { AppContext } from '../context.js';
import { wrapOrganisationKeyForRecovery } from '../crypto/organisation-keys.js';
import { encodeKey, randomKey, randomPublicId } from '../crypto/random.js';
import { generateX25519KeyPair } from '../crypto/sealed-box.js';
import type { Executor } from '../db/database.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import {
  insertOrganisation,
  insertOrganisationKey,
} from '../db/repositories/organisation.repository.js';
import { findUserById, insertMembership } from '../db/repositories/user.repository.js';
import { AppError } from '../errors.js';
import { newDomainToken } from './domain-proof.js';
import { checkOrganisationName } from './issuer.js';

export interface CreatedOrganisation {
  organisationId: string;
  organisationName: string;
  status: 'draft';
  /**
   * Shown once: opens the organisation key if every member's password is lost. Without it,
   * pending documents stay readable only through the recipients' own links.
   */
  recoveryKey: string;
  /** What the organisation publishes in DNS or under /.well-known/ to prove its domain. */
  domainToken: string;
}

/**
 * Creates an organisation (draft application) with `owner` as its owner: a fresh X25519 key pair
 * whose private key is sealed to the owner's public key and wrapped by a recovery key returned
 * once. The private key itself is never stored. Runs inside the caller's transaction.
 */
export async function insertOrganisationWithOwner(
  trx: Executor,
  input: {
    name: string;
    owner: { id: number; publicId: string; publicKey: Buffer };
    at: string;
  },
): Promise<{ id: number; publicId: string; recoveryKey: Buffer; domainToken: string }> {
  const publicId = randomPublicId();
  const domainToken = newDomainToken();
  const keyPair = generateX25519KeyPair();
  const recoveryKey = randomKey();
  try {
    const id = await insertOrganisation(trx, {
      publicId,
      name: input.name,
      status: 'draft',
      createdAt: input.at,
      legalName: input.name,
      domainToken,
    });
    const keyId = await insertOrganisationKey(trx, {
      organisationId: id,
      publicKey: keyPair.publicKey,
      recoveryWrap: wrapOrganisationKeyForRecovery(keyPair.privateKey, recoveryKey, publicId),
      createdAt: input.at,
    });
    await insertMembership(trx, {
      userId: input.owner.id,
      organisationId: id,
      role: 'owner',
      createdAt: input.at,
    });
    await sealOrganisationKeysTo(trx, {
      organisationPublicId: publicId,
      keys: new Map([[keyId, keyPair.privateKey]]),
      member: input.owner,
      sealedByUserId: input.owner.id,
      at: input.at,
    });
    await insertAuditEvent(trx, {
      occurredAt: input.at,
      actorType: 'user',
      actorId: input.owner.publicId,
      action: 'organisation.created',
      organisationId: id,
      targetId: publicId,
    });
    return { id, publicId, recoveryKey, domainToken };
  } finally {
    keyPair.privateKey.fill(0);
  }
}

/**
 * A logged-in user with a confirmed e-mail creates an organisation and becomes its owner. It
 * starts as a draft application; nothing can be issued until a platform admin approves it.
 */
export async function createOrganisation(
  ctx: AppContext,
  actor: Actor | null,
  input: { name: string },
): Promise<CreatedOrganisation> {
  const user = requireUser(actor);
  const name = checkOrganisationName(input.name);
  const account = await findUserById(ctx.db, user.userId);
  if (account === undefined) throw new AppError('UNAUTHENTICATED', 'This session has no user.');
  if (account.emailConfirmedAt === null)
    throw new AppError('FORBIDDEN', 'Confirm your e-mail address before creating an organisation.');
  if (account.publicKey === null)
    throw new AppError('FORBIDDEN', 'Log in again once so that your account gets its key pair.');
  const owner = { id: account.id, publicId: account.publicId, publicKey: account.publicKey };
  const at = ctx.now().toISOString();
  const created = await ctx.db
    .transaction()
    .execute((trx) => insertOrganisationWithOwner(trx, { name, owner, at }));
  return {
    organisationId: created.publicId,
    organisationName: name,
    status: 'draft',
    recoveryKey: encodeKey(created.recoveryKey),
    domainToken: created.domainToken,
  };
}
