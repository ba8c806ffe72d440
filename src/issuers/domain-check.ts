import type { AppContext } from '../context.js';
import type { Executor } from '../db/database.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import { storeDomainCheck } from '../db/repositories/application.repository.js';
import type { Organisation } from '../db/tables/organisations.table.js';
import { AppError } from '../errors.js';
import {
  checkDomainProof,
  DOMAIN_PROOF_METHODS,
  domainProofInstructions,
  type DomainProofMethod,
} from './domain-proof.js';

/** The last domain check of an application, as stored (JSON) and shown. */
export interface DomainCheckView {
  domain: string;
  verified: boolean;
  checkedAt: string;
  /** One entry per method (DNS TXT record, `.well-known` file), each with what was found. */
  results: Array<{ method: DomainProofMethod; verified: boolean; detail: string }>;
}

/** What the applicant must publish, and what the last check found. */
export interface DomainProofView {
  domain: string | null;
  token: string | null;
  instructions: ReturnType<typeof domainProofInstructions> | null;
  lastCheck: DomainCheckView | null;
  verifiedAt: string | null;
  /** Whether the domain is verified now (a passing check is on record for this domain). */
  verified: boolean;
  /** The method that proved the domain (from the last passing check); null when not verified. */
  method: DomainProofMethod | null;
}

/**
 * The domain proof in one glance, for a reviewer deciding on an application: verified or not,
 * how, when it was last checked and with what result, and why it is not verified.
 */
export interface DomainVerificationState {
  verified: boolean;
  domain: string | null;
  verifiedAt: string | null;
  method: DomainProofMethod | null;
  lastCheckedAt: string | null;
  /** The outcome of the last check; null when the domain was never checked. */
  lastCheckVerified: boolean | null;
  /** When not verified: one sentence saying why (no domain, never checked, what was found). */
  reason: string | null;
}

function isDomainCheckView(value: unknown): value is DomainCheckView {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.domain === 'string' &&
    typeof record.verified === 'boolean' &&
    typeof record.checkedAt === 'string' &&
    Array.isArray(record.results)
  );
}

/** The stored check, or null when there is none (or it cannot be read). */
export function parseDomainCheck(json: string | null): DomainCheckView | null {
  if (json === null) return null;
  try {
    const parsed: unknown = JSON.parse(json);
    return isDomainCheckView(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

export function domainProofView(organisation: Organisation): DomainProofView {
  const { domain, domainToken } = organisation;
  let instructions: DomainProofView['instructions'] = null;
  if (domain !== null && domainToken !== null) {
    try {
      instructions = domainProofInstructions(domain, domainToken);
    } catch {
      instructions = null;
    }
  }
  const lastCheck = parseDomainCheck(organisation.domainCheck);
  const verified = isDomainVerified(organisation);
  return {
    domain,
    token: domainToken,
    instructions,
    lastCheck,
    verifiedAt: organisation.domainVerifiedAt,
    verified,
    method: verified ? provingMethod(lastCheck) : null,
  };
}

/** Whether the organisation's domain is verified: it has a domain and a verification time. */
export function isDomainVerified(
  organisation: Pick<Organisation, 'domain' | 'domainVerifiedAt'>,
): boolean {
  return organisation.domain !== null && organisation.domainVerifiedAt !== null;
}

function provingMethod(check: DomainCheckView | null): DomainProofMethod | null {
  return check?.results.find((result) => result.verified)?.method ?? null;
}

/** The domain proof state of an organisation, as a reviewer sees it first. */
export function domainVerificationState(organisation: Organisation): DomainVerificationState {
  const lastCheck = parseDomainCheck(organisation.domainCheck);
  const verified = isDomainVerified(organisation);
  let reason: string | null = null;
  if (!verified) {
    if (organisation.domain === null) reason = 'The application names no domain.';
    else if (lastCheck === null) reason = 'The domain has never been checked.';
    else if (lastCheck.domain !== organisation.domain)
      reason = 'The domain changed since the last check; check it again.';
    else
      reason = lastCheck.results
        .map((result) => `${result.method === 'dns' ? 'DNS' : 'HTTP'}: ${result.detail}`)
        .join(' ');
  }
  return {
    verified,
    domain: organisation.domain,
    verifiedAt: verified ? organisation.domainVerifiedAt : null,
    method: verified ? provingMethod(lastCheck) : null,
    lastCheckedAt: lastCheck?.checkedAt ?? null,
    lastCheckVerified: lastCheck?.verified ?? null,
    reason,
  };
}

/**
 * Looks for the organisation's token under its domain by both methods at once (DNS TXT record
 * and `.well-known` file, with ctx.domainProof's resolver and deadline) and stores the result;
 * the proof holds when either method finds it. Never throws for what happens on the network: a
 * failure is a result with a sentence saying what was found. The audit event (`actor`) records
 * the outcome per method, not the domain.
 */
export async function runDomainCheck(
  ctx: AppContext,
  organisation: Organisation,
  actor: { actorType: 'user' | 'system'; actorId: string | null; by: 'applicant' | 'reviewer' },
): Promise<DomainCheckView> {
  const { domain, domainToken } = organisation;
  if (domain === null) {
    throw new AppError(
      'CONFLICT',
      'The application has no domain yet; set the domain or the website first.',
      { details: { field: 'domain' } },
    );
  }
  if (domainToken === null) {
    throw new AppError('CONFLICT', 'This organisation has no domain verification token.');
  }
  const options = { now: ctx.now, ...ctx.domainProof };
  const results = await Promise.all(
    DOMAIN_PROOF_METHODS.map((method) =>
      checkDomainProof({ domain, token: domainToken, method }, options),
    ),
  );
  const checkedAt = ctx.now().toISOString();
  const check: DomainCheckView = {
    domain: results[0]?.domain ?? domain,
    verified: results.some((result) => result.verified),
    checkedAt,
    results: results.map((result) => ({
      method: result.method,
      verified: result.verified,
      detail: result.detail,
    })),
  };
  const stored = await ctx.db.transaction().execute(async (trx: Executor) => {
    const changed = await storeDomainCheck(trx, organisation.id, {
      domain,
      json: JSON.stringify(check),
      verifiedAt: check.verified ? checkedAt : null,
    });
    if (!changed) return false;
    await insertAuditEvent(trx, {
      occurredAt: checkedAt,
      actorType: actor.actorType,
      actorId: actor.actorId,
      action: 'application.domain_checked',
      organisationId: organisation.id,
      targetId: organisation.publicId,
      detail: JSON.stringify({
        by: actor.by,
        verified: check.verified,
        ...Object.fromEntries(check.results.map((result) => [result.method, result.verified])),
      }),
    });
    return true;
  });
  if (!stored) {
    throw new AppError(
      'CONFLICT',
      'The domain of the application changed while it was being checked; check again.',
    );
  }
  return check;
}
