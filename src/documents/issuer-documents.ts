import type { Actor } from '../accounts/actor.js';
import { auditActor } from '../accounts/actor.js';
import { requireActor, requireOrganisationAccess, requireUser } from '../accounts/authorize.js';
import { unlockedOrganisationKeys } from '../accounts/unlock-organisation.js';
import { anchorStatusOf } from '../anchoring/anchor-status.js';
import type { AnchorStatus } from '../anchoring/anchor-status.js';
import type { AppContext } from '../context.js';
import { unwrapForOrganisation } from '../crypto/document-keys.js';
import type { Executor } from '../db/database.js';
import { findDigestAnchors } from '../db/repositories/anchoring.repository.js';
import type { AuditEventValues } from '../audit/append-entries.js';
import { insertAuditEvent, insertAuditEvents } from '../db/repositories/audit.repository.js';
import { statusProofsOf, type StatusProof } from '../anchoring/status-proofs.js';
import { recordSecurityEvent, SECURITY_ACTIONS } from '../audit/security-events.js';
import { queueStatusStatement, type StatusTransition } from '../anchoring/status-statements.js';
import { markStatusListChanged } from '../db/repositories/status-list.repository.js';
import { emitWebhookEvent, emitWebhookEvents } from '../webhooks/emit-webhook-event.js';
import {
  findDocumentByPublicId,
  markDocumentReinstated,
  markDocumentRevoked,
  markDocumentSuspended,
} from '../db/repositories/document.repository.js';
import type { DocumentRow } from '../db/tables/documents.table.js';
import type { Organisation } from '../db/tables/organisations.table.js';
import { AppError } from '../errors.js';
import { readStoredPdf } from './activate-document.js';
import { issueDocument } from './issue-document.js';
import type { IssuedDocument, RawIssueInput } from './issue-document.js';
import type { ErasureCause } from '../db/tables/privacy.table.js';
import { checkText } from '../input/check-text.js';
import { documentState, LIMITS, REVOCATION_CODES } from './document.js';
import type { DocumentField, DocumentState } from './document.js';
import { decryptRecord } from './document-access.js';
import { timedDeliveryOfDocument } from '../delivery/delivery-of-document.js';
import type { DocumentDelivery } from '../delivery/delivery-of-document.js';
import { DOCUMENT_ACTIONS, documentTimeline } from './document-timeline.js';
import type { TimelineEvent } from './document-timeline.js';

export interface IssuerDocumentView {
  id: string;
  title: string;
  template: string;
  status: DocumentRow['status'];
  state: DocumentState;
  issuedAt: string;
  expiresAt: string | null;
  activatedAt: string | null;
  revokedAt: string | null;
  revocationReason: string | null;
  revocationCode: string | null;
  suspendedAt: string | null;
  suspensionReason: string | null;
  /** The corrected document that replaced this one (revoked as `superseded`). */
  supersededBy: string | null;
  sha256: string | null;
  /** When its personal data were crypto-shredded (DESIGN §3), and at whose request. */
  erasedAt: string | null;
  erasureCause: ErasureCause | null;
  /** Present only when the caller's session has the organisation key unlocked. */
  recipient: { name: string; email: string; fields: DocumentField[] } | null;
}

const ERASURE_CAUSES: readonly string[] = [
  'holder',
  'issuer',
  'retention',
] satisfies ErasureCause[];

function erasureCauseOf(row: DocumentRow): ErasureCause | null {
  if (row.erasedAt === null || row.erasureCause === null) return null;
  return ERASURE_CAUSES.includes(row.erasureCause) ? (row.erasureCause as ErasureCause) : null;
}

/**
 * Opens a document's DEK from wrapB with the caller's unlocked organisation keys; UNLOCK_REQUIRED
 * when they do not include the key the document was sealed to.
 */
export function dekOf(row: DocumentRow, keys: Map<number, Buffer>): Buffer {
  if (row.erasedAt !== null)
    throw new AppError(
      'CONFLICT',
      'This document’s personal data were erased: there is nothing left to decrypt.',
      { details: { documentId: row.publicId, transition: 'erased' } },
    );
  const privateKey = keys.get(row.organisationKeyId);
  if (privateKey === undefined)
    throw new AppError(
      'UNLOCK_REQUIRED',
      'Your unlocked keys do not include the one of this document.',
    );
  try {
    return unwrapForOrganisation(row.wrapB, privateKey, row.publicId);
  } catch (error) {
    throw new AppError('INTEGRITY_FAILURE', 'The stored document failed its integrity check.', {
      cause: error,
      details: { documentId: row.publicId },
    });
  }
}

