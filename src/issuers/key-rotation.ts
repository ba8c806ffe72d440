import type { Actor } from '../accounts/actor.js';
import { requireOrganisationAccess, requireUser } from '../accounts/authorize.js';
import { unlockedOrganisationKeys } from '../accounts/unlock-organisation.js';
import { sealOrganisationKeysTo } from '../accounts/user-keys.js';
import type { AppContext } from '../context.js';
import { canonicalJson } from '../../verifier/credential/canonical-json.js';
import { sha256 } from '../crypto/digest.js';
import {
  wrapOrganisationKeyForRecovery,
  wrapOrganisationKeyForSession,
} from '../crypto/organisation-keys.js';
import { encodeKey, randomKey } from '../crypto/random.js';
import { generateX25519KeyPair } from '../crypto/sealed-box.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import { listOrganisationKeys } from '../db/repositories/member-key.repository.js';
import {
  listHeldKeyIds,
  listKeyHolders,
  lockOrganisationRow,
  retireActiveOrganisationKey,
} from '../db/repositories/member.repository.js';
import {
  findActiveOrganisationKey,
  insertOrganisationKey,
} from '../db/repositories/organisation.repository.js';
import { setSessionUnlock } from '../db/repositories/session.repository.js';
import { findUserById } from '../db/repositories/user.repository.js';
import type { OrganisationKey } from '../db/tables/organisations.table.js';
import { AppError } from '../errors.js';
import { checkText } from '../input/check-text.js';

/** SHA-256 of the raw 32-byte public key, base64url: how a key is named everywhere. */
export function keyFingerprint(publicKey: Buffer): string {
  return sha256(publicKey).toString('base64url');
}

/** An organisation encryption key as anyone may see it (public profile). */
export interface PublicKeyView {
  fingerprint: string;
  algorithm: 'X25519';
  use: 'encryption';
  /** The raw public key, base64url. */
  publicKey: string;
  status: OrganisationKey['status'];
  createdAt: string;
  retiredAt: string | null;
  revokedAt: string | null;
}

export function publicKeyView(key: OrganisationKey): PublicKeyView {
  return {
    fingerprint: keyFingerprint(key.publicKey),
    algorithm: 'X25519',
    use: 'encryption',
    publicKey: key.publicKey.toString('base64url'),
    status: key.status,
    createdAt: key.createdAt,
    retiredAt: key.retiredAt,
    revokedAt: key.revokedAt,
  };
}

/** The members' view of a key: the public one, the revocation reason, and whether they hold it. */
export interface OrganisationKeyView extends PublicKeyView {
  revocationReason: string | null;
  /** Whether the caller holds a copy (seal) of this key; always false for API keys. */
  held: boolean;
}

/** Every key of the organisation, newest first. */
export async function listOrganisationKeyHistory(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
): Promise<OrganisationKeyView[]> {
  const organisation = await requireOrganisationAccess(ctx, actor, organisationId, 'read');
  const keys = await listOrganisationKeys(ctx.db, organisation.id);
  const held =
    actor?.kind === 'user'
      ? await listHeldKeyIds(ctx.db, actor.userId, organisation.id)
      : new Set<number>();
  return keys.reverse().map((key) => ({
    ...publicKeyView(key),
    revocationReason: key.revocationReason,
    held: held.has(key.id),
  }));
}

export interface RotatedKey {
  key: OrganisationKeyView;
  previousKey: { fingerprint: string; status: 'retired' | 'revoked' };
  /** How many members got a copy of the new key (every holder of the previous one, and you). */
  sealedToMembers: number;
  /** Opens the new key if every member's password is lost. Shown once. */
  recoveryKey: string;
}

/**
 * Replaces the organisation's active encryption key. The new private key is sealed to every
 * member who held the previous active key (their public keys: no password needed) and wrapped by
 * a new recovery key returned once; the previous key becomes retired (revoked, with the reason,
 * when it is compromised). Old keys stay, so documents sealed to them still open; new documents
 * are sealed to the new key. Needs "manage" and this session's unlock, which then includes the
 * new key.
 */
