import type { Actor } from '../accounts/actor.js';
import { requirePlatformAdmin } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import {
  evidenceCounts,
  findEvidence,
  listApplicationAudit,
  listApplications,
  listEvidence,
  listManagers,
  updateOrganisationWhile,
} from '../db/repositories/application.repository.js';
import { findOrganisationByPublicId } from '../db/repositories/organisation.repository.js';
import type { Organisation, OrganisationStatus } from '../db/tables/organisations.table.js';
import { AppError } from '../errors.js';
import { checkText } from '../input/check-text.js';
import {
  applicationDecisionEmail,
  type ApplicationDecision,
} from '../mail/templates/application-emails.js';
import { applicationFields, missingForSubmission } from './application.js';
import type { ApplicationFields } from './application-fields.js';
import {
  domainProofView,
  domainVerificationState,
  isDomainVerified,
  runDomainCheck,
} from './domain-check.js';
import type { DomainCheckView, DomainProofView, DomainVerificationState } from './domain-check.js';
import { issuerProfileUrl } from './issuer.js';
import { evidenceView, readEvidenceFile, type EvidenceView } from './evidence.js';

/*
 * The review of verification applications by platform admins (HTTP) or the host operator (CLI):
 * the queue, one application with its evidence, domain check and audit trail, and the decisions
 * (approve, reject, request more information, suspend). A decision is a conditional status
 * change with its audit event in one transaction; the e-mails to the organisation's owners and
 * admins go out after the commit, so a mail failure never loses a decision (failures are
 * returned by user id for the caller to log). Nothing here touches recipient data.
 */

/** Who decides: a platform admin over HTTP, or the host operator through the CLI. */
export type Reviewer = { kind: 'actor'; actor: Actor | null } | { kind: 'host' };

export interface ReviewerIdentity {
  userId: number | null;
  actorType: 'user' | 'system';
  actorId: string | null;
  via: 'http' | 'cli';
}

/** The platform admin (or host operator) behind a review call; refuses anyone else. */
export function reviewerIdentity(reviewer: Reviewer): ReviewerIdentity {
  if (reviewer.kind === 'host')
    return { userId: null, actorType: 'system', actorId: null, via: 'cli' };
  const admin = requirePlatformAdmin(reviewer.actor);
  return { userId: admin.userId, actorType: 'user', actorId: admin.userPublicId, via: 'http' };
}

/** One line of the review queue. */
export interface IssuerSummary {
  id: string;
  name: string;
  legalName: string | null;
  country: string | null;
  status: OrganisationStatus;
  domain: string | null;
  domainVerified: boolean;
  evidenceCount: number;
  createdAt: string;
  submittedAt: string | null;
  decidedAt: string | null;
}

/** The summary line of one organisation (the queue, the paged list, a decision's answer). */
export function summary(organisation: Organisation, evidenceCount: number): IssuerSummary {
  return {
    id: organisation.publicId,
    name: organisation.name,
    legalName: organisation.legalName,
    country: organisation.country,
    status: organisation.status,
    domain: organisation.domain,
    domainVerified: organisation.domainVerifiedAt !== null,
    evidenceCount,
    createdAt: organisation.createdAt,
    submittedAt: organisation.submittedAt,
    decidedAt: organisation.decidedAt,
  };
}

/** One step of the application's history: what happened, when, and who did it. */
export interface AuditEntry {
  at: string;
  action: string;
  actor: {
    type: string;
    /** The user's or API key's public id; null for the host operator (CLI). */
    id: string | null;
    /** The acting user's e-mail address (issuer members, platform admins). */
    email: string | null;
    isPlatformAdmin: boolean;
  };
  targetId: string | null;
  detail: Record<string, unknown> | null;
}

/** An application as a reviewer sees it. */
export interface ApplicationReview {
  issuer: IssuerSummary;
  fields: ApplicationFields;
  missing: string[];
  decisionReason: string | null;
  approvedAt: string | null;
  evidence: EvidenceView[];
  /** The domain proof at a glance: what an approval needs (or must waive explicitly). */
  domainVerification: DomainVerificationState;
  /** Why the issuer was approved without a verified domain; null otherwise. */
  domainProofWaiver: string | null;
  domainProof: DomainProofView;
  audit: AuditEntry[];
}

