import type { Actor } from '../accounts/actor.js';
import { auditActor } from '../accounts/actor.js';
import { requireActor, requireOrganisationAccess, requireUser } from '../accounts/authorize.js';
import { unlockedOrganisationKeys } from '../accounts/unlock-organisation.js';
import { anchorStatusOf } from '../anchoring/anchor-status.js';
import type { AnchorStatus } from '../anchoring/anchor-status.js';
import type { AppContext } from '../context.js';
import { unwrapForOrganisation } from '../crypto/document-keys.js';
import { findDigestAnchors } from '../db/repositories/anchoring.repository.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import {
  findDocumentByPublicId,
  markDocumentRevoked,
} from '../db/repositories/document.repository.js';
import type { DocumentRow } from '../db/tables/documents.table.js';
import type { Organisation } from '../db/tables/organisations.table.js';
import { AppError } from '../errors.js';
import { readStoredPdf } from './activate-document.js';
import { checkText } from '../input/check-text.js';
import { documentState, LIMITS } from './document.js';
import type { DocumentField, DocumentState } from './document.js';
import { decryptRecord } from './document-access.js';
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
  sha256: string | null;
  /** Present only when the caller's session has the organisation key unlocked. */
  recipient: { name: string; email: string; fields: DocumentField[] } | null;
}

/**
 * Opens a document's DEK from wrapB with the caller's unlocked organisation keys; UNLOCK_REQUIRED
 * when they do not include the key the document was sealed to.
 */
export function dekOf(row: DocumentRow, keys: Map<number, Buffer>): Buffer {
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
  if (keys !== null) {
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
    sha256: row.pdfSha256,
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
  const view = viewOf(
    ctx,
    row,
    actor === null ? null : unlockedOrganisationKeys(ctx, actor, organisation),
  );
  const [timeline, digestRows] = await Promise.all([
    documentTimeline(ctx, row),
    findDigestAnchors(ctx.db, row.id),
  ]);
  return { ...view, timeline, anchors: await anchorStatusOf(ctx, digestRows) };
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
  return { pdf: await readStoredPdf(ctx, row, dekOf(row, keys)), fileName: `${row.publicId}.pdf` };
}

/** Revokes a pending or active document with a reason; verification reports it from then on. */
export async function revokeDocument(
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
  const revokedAt = ctx.now().toISOString();
  const who = auditActor(present);
  const revoked = await ctx.db.transaction().execute(async (trx) => {
    const updated = await markDocumentRevoked(trx, row.id, { revokedAt, revocationReason: reason });
    if (updated) {
      await insertAuditEvent(trx, {
        occurredAt: revokedAt,
        ...who,
        action: DOCUMENT_ACTIONS.revoked,
        organisationId: organisation.id,
        targetId: row.publicId,
      });
    }
    return updated;
  });
  if (!revoked) throw new AppError('CONFLICT', 'This document is already revoked.');
  return viewOf(ctx, { ...row, status: 'revoked', revokedAt, revocationReason: reason }, null);
}
