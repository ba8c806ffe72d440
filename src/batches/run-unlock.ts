import type { Actor } from '../accounts/actor.js';
import type { AppContext } from '../context.js';
import type { Executor } from '../db/database.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import { findSessionUnlock } from '../db/repositories/session.repository.js';

/**
 * Why a batch run stopped before its end because the unlock it started under no longer holds
 * (DESIGN §5 "Batches"): the session's unlock ran past UNLOCK_TTL_MINUTES (`unlock_expired`),
 * the member locked the organisation again or unlocked another one (`locked`), or the session
 * ended — logged out, expired, ended from another device (`logged_out`).
 */
export type RunUnlockEnd = 'unlock_expired' | 'locked' | 'logged_out';

/** Audit action of a run stopped for a {@link RunUnlockEnd}; its detail is `{reason}`. */
export const BATCH_RUN_STOPPED_ACTION = 'batch.run_stopped';

/**
 * Whether the unlock a batch run started under still holds, as stored now (a member who unlocks
 * again meanwhile extends it): null while it does, else why not. A run holds the organisation's
 * private keys only as long as an issuer could use them through the API; past that it stops
 * handing out new links and leaves the rest awaiting delivery for the next unlock.
 */
export async function runUnlockEnd(
  ctx: AppContext,
  actor: Actor,
  organisationId: number,
): Promise<RunUnlockEnd | null> {
  // Runs start only from a member's unlocked session (startBatch); anything else holds no unlock.
  if (actor.kind !== 'user') return 'locked';
  const unlock = await findSessionUnlock(ctx.db, actor.session.id);
  if (unlock === undefined) return 'logged_out';
  if (
    unlock.unlockedOrganisationId !== organisationId ||
    unlock.unlockWrap === null ||
    unlock.unlockExpiresAt === null
  )
    return 'locked';
  if (unlock.unlockExpiresAt <= ctx.now().toISOString()) return 'unlock_expired';
  return null;
}

/** Writes why a run stopped (ids and a code only) in the caller's transaction. */
export async function recordRunStopped(
  db: Executor,
  run: { organisationId: number; batchPublicId: string },
  reason: RunUnlockEnd,
  now: string,
): Promise<void> {
  await insertAuditEvent(db, {
    occurredAt: now,
    actorType: 'system',
    actorId: null,
    action: BATCH_RUN_STOPPED_ACTION,
    organisationId: run.organisationId,
    targetId: run.batchPublicId,
    detail: JSON.stringify({ reason }),
  });
}
