import type { AppContext } from '../context.js';
import { DecryptionError } from '../crypto/aead.js';
import { canonicalJson } from '../../verifier/credential/canonical-json.js';
import {
  unwrapOrganisationKeyForSession,
  wrapOrganisationKeyForSession,
} from '../crypto/organisation-keys.js';
import { setSessionUnlock } from '../db/repositories/session.repository.js';
import { findUserById } from '../db/repositories/user.repository.js';
import { AppError } from '../errors.js';
import { recordSecurityEvent, SECURITY_ACTIONS } from '../audit/security-events.js';
import type { Actor } from './actor.js';
import { requireOrganisationAccess, requireUser } from './authorize.js';
import { openOrganisationKeys, openUserPrivateKey } from './user-keys.js';

/**
 * Re-entering the password unlocks the organisation's private keys for this session only: they
 * are re-wrapped under a key derived from the session token (which the server does not store)
 * and expire after UNLOCK_TTL_MINUTES. Nothing usable stays at rest once the token is gone.
 */
export async function unlockOrganisation(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; password: string },
): Promise<{ unlockedUntil: string }> {
  const user = requireUser(actor);
  const organisation = await requireOrganisationAccess(ctx, user, input.organisationId, 'read');
  const account = await findUserById(ctx.db, user.userId);
  if (account === undefined) throw new AppError('UNAUTHENTICATED', 'This session has no user.');
  const userPrivateKey = await openUserPrivateKey(account, input.password);
  let opened: Map<number, Buffer>;
  try {
    opened = await openOrganisationKeys(ctx.db, account, userPrivateKey, organisation);
  } finally {
    userPrivateKey.fill(0);
  }
  if (opened.size === 0)
    throw new AppError(
      'FORBIDDEN',
      'You do not hold a copy of this organisation key yet: a member who has unlocked it must confirm you.',
    );
  const keys: Record<string, string> = {};
  for (const [keyId, privateKey] of opened) {
    keys[String(keyId)] = privateKey.toString('base64url');
    privateKey.fill(0);
  }
  const unlockedUntil = new Date(ctx.now().getTime() + ctx.unlockTtlMinutes * 60_000).toISOString();
  const unlockWrap = wrapOrganisationKeyForSession(
    Buffer.from(canonicalJson(keys)),
    user.session.token,
    user.session.publicId,
    organisation.publicId,
  );
  await setSessionUnlock(ctx.db, user.session.id, {
    unlockedOrganisationId: organisation.id,
    unlockWrap,
    unlockExpiresAt: unlockedUntil,
  });
  await recordSecurityEvent(ctx, {
    action: SECURITY_ACTIONS.unlocked,
    actor: user,
    organisationId: organisation.id,
    targetId: user.session.publicId,
  });
  return { unlockedUntil };
}

/** Ends the unlock of this session (the password must be entered again to read recipient data). */
export async function lockOrganisation(ctx: AppContext, actor: Actor | null): Promise<void> {
  const user = requireUser(actor);
  await setSessionUnlock(ctx.db, user.session.id, {
    unlockedOrganisationId: null,
    unlockWrap: null,
    unlockExpiresAt: null,
  });
  const organisationId = user.session.unlockedOrganisationId;
  if (organisationId !== null) {
    await recordSecurityEvent(ctx, {
      action: SECURITY_ACTIONS.locked,
      actor: user,
      organisationId,
      targetId: user.session.publicId,
    });
  }
}

/**
 * The organisation's private keys by key id when this actor's session has them unlocked, else
 * null. API keys never get them.
 */
export function unlockedOrganisationKeys(
  ctx: AppContext,
  actor: Actor,
  organisation: { id: number; publicId: string },
): Map<number, Buffer> | null {
  if (actor.kind !== 'user') return null;
  const { session } = actor;
  if (
    session.unlockedOrganisationId !== organisation.id ||
    session.unlockWrap === null ||
    session.unlockExpiresAt === null
  )
    return null;
  if (session.unlockExpiresAt <= ctx.now().toISOString()) return null;
  try {
    const json = unwrapOrganisationKeyForSession(
      session.unlockWrap,
      session.token,
      session.publicId,
      organisation.publicId,
    );
    const parsed = JSON.parse(json.toString('utf8')) as Record<string, string>;
    return new Map(
      Object.entries(parsed).map(([keyId, key]) => [Number(keyId), Buffer.from(key, 'base64url')]),
    );
  } catch (error) {
    if (error instanceof DecryptionError) return null;
    throw error;
  }
}