export async function rotateOrganisationKey(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; compromised?: boolean; reason?: unknown },
): Promise<RotatedKey> {
  const user = requireUser(actor);
  const organisation = await requireOrganisationAccess(ctx, user, input.organisationId, 'manage');
  const compromised = input.compromised === true;
  const reason =
    input.reason === undefined || input.reason === null
      ? null
      : checkText(input.reason, 'reason', 500);
  if (compromised && reason === null)
    throw new AppError('INVALID_INPUT', 'reason is required when the key is compromised.', {
      details: { field: 'reason' },
    });
  const keys = unlockedOrganisationKeys(ctx, user, organisation);
  if (keys === null || user.session.unlockExpiresAt === null)
    throw new AppError(
      'UNLOCK_REQUIRED',
      'Unlock the organisation (enter your password again) before rotating its key.',
    );
  const unlockExpiresAt = user.session.unlockExpiresAt;
  const previous = await findActiveOrganisationKey(ctx.db, organisation.id);
  if (previous === undefined)
    throw new AppError('CONFLICT', 'This organisation has no active encryption key.');

  const pair = generateX25519KeyPair();
  const recoveryKey = randomKey();
  const at = ctx.now().toISOString();
  const previousStatus = compromised ? 'revoked' : 'retired';
  try {
    const { keyId, sealed } = await ctx.db.transaction().execute(async (trx) => {
      await lockOrganisationRow(trx, organisation.id);
      const retired = await retireActiveOrganisationKey(trx, previous.id, {
        status: previousStatus,
        retiredAt: at,
        revokedAt: compromised ? at : null,
        revocationReason: compromised ? reason : null,
      });
      if (!retired)
        throw new AppError('CONFLICT', 'The key was rotated meanwhile; look at the key list.');
      const holders = await listKeyHolders(trx, organisation.id, previous.id);
      // The caller holds the new key too, even if their unlock predates the previous key.
      if (!holders.some((holder) => holder.id === user.userId)) {
        const caller = await findUserById(trx, user.userId);
        if (caller !== undefined) holders.push(caller);
      }
      const newKeyId = await insertOrganisationKey(trx, {
        organisationId: organisation.id,
        publicKey: pair.publicKey,
        recoveryWrap: wrapOrganisationKeyForRecovery(
          pair.privateKey,
          recoveryKey,
          organisation.publicId,
        ),
        createdAt: at,
      });
      let count = 0;
      for (const holder of holders) {
        if (holder.publicKey === null) continue;
        await sealOrganisationKeysTo(trx, {
          organisationPublicId: organisation.publicId,
          keys: new Map([[newKeyId, pair.privateKey]]),
          member: { id: holder.id, publicId: holder.publicId, publicKey: holder.publicKey },
          sealedByUserId: user.userId,
          at,
        });
        count += 1;
      }
      // This session's unlock now includes the new key too (same expiry).
      const unlocked: Record<string, string> = {};
      for (const [id, privateKey] of keys) unlocked[String(id)] = privateKey.toString('base64url');
      unlocked[String(newKeyId)] = pair.privateKey.toString('base64url');
      await setSessionUnlock(trx, user.session.id, {
        unlockedOrganisationId: organisation.id,
        unlockWrap: wrapOrganisationKeyForSession(
          Buffer.from(canonicalJson(unlocked)),
          user.session.token,
          user.session.publicId,
          organisation.publicId,
        ),
        unlockExpiresAt,
      });
      await insertAuditEvent(trx, {
        occurredAt: at,
        actorType: 'user',
        actorId: user.userPublicId,
        action: 'organisation_key.rotated',
        organisationId: organisation.id,
        targetId: keyFingerprint(pair.publicKey),
        detail: JSON.stringify({
          previousKey: keyFingerprint(previous.publicKey),
          previousStatus,
          reason,
          sealedToMembers: count,
        }),
      });
      return { keyId: newKeyId, sealed: count };
    });
    return {
      key: {
        ...publicKeyView({
          id: keyId,
          organisationId: organisation.id,
          publicKey: pair.publicKey,
          recoveryWrap: Buffer.alloc(0),
          status: 'active',
          createdAt: at,
          retiredAt: null,
          revokedAt: null,
          revocationReason: null,
        }),
        revocationReason: null,
        held: true,
      },
      previousKey: { fingerprint: keyFingerprint(previous.publicKey), status: previousStatus },
      sealedToMembers: sealed,
      recoveryKey: encodeKey(recoveryKey),
    };
  } finally {
    pair.privateKey.fill(0);
    for (const key of keys.values()) key.fill(0);
  }
}