/** What the issuer sees of one document (recipient data only with `keys`, i.e. unlocked). */
export function viewOf(
  ctx: AppContext,
  row: DocumentRow,
  keys: Map<number, Buffer> | null,
): IssuerDocumentView {
  let recipient: IssuerDocumentView['recipient'] = null;
  // An erased document has no record left: listed without recipient, never a failure.
  if (keys !== null && row.erasedAt === null) {
    const record = decryptRecord(row, dekOf(row, keys));
    recipient = {
      name: record.recipient.name,
      email: record.recipient.email,
      fields: record.fields,
    };
  }
  return {
    id: row.publicId,
    title: row.title,
    template: row.template,
    status: row.status,
    state: documentState(row, ctx.now()),
    issuedAt: row.issuedAt,
    expiresAt: row.expiresAt,
    activatedAt: row.activatedAt,
    revokedAt: row.revokedAt,
    revocationReason: row.revocationReason,
    revocationCode: row.revocationCode,
    suspendedAt: row.suspendedAt,
    suspensionReason: row.suspensionReason,
    supersededBy: row.supersededBy,
    sha256: row.pdfSha256,
    erasedAt: row.erasedAt,
    erasureCause: erasureCauseOf(row),
    recipient,
  };
}

/** A document of this organisation by public id; NOT_FOUND for any other (never says which). */
export async function loadOwnDocument(
  ctx: AppContext,
  organisation: Organisation,
  documentId: string,
): Promise<DocumentRow> {
  const row = await findDocumentByPublicId(ctx.db, documentId);
  if (row === undefined || row.organisationId !== organisation.id)
    throw new AppError('NOT_FOUND', 'No document with this id in this organisation.');
  return row;
}

/** One document as its detail page shows it: the list's view plus its history and anchors. */
export interface IssuerDocumentDetail extends IssuerDocumentView {
  /** What happened to the document, oldest first (see {@link documentTimeline}). */
  timeline: TimelineEvent[];
  /** Its digests (the issuance commitment, then the PDF's once activated) and their anchoring. */
  anchors: AnchorStatus[];
  /** Its anchored status changes, oldest first (see {@link statusProofsOf}). */
  statusProofs: StatusProof[];
  /** How its e-mail's delivery went, and the batch it came in (src/delivery). */
  delivery: DocumentDelivery;
}

/**
 * One document of the organisation (recipient data only when the session is unlocked, as in
 * the list), with its timeline and the anchoring state of its digests, as the verify report
 * computes them.
 */
export async function getIssuerDocument(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; documentId: string },
): Promise<IssuerDocumentDetail> {
  const organisation = await requireOrganisationAccess(ctx, actor, input.organisationId, 'read');
  const row = await loadOwnDocument(ctx, organisation, input.documentId);
  const keys = actor === null ? null : unlockedOrganisationKeys(ctx, actor, organisation);
  const view = viewOf(ctx, row, keys);
  if (keys !== null && actor !== null && row.erasedAt === null) {
    await recordSecurityEvent(ctx, {
      action: SECURITY_ACTIONS.recipientDataViewed,
      actor,
      organisationId: organisation.id,
      targetId: row.publicId,
    });
  }
  // Read once: the timeline places the delivery in time, the answer states it.
  const timedDelivery = await timedDeliveryOfDocument(ctx.db, row);
  const [timeline, digestRows] = await Promise.all([
    documentTimeline(ctx, row, timedDelivery),
    findDigestAnchors(ctx.db, row.id),
  ]);
  const delivery: DocumentDelivery = {
    state: timedDelivery.state,
    error: timedDelivery.error,
    batchId: timedDelivery.batchId,
  };
  return {
    ...view,
    timeline,
    anchors: await anchorStatusOf(ctx, digestRows),
    statusProofs: await statusProofsOf(ctx, row),
    delivery,
  };
}

