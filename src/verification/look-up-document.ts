import type { AppContext } from '../context.js';
import type { DocumentRow } from '../db/tables/documents.table.js';
import { findOrganisationById } from '../db/repositories/organisation.repository.js';
import { documentState, lastValidDay, verificationUrl } from '../documents/document.js';
import type { DocumentState } from '../documents/document.js';
import { loadDocument } from '../documents/document-access.js';
import { AppError } from '../errors.js';
import { issuerProfile } from '../issuers/issuer.js';
import type { IssuerProfile } from '../issuers/issuer.js';

/** A document's public status: what the lookup by id and the verification report show of it. */
export interface DocumentStatus {
  id: string;
  title: string;
  state: DocumentState;
  issuedAt: string;
  activatedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  revocationReason: string | null;
  revocationCode: string | null;
  suspendedAt: string | null;
  suspensionReason: string | null;
  /** The corrected document that replaced it, when it was superseded. */
  supersededBy: string | null;
  /** Hidden from verification at the holder's request (issue 13). */
  restricted: boolean;
  /** When its personal data were erased (crypto-shredding); null when not erased. */
  erasedAt: string | null;
  /** holder, issuer or retention; null when not erased. */
  erasureCause: string | null;
  /** The last day it is valid (YYYY-MM-DD) when its expiry was given as a date. */
  validThrough: string | null;
  verificationUrl: string;
}

/** A document's public status with its issuer (the QR code's target). */
export interface DocumentStatusView extends DocumentStatus {
  issuer: IssuerProfile;
}

/** The public status of a document at `now`: never the recipient. */
export function documentStatusOf(row: DocumentRow, now: Date, publicUrl: string): DocumentStatus {
  return {
    id: row.publicId,
    title: row.title,
    state: documentState(row, now),
    issuedAt: row.issuedAt,
    activatedAt: row.activatedAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    revocationReason: row.revocationReason,
    revocationCode: row.revocationCode,
    suspendedAt: row.suspendedAt,
    suspensionReason: row.suspensionReason,
    supersededBy: row.supersededBy,
    restricted: row.restrictedAt !== null,
    erasedAt: row.erasedAt,
    erasureCause: row.erasureCause,
    validThrough: row.expiresAt === null ? null : lastValidDay(row.expiresAt),
    verificationUrl: verificationUrl(publicUrl, row.publicId),
  };
}

/**
 * The public status of a document by its id (the QR code's target): issuer, title, state and
 * dates — never the recipient. Integrity still needs the PDF itself (verifyDocument).
 */
export async function lookUpDocument(
  ctx: AppContext,
  documentId: string,
): Promise<DocumentStatusView> {
  const row = await loadDocument(ctx, documentId);
  const organisation = await findOrganisationById(ctx.db, row.organisationId);
  if (organisation === undefined) throw new AppError('INTERNAL', 'The document has no issuer.');
  return {
    ...documentStatusOf(row, ctx.now(), ctx.publicUrl),
    issuer: issuerProfile(organisation, ctx.publicUrl),
  };
}
