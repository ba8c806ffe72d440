import type { Executor } from '../db/database.js';
import { findCurrentTermsVersion, hasUserAccepted } from '../db/repositories/terms.repository.js';
import { listMembershipsOfUser } from '../db/repositories/user.repository.js';
import type { TermsVersionRow } from '../db/tables/terms.table.js';
import { AppError } from '../errors.js';

/**
 * The issuer terms version this user must still accept, or undefined when they accepted the one
 * in force (or none is published).
 */
export async function pendingIssuerTerms(
  db: Executor,
  userId: number,
  now: string,
): Promise<TermsVersionRow | undefined> {
  const current = await findCurrentTermsVersion(db, 'issuer', now);
  if (current === undefined) return undefined;
  return (await hasUserAccepted(db, userId, current.id)) ? undefined : current;
}

/**
 * What the console asks a user to accept after log-in: the pending issuer terms when they are a
 * member of an organisation (issuer users), else nothing — a platform admin or a person still
 * creating their organisation is asked when they first act in one.
 */
export async function issuerTermsToAccept(
  db: Executor,
  userId: number,
  now: string,
): Promise<TermsVersionRow | undefined> {
  const pending = await pendingIssuerTerms(db, userId, now);
  if (pending === undefined) return undefined;
  return (await listMembershipsOfUser(db, userId)).length > 0 ? pending : undefined;
}

/**
 * Issuer users act in an organisation only under the issuer terms in force: a user who has not
 * accepted the current version gets TERMS_ACCEPTANCE_REQUIRED (403) with its id and label, on
 * every organisation route, until they accept it (POST /api/me/terms/accept). Called by
 * requireOrganisationAccess for users; API keys are not asked (DESIGN §3 "Terms and consent").
 */
export async function requireIssuerTermsAccepted(
  db: Executor,
  userId: number,
  now: string,
): Promise<void> {
  const pending = await pendingIssuerTerms(db, userId, now);
  if (pending === undefined) return;
  throw new AppError(
    'TERMS_ACCEPTANCE_REQUIRED',
    `New issuer terms (${pending.label}) are in force: read and accept them to continue.`,
    { details: { kind: 'issuer', version: pending.id, label: pending.label } },
  );
}