/** An issuer user with the key unlocked downloads an activated document's PDF. */
export async function downloadAsIssuer(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; documentId: string },
): Promise<{ pdf: Buffer; fileName: string }> {
  const user = requireUser(actor);
  const organisation = await requireOrganisationAccess(ctx, user, input.organisationId, 'read');
  const row = await loadOwnDocument(ctx, organisation, input.documentId);
  const keys = unlockedOrganisationKeys(ctx, user, organisation);
  if (keys === null)
    throw new AppError(
      'UNLOCK_REQUIRED',
      'Enter your password again to unlock recipient data for this session.',
    );
  const pdf = await readStoredPdf(ctx, row, dekOf(row, keys));
  await recordSecurityEvent(ctx, {
    action: SECURITY_ACTIONS.pdfDownloaded,
    actor: user,
    organisationId: organisation.id,
    targetId: row.publicId,
  });
  return { pdf, fileName: `${row.publicId}.pdf` };
}

/**
 * A transition the document's state does not allow: CONFLICT (409) with `details.transition`
 * naming the rule, e.g. `revoked_is_final`, so clients can tell the cases apart.
 */
function forbiddenTransition(transition: string, message: string, documentId: string): AppError {
  return new AppError('CONFLICT', message, { details: { transition, documentId } });
}

/** Why `state` forbids a suspension (null when it allows one). */
function refusalToSuspend(state: DocumentState, documentId: string): AppError | null {
  switch (state) {
    case 'active':
      return null;
    case 'suspended':
      return forbiddenTransition(
        'already_suspended',
        'This document is already suspended.',
        documentId,
      );
    case 'revoked':
      return forbiddenTransition(
        'revoked_is_final',
        'This document is revoked; revocation is final.',
        documentId,
      );
    case 'expired':
      return forbiddenTransition(
        'expired_cannot_be_suspended',
        'This document has expired; there is nothing left to suspend.',
        documentId,
      );
    case 'pending':
      return forbiddenTransition(
        'pending_cannot_be_suspended',
        'Only an activated document can be suspended; revoke a pending one instead.',
        documentId,
      );
  }
}

function parseEffectiveDate(value: unknown, row: DocumentRow, now: Date): string {
  if (value === undefined || value === null || value === '') return now.toISOString();
  const at =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at))
    throw new AppError('INVALID_INPUT', 'effectiveAt must be an ISO-8601 date-time.', {
      details: { field: 'effectiveAt' },
    });
  if (at > now.getTime())
    throw new AppError('INVALID_INPUT', 'effectiveAt cannot be in the future.', {
      details: { field: 'effectiveAt' },
    });
  if (at < Date.parse(row.issuedAt))
    throw new AppError('INVALID_INPUT', 'effectiveAt cannot be before the document was issued.', {
      details: { field: 'effectiveAt' },
    });
  return new Date(at).toISOString();
}

/**
 * Revokes a pending, active, suspended or expired document (final): a reason from
 * {@link REVOCATION_CODES} (`other` by default) with a text, and an effective date (now by
 * default; the issuer may date it back, never before issuance nor into the future). Verification
 * reports it as revoked since that date from then on. CONFLICT `revoked_is_final` when it already
 * is. Audited with the code and the effective date.
 */
export async function revokeDocument(
  ctx: AppContext,
  actor: Actor | null,
  input: {
    organisationId: string;
    documentId: string;
    reason: unknown;
    code?: unknown;
    effectiveAt?: unknown;
  },
): Promise<IssuerDocumentView> {
  const present = requireActor(actor);
  const organisation = await requireOrganisationAccess(
    ctx,
    present,
    input.organisationId,
    'revoke',
  );
  const reason = checkText(input.reason, 'reason', LIMITS.reason, true);
  const code = input.code ?? 'other';
  if (typeof code !== 'string' || !(REVOCATION_CODES as readonly string[]).includes(code))
    throw new AppError('INVALID_INPUT', `code must be one of ${REVOCATION_CODES.join(', ')}.`, {
      details: { field: 'code' },
    });
  const row = await loadOwnDocument(ctx, organisation, input.documentId);
  const now = ctx.now();
  const revokedAt = parseEffectiveDate(input.effectiveAt, row, now);
  const revoked = await ctx.db.transaction().execute(async (trx) => {
    const updated = await markDocumentRevoked(trx, row.id, {
      revokedAt,
      revocationReason: reason,
      revocationCode: code,
    });
    if (updated) {
      await recordTransition(trx, {
        at: now.toISOString(),
        actor: auditActor(present),
        action: DOCUMENT_ACTIONS.revoked,
        organisationId: organisation.id,
        documentPublicId: row.publicId,
        detail: { code, effectiveAt: revokedAt, from: row.status },
        status: {
          documentRowId: row.id,
          transition: 'revoked',
          effectiveAt: revokedAt,
          reasonCode: code,
        },
      });
      await emitWebhookEvent(trx, organisation.id, {
        type: 'document.revoked',
        occurredAt: now.toISOString(),
        documentId: row.publicId,
        data: { status: 'revoked', previousStatus: row.status, reasonCode: code, revokedAt },
      });
    }
    return updated;
  });
  if (!revoked)
    throw forbiddenTransition(
      'revoked_is_final',
      'This document is already revoked; revocation is final.',
      row.publicId,
    );
  return viewOf(
    ctx,
    {
      ...row,
      status: 'revoked',
      revokedAt,
      revocationReason: reason,
      revocationCode: code,
    },
    null,
  );
}

