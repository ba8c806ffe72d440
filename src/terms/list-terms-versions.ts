import type { Actor } from '../accounts/actor.js';
import { requirePlatformAdmin } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import {
  countAcceptancesByVersion,
  findCurrentTermsVersion,
  findTermsVersionById,
  listTermsVersions,
} from '../db/repositories/terms.repository.js';
import { AppError } from '../errors.js';
import { TERMS_KINDS, termsVersionOf } from './terms.js';
import type { TermsKind, TermsVersion } from './terms.js';

export interface TermsVersionSummary extends TermsVersion {
  /** Whether this is the version in force now for its kind. */
  current: boolean;
  /** Published with a later "effective from": waits for it. */
  scheduled: boolean;
  acceptances: number;
}

/** Every version of the terms (drafts too), newest first, for platform admins. */
export async function listTermsVersionsForAdmin(
  ctx: AppContext,
  actor: Actor | null,
  kind?: TermsKind,
): Promise<TermsVersionSummary[]> {
  requirePlatformAdmin(actor);
  const now = ctx.now().toISOString();
  const [rows, counts, ...currents] = await Promise.all([
    listTermsVersions(ctx.db, kind),
    countAcceptancesByVersion(ctx.db),
    ...TERMS_KINDS.map((each) => findCurrentTermsVersion(ctx.db, each, now)),
  ]);
  const currentIds = new Set(currents.map((row) => row?.id));
  const acceptances = new Map<number, number>();
  for (const count of counts)
    acceptances.set(
      count.termsVersionId,
      (acceptances.get(count.termsVersionId) ?? 0) + Number(count.count),
    );
  return rows.map((row) => ({
    ...termsVersionOf(row),
    current: currentIds.has(row.id),
    scheduled: row.effectiveAt !== null && row.effectiveAt > now,
    acceptances: acceptances.get(row.id) ?? 0,
  }));
}

/** One version of the terms (draft or published), for platform admins. */
export async function getTermsVersionForAdmin(
  ctx: AppContext,
  actor: Actor | null,
  id: number,
): Promise<TermsVersion> {
  requirePlatformAdmin(actor);
  const row = await findTermsVersionById(ctx.db, id);
  if (row === undefined) throw new AppError('NOT_FOUND', 'No terms version has this id.');
  return termsVersionOf(row);
}
