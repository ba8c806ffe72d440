import type { AppContext } from '../context.js';
import { sha256Hex } from '../crypto/digest.js';
import { openDocumentFile, sealDocumentFile, wrapWithMasterKey } from '../crypto/document-keys.js';
import { randomPublicId } from '../crypto/random.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import { emitWebhookEvent } from '../webhooks/emit-webhook-event.js';
import { markDocumentActive, queueAnchorDigest } from '../db/repositories/document.repository.js';
import { findOrganisationById } from '../db/repositories/organisation.repository.js';
import { insertTermsAcceptance } from '../db/repositories/terms.repository.js';
import type { DocumentRow } from '../db/tables/documents.table.js';
import { AppError } from '../errors.js';
import { isLocale } from '../i18n/locale.js';
import type { Locale } from '../i18n/locale.js';
import { requireCurrentRecipientTerms } from '../terms/current-terms.js';
import {
  ENGLISH_CERTIFICATE_LABELS,
  FRENCH_CERTIFICATE_LABELS,
  renderCertificatePdf,
} from '../pdf/render-certificate.js';
import { documentTemplateVersion, renderDesignedDocument } from '../templates/document-template.js';
import { expiryAsShown, verificationUrl } from './document.js';
import type { RecipientRecord } from './document.js';
import { decryptRecord, loadDocument, unwrapWithSecret } from './document-access.js';
import { embeddedRecordAttachment } from './embedded-record.js';
import { assignStatusListIndex } from './status-list.js';
import { DOCUMENT_ACTIONS } from './document-timeline.js';
import { pdfWork } from '../pdf/cpu-queue.js';

export interface ActivationResult {
  documentId: string;
  status: 'active';
  activatedAt: string;
  sha256: string;
  fileName: string;
}

function resultOf(row: DocumentRow): ActivationResult {
  if (row.activatedAt === null || row.pdfSha256 === null)
    throw new AppError('INTERNAL', 'An active document has no PDF.');
  return {
    documentId: row.publicId,
    status: 'active',
    activatedAt: row.activatedAt,
    sha256: row.pdfSha256,
    fileName: `${row.publicId}.pdf`,
  };
}

async function renderPdf(
  ctx: AppContext,
  row: DocumentRow,
  record: RecipientRecord,
  activatedAt: string,
): Promise<Buffer> {
  const organisation = await findOrganisationById(ctx.db, row.organisationId);
  if (organisation === undefined) throw new AppError('INTERNAL', 'The document has no issuer.');
  const locale = isLocale(row.locale) ? row.locale : 'en';
  const attachments = [
    embeddedRecordAttachment({
      record,
      issuer: organisation,
      activatedAt,
      publicUrl: ctx.publicUrl,
      template: await documentTemplateVersion(ctx, row.templateVersionId),
      statusListIndex: await assignStatusListIndex(ctx, row),
      signer: ctx.documentSigner,
    }),
  ];
  if (row.templateVersionId !== null) {
    // A designed template renders with the version the document was issued with.
    return renderDesignedDocument(ctx, organisation, {
      templateVersionId: row.templateVersionId,
      documentId: record.documentId,
      title: record.title,
      recipientName: record.recipient.name,
      fields: record.fields,
      issuedAt: record.issuedAt,
      expiresAt: expiryAsShown(record.expiresAt),
      activatedAt,
      locale,
      verificationUrl: verificationUrl(ctx.publicUrl, record.documentId),
      attachments,
    });
  }
  return renderCertificatePdf({
    documentId: record.documentId,
    issuerName: organisation.name,
    title: record.title,
    recipientName: record.recipient.name,
    fields: record.fields,
    issuedAt: record.issuedAt,
    expiresAt: expiryAsShown(record.expiresAt),
    activatedAt,
    verificationUrl: verificationUrl(ctx.publicUrl, record.documentId),
    labels: locale === 'fr' ? FRENCH_CERTIFICATE_LABELS : ENGLISH_CERTIFICATE_LABELS,
    attachments,
  });
}

/**
 * The recipient activates with the secret from the link, having accepted the current terms: the
 * record is decrypted, the PDF rendered, signed (PAdES) and stored encrypted under a random
 * name, its SHA-256 recorded and queued for anchoring, and the consent recorded: the exact
 * recipient terms version (an older one is TERMS_OUTDATED, 409), the language it was shown in
 * (`termsLanguage`, else the document's language) and the document's id — nothing personal.
 * Activating again returns the same PDF; two activations racing each other end with one PDF.
 */