/**
 * Suspends an active document (e.g. during an inquiry) with a reason: verification reports it
 * as suspended since now until it is reinstated. CONFLICT for a pending, expired, revoked or
 * already suspended document (`details.transition` says which). Audited without the reason:
 * its free text stays on the row (`suspension_reason`), never in the permanent trail.
 */
export async function suspendDocument(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; documentId: string; reason: unknown },
): Promise<IssuerDocumentView> {
  const present = requireActor(actor);
  const organisation = await requireOrganisationAccess(
    ctx,
    present,
    input.organisationId,
    'revoke',
  );
  const reason = checkText(input.reason, 'reason', LIMITS.reason, true);
  const row = await loadOwnDocument(ctx, organisation, input.documentId);
  const now = ctx.now();
  const refusal = refusalToSuspend(documentState(row, now), row.publicId);
  if (refusal !== null) throw refusal;
  const suspendedAt = now.toISOString();
  const suspended = await ctx.db.transaction().execute(async (trx) => {
    const updated = await markDocumentSuspended(
      trx,
      row.id,
      { suspendedAt, suspensionReason: reason },
      suspendedAt,
    );
    if (updated) {
      await recordTransition(trx, {
        at: suspendedAt,
        actor: auditActor(present),
        action: DOCUMENT_ACTIONS.suspended,
        organisationId: organisation.id,
        documentPublicId: row.publicId,
        detail: { from: row.status },
        status: {
          documentRowId: row.id,
          transition: 'suspended',
          effectiveAt: suspendedAt,
          reasonCode: null,
        },
      });
      await emitWebhookEvent(trx, organisation.id, {
        type: 'document.suspended',
        occurredAt: suspendedAt,
        documentId: row.publicId,
        data: { status: 'suspended', suspendedAt },
      });
    }
    return updated;
  });
  if (!suspended) {
    // Changed since it was read: say what it is now.
    const current = await loadOwnDocument(ctx, organisation, input.documentId);
    throw (
      refusalToSuspend(documentState(current, now), row.publicId) ??
      forbiddenTransition('changed', 'The document changed meanwhile; try again.', row.publicId)
    );
  }
  return viewOf(ctx, { ...row, status: 'suspended', suspendedAt, suspensionReason: reason }, null);
}

/**
 * Ends a suspension: the document is active again (or expired, if its date passed meanwhile).
 * CONFLICT `not_suspended` for any document that is not suspended. Audited.
 */