/** What a decision did: the issuer afterwards, and how many owners and admins were told. */
export interface DecisionOutcome extends IssuerSummary {
  decisionReason: string | null;
  /** Why the issuer was approved without a verified domain; null otherwise. */
  domainProofWaiver: string | null;
  notified: number;
  /** Users whose e-mail could not be sent (the decision stands). */
  notificationFailures: Array<{ userId: string; error: string }>;
}

const AUDIT_LIMIT = 200;

async function findIssuer(ctx: AppContext, issuerId: string): Promise<Organisation> {
  const organisation = await findOrganisationByPublicId(ctx.db, issuerId);
  if (organisation === undefined) throw new AppError('NOT_FOUND', 'No organisation with this id.');
  return organisation;
}

function parseDetail(detail: string | null): Record<string, unknown> | null {
  if (detail === null) return null;
  try {
    const parsed: unknown = JSON.parse(detail);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Organisations, optionally by status (the queue: `submitted`), oldest submission first. */
export async function listIssuers(
  ctx: AppContext,
  reviewer: Reviewer,
  status?: OrganisationStatus,
): Promise<IssuerSummary[]> {
  reviewerIdentity(reviewer);
  const rows = await listApplications(ctx.db, status);
  const counts = await evidenceCounts(
    ctx.db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => summary(row, counts.get(row.id) ?? 0));
}

/** One application with its evidence list, domain check and history. */
export async function reviewApplication(
  ctx: AppContext,
  reviewer: Reviewer,
  issuerId: string,
): Promise<ApplicationReview> {
  reviewerIdentity(reviewer);
  const organisation = await findIssuer(ctx, issuerId);
  const evidence = await listEvidence(ctx.db, organisation.id);
  const audit = await listApplicationAudit(ctx.db, organisation.id, AUDIT_LIMIT);
  return {
    issuer: summary(organisation, evidence.length),
    fields: applicationFields(organisation),
    missing: missingForSubmission(organisation, evidence.length),
    decisionReason: organisation.decisionReason,
    approvedAt: organisation.approvedAt,
    evidence: evidence.map(evidenceView),
    domainVerification: domainVerificationState(organisation),
    domainProofWaiver: organisation.domainProofWaiver,
    domainProof: domainProofView(organisation),
    audit: audit.reverse().map((event) => ({
      at: event.occurredAt,
      action: event.action,
      actor: {
        type: event.actorType,
        id: event.actorId,
        email: event.actorEmail ?? null,
        isPlatformAdmin: event.actorIsPlatformAdmin === 1,
      },
      targetId: event.targetId,
      detail: parseDetail(event.detail),
    })),
  };
}

/** One evidence file, decrypted, for the reviewer; the download is in the audit log. */
export async function reviewEvidence(
  ctx: AppContext,
  reviewer: Reviewer,
  input: { issuerId: string; evidenceId: string },
): Promise<{ bytes: Buffer; mediaType: string; fileName: string }> {
  const who = reviewerIdentity(reviewer);
  const organisation = await findIssuer(ctx, input.issuerId);
  const row = await findEvidence(ctx.db, organisation.id, input.evidenceId);
  if (row === undefined)
    throw new AppError('NOT_FOUND', 'No evidence file with this id in this application.');
  const file = await readEvidenceFile(ctx, row);
  await insertAuditEvent(ctx.db, {
    occurredAt: ctx.now().toISOString(),
    actorType: who.actorType,
    actorId: who.actorId,
    action: 'application.evidence_viewed',
    organisationId: organisation.id,
    targetId: row.publicId,
    detail: JSON.stringify({ kind: row.kind, via: who.via }),
  });
  return file;
}

/** Runs the domain check again (in any status) and stores its result. */
export async function recheckDomain(
  ctx: AppContext,
  reviewer: Reviewer,
  issuerId: string,
): Promise<DomainCheckView> {
  const who = reviewerIdentity(reviewer);
  const organisation = await findIssuer(ctx, issuerId);
  return runDomainCheck(ctx, organisation, {
    actorType: who.actorType,
    actorId: who.actorId,
    by: 'reviewer',
  });
}

/** Each decision: the status it starts from, and what it sets. */
const DECISIONS: Record<
  ApplicationDecision,
  { from: OrganisationStatus; action: string; needsReason: boolean }
> = {
  approved: { from: 'submitted', action: 'organisation.approved', needsReason: false },
  rejected: { from: 'submitted', action: 'organisation.rejected', needsReason: true },
  more_info_requested: {
    from: 'submitted',
    action: 'organisation.more_info_requested',
    needsReason: true,
  },
  suspended: { from: 'approved', action: 'organisation.suspended', needsReason: true },
};

function wrongState(organisation: Organisation, decision: ApplicationDecision): AppError {
  const from = DECISIONS[decision].from;
  const what =
    from === 'submitted' ? 'not waiting for review' : 'not approved, so it cannot be suspended';
  return new AppError('CONFLICT', `This organisation is ${organisation.status}, ${what}.`, {
    details: { status: organisation.status },
  });
}

/** The reviewer's reason: 1–2000 characters, line breaks allowed. */
export function checkReason(reason: unknown): string {
  if (
    reason === undefined ||
    reason === null ||
    (typeof reason === 'string' && reason.trim() === '')
  )
    throw new AppError('INVALID_INPUT', 'reason is required: say why, for the organisation.', {
      details: { field: 'reason' },
    });
  return checkText(reason, 'reason', 2000, true);
}

/** The shortest written reason for approving without a domain proof. */
export const MIN_WAIVER_REASON_LENGTH = 10;

/** How a reviewer approves: by default only with a verified domain. */
export interface ApprovalInput {
  /** Approve although the domain is not verified; needs `reason`. */
  approveWithoutDomainProof?: boolean | undefined;
  /** Why the domain proof is waived (10–2000 characters); kept on the issuer and in the audit log. */
  reason?: unknown;
}

/** The waiver's reason when the approval waives the domain proof; null when it does not. */
function checkApprovalInput(input: ApprovalInput): string | null {
  if (input.approveWithoutDomainProof !== true) return null;
  const reason = checkReason(input.reason);
  if (reason.length < MIN_WAIVER_REASON_LENGTH)
    throw new AppError(
      'INVALID_INPUT',
      `reason must say in at least ${MIN_WAIVER_REASON_LENGTH} characters why the issuer is approved without a domain proof.`,
      { details: { field: 'reason' } },
    );
  return reason;
}

function domainNotVerified(): AppError {
  return new AppError(
    'DOMAIN_NOT_VERIFIED',
    `The domain of this issuer is not verified. Run the domain check again once the proof is published, or approve without the domain proof: send approveWithoutDomainProof: true and a reason of at least ${MIN_WAIVER_REASON_LENGTH} characters.`,
    { details: { field: 'approveWithoutDomainProof' } },
  );
}

async function decide(
  ctx: AppContext,
  reviewer: Reviewer,
  issuerId: string,
  decision: ApplicationDecision,
  rawReason?: unknown,
  approval: ApprovalInput = {},
): Promise<DecisionOutcome> {
  const who = reviewerIdentity(reviewer);
  const rule = DECISIONS[decision];
  const reason = rule.needsReason ? checkReason(rawReason) : null;
  const waiverReason = decision === 'approved' ? checkApprovalInput(approval) : null;
  const organisation = await findIssuer(ctx, issuerId);
  if (organisation.status !== rule.from) throw wrongState(organisation, decision);
  const domainVerified = isDomainVerified(organisation);
  if (decision === 'approved' && !domainVerified && waiverReason === null)
    throw domainNotVerified();
  // A waiver is recorded only when something is waived.
  const waiver = decision === 'approved' && !domainVerified ? waiverReason : null;
  const at = ctx.now().toISOString();
  const changed = await ctx.db.transaction().execute(async (trx) => {
    const updated = await updateOrganisationWhile(
      trx,
      organisation.id,
      [rule.from],
      {
        status: decision,
        decidedAt: at,
        decisionReason: reason,
        ...(decision === 'approved'
          ? { approvedAt: at, approvedByUserId: who.userId, domainProofWaiver: waiver }
          : {}),
      },
      // Approving on the strength of the domain proof: it must still hold when the row changes.
      { domainVerified: decision === 'approved' && waiver === null },
    );
    if (!updated) return false;
    await insertAuditEvent(trx, {
      occurredAt: at,
      actorType: who.actorType,
      actorId: who.actorId,
      action: rule.action,
      organisationId: organisation.id,
      targetId: organisation.publicId,
      detail: JSON.stringify({
        from: rule.from,
        to: decision,
        via: who.via,
        domainVerified,
        ...(reason === null ? {} : { reason }),
        ...(waiver === null ? {} : { domainProofWaived: true, domainProofWaiver: waiver }),
      }),
    });
    return true;
  });
  const after = await findIssuer(ctx, issuerId);
  if (!changed) {
    if (after.status === rule.from && decision === 'approved') throw domainNotVerified();
    throw wrongState(after, decision);
  }

  // After the commit: the decision stands whatever happens to the e-mails.
  const managers = await listManagers(ctx.db, organisation.id);
  const failures: DecisionOutcome['notificationFailures'] = [];
  let notified = 0;
  for (const manager of managers) {
    try {
      await ctx.mailer.send(
        applicationDecisionEmail({
          to: manager.email,
          decision,
          organisationName: after.name,
          reason,
          url:
            decision === 'approved'
              ? issuerProfileUrl(ctx.publicUrl, after.publicId)
              : ctx.publicUrl,
        }),
      );
      notified += 1;
    } catch (error) {
      failures.push({
        userId: manager.userPublicId,
        error: error instanceof Error ? error.name : 'Error',
      });
    }
  }
  const evidenceCount = (await evidenceCounts(ctx.db, [after.id])).get(after.id) ?? 0;
  return {
    ...summary(after, evidenceCount),
    decisionReason: after.decisionReason,
    domainProofWaiver: after.domainProofWaiver,
    notified,
    notificationFailures: failures,
  };
}

/**
 * Approves an application waiting for review: from now on the organisation may issue. Only with
 * a verified domain (DOMAIN_NOT_VERIFIED otherwise), unless `input` waives the domain proof
 * explicitly with a written reason (≥ 10 characters), which is kept on the issuer row and in the
 * audit event; the public profile then says "Domain not verified" (DESIGN §2).
 */
export function approveIssuer(
  ctx: AppContext,
  reviewer: Reviewer,
  issuerId: string,
  input: ApprovalInput = {},
): Promise<DecisionOutcome> {
  return decide(ctx, reviewer, issuerId, 'approved', undefined, input);
}

/** Rejects an application waiting for review; the reason is e-mailed to its owners and admins. */
export function rejectIssuer(
  ctx: AppContext,
  reviewer: Reviewer,
  issuerId: string,
  reason: unknown,
): Promise<DecisionOutcome> {
  return decide(ctx, reviewer, issuerId, 'rejected', reason);
}

/** Sends an application back to its organisation with the reviewer's message. */
export function requestMoreInformation(
  ctx: AppContext,
  reviewer: Reviewer,
  issuerId: string,
  message: unknown,
): Promise<DecisionOutcome> {
  return decide(ctx, reviewer, issuerId, 'more_info_requested', message);
}

/** Suspends an approved issuer: it cannot issue any more; issued documents stay verifiable. */
export function suspendIssuer(
  ctx: AppContext,
  reviewer: Reviewer,
  issuerId: string,
  reason: unknown,
): Promise<DecisionOutcome> {
  return decide(ctx, reviewer, issuerId, 'suspended', reason);
}
