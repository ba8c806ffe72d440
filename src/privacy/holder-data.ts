import { anchorStatusOf } from '../anchoring/anchor-status.js';
import type { AppContext } from '../context.js';
import { findDigestAnchors } from '../db/repositories/anchoring.repository.js';
import { findOrganisationById } from '../db/repositories/organisation.repository.js';
import type { DocumentRow } from '../db/tables/documents.table.js';
import { decryptRecord } from '../documents/document-access.js';
import { documentState } from '../documents/document.js';
import type { DocumentField, DocumentState } from '../documents/document.js';
import { AppError } from '../errors.js';
import { listRecipientConsents } from '../terms/list-consents.js';

/** Everything the platform holds about one holder's document, as they may see and export it. */
export interface HolderData {
  documentId: string;
  title: string;
  issuer: { id: string; name: string };
  state: DocumentState;
  restricted: boolean;
  restrictedAt: string | null;
  locale: string;
  dates: {
    issuedAt: string;
    expiresAt: string | null;
    activatedAt: string | null;
    suspendedAt: string | null;
    revokedAt: string | null;
  };
  revocationCode: string | null;
  /** The decrypted recipient record: what the issuer entered about them. */
  record: {
    name: string;
    email: string;
    fields: DocumentField[];
  };
  /** Their acceptances of the recipient terms. */
  consents: Array<{
    termsVersionId: number;
    termsLabel: string | null;
    language: string | null;
    method: string;
    acceptedAt: string;
  }>;
  /** The digests anchored on Bitcoin for this document and where each stands. */
  proofs: Array<{
    kind: string;
    digest: string;
    status: string;
    queuedAt: string;
    bitcoinHeight: number | null;
    bitcoinTime: string | null;
  }>;
  pdf: { fileName: string; sha256: string } | null;
  /** What happened to the document (ids and actions only), oldest first. */
  history: Array<{ occurredAt: string; action: string; actorType: string }>;
}

/**
 * What is held about the holder of one document, decrypted with the DEK their link opened: the
 * record, states, dates, consents, proofs and the document's history.
 */
export async function holderData(
  ctx: AppContext,
  row: DocumentRow,
  dek: Buffer,
): Promise<HolderData> {
  const record = decryptRecord(row, dek);
  const organisation = await findOrganisationById(ctx.db, row.organisationId);
  if (organisation === undefined) throw new AppError('INTERNAL', 'The document has no issuer.');
  const consents = await listRecipientConsents(ctx.db, row.id);
  const proofs = await anchorStatusOf(ctx, await findDigestAnchors(ctx.db, row.id));
  const history = await ctx.db
    .selectFrom('auditEvents')
    .select(['occurredAt', 'action', 'actorType'])
    .where('targetId', '=', row.publicId)
    .where('organisationId', '=', row.organisationId)
    .orderBy('seq')
    .execute();
  return {
    documentId: row.publicId,
    title: row.title,
    issuer: { id: organisation.publicId, name: organisation.name },
    state: documentState(row, ctx.now()),
    restricted: row.restrictedAt !== null,
    restrictedAt: row.restrictedAt,
    locale: row.locale,
    dates: {
      issuedAt: row.issuedAt,
      expiresAt: row.expiresAt,
      activatedAt: row.activatedAt,
      suspendedAt: row.suspendedAt,
      revokedAt: row.revokedAt,
    },
    revocationCode: row.revocationCode,
    record: {
      name: record.recipient.name,
      email: record.recipient.email,
      fields: record.fields,
    },
    consents: consents.map((consent) => ({
      termsVersionId: consent.version,
      termsLabel: consent.label,
      language: consent.language,
      method: consent.method,
      acceptedAt: consent.acceptedAt,
    })),
    proofs: proofs.map((proof) => ({
      kind: proof.kind,
      digest: proof.digest,
      status: proof.status,
      queuedAt: proof.queuedAt,
      bitcoinHeight: proof.bitcoinHeight,
      bitcoinTime: proof.bitcoinTime,
    })),
    pdf: row.pdfSha256 === null ? null : { fileName: `${row.publicId}.pdf`, sha256: row.pdfSha256 },
    history: history.map((event) => ({
      occurredAt: event.occurredAt,
      action: event.action,
      actorType: event.actorType,
    })),
  };
}