export async function activateDocument(
  ctx: AppContext,
  input: {
    documentId: string;
    secret: string;
    acceptTerms: boolean;
    termsVersion: number;
    termsLanguage?: Locale | undefined;
  },
): Promise<ActivationResult> {
  const row = await loadDocument(ctx, input.documentId);
  const dek = await unwrapWithSecret(ctx, row, input.secret);
  if (row.status === 'active' || row.status === 'suspended') return resultOf(row);
  if (row.status === 'revoked')
    throw new AppError(
      'CONFLICT',
      'The issuer has revoked this document; it can no longer be activated.',
    );

  if (!input.acceptTerms)
    throw new AppError(
      'TERMS_NOT_ACCEPTED',
      'The terms must be accepted to activate the document.',
    );
  const terms = await requireCurrentRecipientTerms(
    ctx.db,
    input.termsVersion,
    ctx.now().toISOString(),
  );
  const termsLanguage: Locale = input.termsLanguage ?? (isLocale(row.locale) ? row.locale : 'en');

  const record = decryptRecord(row, dek);
  const activatedAt = ctx.now().toISOString();
  // The recorded and anchored SHA-256 is the signed PDF's: what the recipient downloads.
  // Rendering and signing are the CPU-heavy part: bounded (503 when too many wait).
  const pdf = await pdfWork.run(async () =>
    ctx.documentSigner.signPdf(
      await renderPdf(ctx, row, record, activatedAt),
      new Date(activatedAt),
    ),
  );
  const sha256 = sha256Hex(pdf);
  const pdfFile = `${randomPublicId()}.bin`;
  await ctx.blobs.put(pdfFile, sealDocumentFile(dek, pdf, row.publicId));

  const activate = ctx.db.transaction().execute(async (trx) => {
    const updated = await markDocumentActive(trx, row.id, {
      wrapM: wrapWithMasterKey(dek, ctx.masterKey, row.publicId),
      activatedAt,
      pdfSha256: sha256,
      pdfFile,
    });
    if (!updated) return false;
    await insertTermsAcceptance(trx, {
      termsVersionId: terms.id,
      kind: 'recipient',
      userId: null,
      documentId: row.id,
      language: termsLanguage,
      method: 'activation_page',
      acceptedAt: activatedAt,
    });
    await queueAnchorDigest(trx, {
      digest: sha256,
      kind: 'pdf',
      documentId: row.id,
      queuedAt: activatedAt,
    });
    await insertAuditEvent(trx, {
      occurredAt: activatedAt,
      actorType: 'recipient',
      actorId: null,
      action: DOCUMENT_ACTIONS.activated,
      organisationId: row.organisationId,
      targetId: row.publicId,
    });
    await emitWebhookEvent(trx, row.organisationId, {
      type: 'document.activated',
      occurredAt: activatedAt,
      documentId: row.publicId,
      data: { status: 'active', activatedAt },
    });
    return true;
  });
  const won = await activate.catch(async (error: unknown) => {
    await ctx.blobs.delete(pdfFile);
    throw error;
  });
  if (!won) {
    await ctx.blobs.delete(pdfFile);
    return resultOf(await loadDocument(ctx, input.documentId));
  }
  return {
    documentId: row.publicId,
    status: 'active',
    activatedAt,
    sha256,
    fileName: `${row.publicId}.pdf`,
  };
}

/** Decrypts an active document's stored PDF with its DEK and checks it against the recorded digest. */
export async function readStoredPdf(
  ctx: AppContext,
  row: DocumentRow,
  dek: Buffer,
): Promise<Buffer> {
  if (row.status === 'pending' || row.pdfFile === null || row.pdfSha256 === null) {
    throw new AppError('CONFLICT', 'This document has not been activated yet, so it has no PDF.');
  }
  let pdf: Buffer;
  try {
    pdf = openDocumentFile(dek, await ctx.blobs.get(row.pdfFile), row.publicId);
  } catch (error) {
    throw new AppError('INTEGRITY_FAILURE', 'The stored PDF failed its integrity check.', {
      cause: error,
      details: { documentId: row.publicId },
    });
  }
  if (sha256Hex(pdf) !== row.pdfSha256)
    throw new AppError('INTEGRITY_FAILURE', 'The stored PDF does not match its digest.', {
      details: { documentId: row.publicId },
    });
  return pdf;
}

/** The recipient downloads their PDF again with the secret from their link. */
export async function downloadAsRecipient(
  ctx: AppContext,
  input: { documentId: string; secret: string },
): Promise<{ pdf: Buffer; fileName: string }> {
  const row = await loadDocument(ctx, input.documentId);
  const dek = await unwrapWithSecret(ctx, row, input.secret);
  return { pdf: await readStoredPdf(ctx, row, dek), fileName: `${row.publicId}.pdf` };
}