export async function reinstateDocument(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; documentId: string },
): Promise<IssuerDocumentView> {
  const present = requireActor(actor);
  const organisation = await requireOrganisationAccess(
    ctx,
    present,
    input.organisationId,
    'revoke',
  );
  const row = await loadOwnDocument(ctx, organisation, input.documentId);
  const now = ctx.now().toISOString();
  const reinstated = await ctx.db.transaction().execute(async (trx) => {
    const updated = await markDocumentReinstated(trx, row.id);
    if (updated) {
      await recordTransition(trx, {
        at: now,
        actor: auditActor(present),
        action: DOCUMENT_ACTIONS.reinstated,
        organisationId: organisation.id,
        documentPublicId: row.publicId,
        status: {
          documentRowId: row.id,
          transition: 'reinstated',
          effectiveAt: now,
          reasonCode: null,
        },
      });
      await emitWebhookEvent(trx, organisation.id, {
        type: 'document.reinstated',
        occurredAt: now,
        documentId: row.publicId,
        data: { status: 'active', reinstatedAt: now },
      });
    }
    return updated;
  });
  if (!reinstated)
    throw forbiddenTransition(
      'not_suspended',
      row.status === 'revoked'
        ? 'This document is revoked; revocation is final and cannot be undone.'
        : 'Only a suspended document can be reinstated.',
      row.publicId,
    );
  return viewOf(ctx, { ...row, status: 'active', suspendedAt: null, suspensionReason: null }, null);
}

/**
 * A correction: issues a corrected document (as {@link issueDocument}: its recipient gets a new
 * activation link by e-mail) and revokes the old one as `superseded`, naming the new one, so
 * that verifying the old one says it was replaced and where its holder gets the corrected one.
 * Needs both the "issue" and the "revoke" permission. CONFLICT `revoked_is_final` when the old
 * document is already revoked (nothing is issued then). The new document exists once issued: if
 * the old one was revoked meanwhile by someone else, the answer says so (CONFLICT) and the new
 * one stays issued.
 */
export async function supersedeDocument(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; documentId: string; correction: RawIssueInput },
): Promise<{ document: IssuedDocument; superseded: IssuerDocumentView }> {
  const present = requireActor(actor);
  const organisation = await requireOrganisationAccess(
    ctx,
    present,
    input.organisationId,
    'revoke',
  );
  const row = await loadOwnDocument(ctx, organisation, input.documentId);
  if (row.status === 'revoked')
    throw forbiddenTransition(
      'revoked_is_final',
      'This document is revoked; a revoked document cannot be superseded.',
      row.publicId,
    );
  const issued = await issueDocument(ctx, present, input.organisationId, input.correction);
  const now = ctx.now().toISOString();
  const reason = `Replaced by a corrected document (${issued.id}).`;
  const revoked = await ctx.db.transaction().execute(async (trx) => {
    const updated = await markDocumentRevoked(trx, row.id, {
      revokedAt: now,
      revocationReason: reason,
      revocationCode: 'superseded',
      supersededBy: issued.id,
    });
    if (updated) {
      await recordTransition(trx, {
        at: now,
        actor: auditActor(present),
        action: DOCUMENT_ACTIONS.revoked,
        organisationId: organisation.id,
        documentPublicId: row.publicId,
        detail: { code: 'superseded', supersededBy: issued.id, from: row.status },
        status: {
          documentRowId: row.id,
          transition: 'superseded',
          effectiveAt: now,
          reasonCode: 'superseded',
          supersededBy: issued.id,
        },
      });
      await emitWebhookEvent(trx, organisation.id, {
        type: 'document.superseded',
        occurredAt: now,
        documentId: row.publicId,
        data: {
          status: 'revoked',
          previousStatus: row.status,
          reasonCode: 'superseded',
          revokedAt: now,
          supersededBy: issued.id,
        },
      });
    }
    return updated;
  });
  if (!revoked)
    throw forbiddenTransition(
      'revoked_is_final',
      `The document was revoked meanwhile; the corrected document ${issued.id} was issued all the same.`,
      row.publicId,
    );
  return {
    document: issued,
    superseded: viewOf(
      ctx,
      {
        ...row,
        status: 'revoked',
        revokedAt: now,
        revocationReason: reason,
        revocationCode: 'superseded',
        supersededBy: issued.id,
      },
      null,
    ),
  };
}

/** At most this many documents per bulk revocation. */
export const MAX_DOCUMENTS_PER_REVOCATION = 1000;

/**
 * Revokes many documents of the organisation at once, with one reason code and text (as
 * {@link revokeDocument}, effective now), in one transaction: one audit event per document and
 * one status-list change. Ids that name no document of the organisation, or an already revoked
 * one, are listed apart and change nothing.
 */
export async function revokeDocuments(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; documentIds: unknown; reason: unknown; code?: unknown },
): Promise<{ revoked: string[]; alreadyRevoked: string[]; notFound: string[] }> {
  const present = requireActor(actor);
  const organisation = await requireOrganisationAccess(
    ctx,
    present,
    input.organisationId,
    'revoke',
  );
  const ids = input.documentIds;
  if (
    !Array.isArray(ids) ||
    ids.length === 0 ||
    ids.length > MAX_DOCUMENTS_PER_REVOCATION ||
    !ids.every((id): id is string => typeof id === 'string')
  )
    throw new AppError(
      'INVALID_INPUT',
      `documentIds must list 1 to ${MAX_DOCUMENTS_PER_REVOCATION} document ids.`,
      { details: { field: 'documentIds' } },
    );
  const reason = checkText(input.reason, 'reason', LIMITS.reason, true);
  const code = input.code ?? 'other';
  if (typeof code !== 'string' || !(REVOCATION_CODES as readonly string[]).includes(code))
    throw new AppError('INVALID_INPUT', `code must be one of ${REVOCATION_CODES.join(', ')}.`, {
      details: { field: 'code' },
    });
  const rows: DocumentRow[] = [];
  const notFound: string[] = [];
  for (const id of new Set(ids)) {
    const row = await findDocumentByPublicId(ctx.db, id);
    if (row === undefined || row.organisationId !== organisation.id) notFound.push(id);
    else rows.push(row);
  }
  const now = ctx.now().toISOString();
  const who = auditActor(present);
  const revoked: string[] = [];
  const alreadyRevoked: string[] = [];
  const events: AuditEventValues[] = [];
  await ctx.db.transaction().execute(async (trx) => {
    for (const row of rows) {
      const updated = await markDocumentRevoked(trx, row.id, {
        revokedAt: now,
        revocationReason: reason,
        revocationCode: code,
      });
      if (!updated) {
        alreadyRevoked.push(row.publicId);
        continue;
      }
      revoked.push(row.publicId);
      events.push({
        occurredAt: now,
        ...who,
        action: DOCUMENT_ACTIONS.revoked,
        organisationId: organisation.id,
        targetId: row.publicId,
        detail: JSON.stringify({ code, effectiveAt: now, from: row.status, bulk: true }),
      });
      await queueStatusStatement(trx, {
        documentRowId: row.id,
        documentId: row.publicId,
        transition: 'revoked',
        effectiveAt: now,
        reasonCode: code,
        publishedAt: now,
      });
    }
    if (revoked.length > 0) await markStatusListChanged(trx, organisation.id);
    // Last, in one append: the audit chain's lock is held from here to the commit only.
    await insertAuditEvents(trx, events);
    await emitWebhookEvents(
      trx,
      organisation.id,
      rows
        .filter((row) => revoked.includes(row.publicId))
        .map((row) => ({
          type: 'document.revoked' as const,
          occurredAt: now,
          documentId: row.publicId,
          data: {
            status: 'revoked',
            previousStatus: row.status,
            reasonCode: code,
            revokedAt: now,
            bulk: true,
          },
        })),
    );
  });
  return { revoked, alreadyRevoked, notFound };
}

/**
 * What every validity transition of one document writes besides the document row, in its
 * transaction: the audit event (ids and codes only; the issuer's reason text is on the row), the
 * digest of its status statement in the anchor queue, and the bump that makes the issuer's
 * status lists regenerate at the next request.
 */
async function recordTransition(
  trx: Executor,
  input: {
    at: string;
    actor: ReturnType<typeof auditActor>;
    action: string;
    organisationId: Organisation['id'];
    documentPublicId: string;
    detail?: Record<string, unknown>;
    status: {
      documentRowId: number;
      transition: StatusTransition;
      effectiveAt: string;
      reasonCode: string | null;
      supersededBy?: string;
    };
  },
): Promise<void> {
  await queueStatusStatement(trx, {
    ...input.status,
    documentId: input.documentPublicId,
    publishedAt: input.at,
  });
  await markStatusListChanged(trx, input.organisationId);
  // The audit entry last: on PostgreSQL its lock is then held up to the commit and never while
  // waiting for a row another appender may hold (no deadlock).
  await insertAuditEvent(trx, {
    occurredAt: input.at,
    ...input.actor,
    action: input.action,
    organisationId: input.organisationId,
    targetId: input.documentPublicId,
    ...(input.detail === undefined ? {} : { detail: JSON.stringify(input.detail) }),
  });
}
