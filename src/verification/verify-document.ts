import { anchorStatusOf } from '../anchoring/anchor-status.js';
import { findDigestAnchors } from '../db/repositories/anchoring.repository.js';
import type { AppContext } from '../context.js';
import { isSha256Hex, sha256Hex } from '../crypto/digest.js';
import { findDocumentByPdfSha256 } from '../db/repositories/document.repository.js';
import { findOrganisationById } from '../db/repositories/organisation.repository.js';
import type { DocumentRow } from '../db/tables/documents.table.js';
import type { Organisation } from '../db/tables/organisations.table.js';
import { documentState, lastValidDay, verificationUrl } from '../documents/document.js';
import { AppError } from '../errors.js';
import { pdfWork } from '../pdf/cpu-queue.js';
import { issuerProfile } from '../issuers/issuer.js';
import { publishedDocumentSigning } from '../issuers/issuer-profile.js';
import { checkEmbeddedRecord } from './embedded-record-check.js';
import { documentStatusOf } from './look-up-document.js';
import { checkPdfSignature } from './signature-check.js';
import { checkTime } from './time-check.js';
import { statusProofsOf } from '../anchoring/status-proofs.js';
import type { Check, VerificationReport } from './verification-report.js';

const PDF_MAGIC = Buffer.from('%PDF-');

/** Whether the bytes look like a PDF (header within the first 1024 bytes, as readers allow). */
export function looksLikePdf(file: Buffer): boolean {
  const at = file.subarray(0, 1024).indexOf(PDF_MAGIC);
  return at >= 0;
}

function integrityCheck(row: DocumentRow | undefined): Check {
  return row === undefined
    ? {
        id: 'integrity',
        status: 'failed',
        code: 'not_issued_here',
        message:
          'Not issued by this platform: no document has this SHA-256 digest. It was changed, or it comes from elsewhere.',
      }
    : {
        id: 'integrity',
        status: 'passed',
        code: 'digest_matches',
        message:
          'The file is exactly the document this platform issued: its SHA-256 digest is on record.',
      };
}

function issuerCheck(organisation: Organisation | undefined): Check {
  if (organisation === undefined)
    return {
      id: 'issuer',
      status: 'unknown',
      code: 'no_document',
      message: 'No issuer: the document is not known here.',
    };
  if (organisation.status === 'approved') {
    return {
      id: 'issuer',
      status: 'passed',
      code: 'issuer_verified',
      message: `Issued by ${organisation.name}, whose identity was checked by the platform.`,
    };
  }
  return {
    id: 'issuer',
    status: 'failed',
    code: `issuer_${organisation.status}`,
    message: `Issued by ${organisation.name}, which is not currently a verified issuer (${organisation.status.replace('_', ' ')}).`,
  };
}

/** The last valid day as the issuer typed it, else the expiry instant; '?' when there is none. */
function validUntilText(expiresAt: string | null): string {
  if (expiresAt === null) return '?';
  return lastValidDay(expiresAt) ?? expiresAt;
}

/**
 * Erasure and restriction (issue 13) come before every state: an erased document's data no longer
 * exist (its digests stay valid), a restricted one is hidden at its holder's request.
 */
function privacyValidity(row: DocumentRow): Check | null {
  if (row.erasedAt !== null) {
    const day = row.erasedAt.slice(0, 10);
    const by =
      row.erasureCause === 'holder'
        ? 'at the holder’s request'
        : row.erasureCause === 'retention'
          ? 'under the issuer’s retention rules'
          : 'by the issuer';
    return {
      id: 'validity',
      status: 'failed',
      code: 'erased',
      message: `Erased ${by} on ${day}: the document’s personal data no longer exist. Its anchored digests stay valid and reveal nothing.`,
    };
  }
  if (row.restrictedAt !== null)
    return {
      id: 'validity',
      status: 'failed',
      code: 'restricted',
      message:
        'Restricted at the holder’s request: the holder has asked that this document not be verified for now. It is not revoked.',
    };
  return null;
}

function validityCheck(row: DocumentRow | undefined, now: Date, publicUrl: string): Check {
  if (row === undefined)
    return {
      id: 'validity',
      status: 'unknown',
      code: 'no_document',
      message: 'No validity: the document is not known here.',
    };
  const privacy = privacyValidity(row);
  if (privacy !== null) return privacy;
  switch (documentState(row, now)) {
    case 'revoked':
      if (row.supersededBy !== null)
        return {
          id: 'validity',
          status: 'failed',
          code: 'superseded',
          message: `Superseded on ${row.revokedAt ?? '?'} by a corrected document, ${row.supersededBy}: its holder received it from the issuer; verify that one at ${verificationUrl(publicUrl, row.supersededBy)}.`,
        };
      return {
        id: 'validity',
        status: 'failed',
        code: 'revoked',
        message:
          `Revoked by the issuer on ${row.revokedAt ?? '?'}: ${row.revocationReason ?? ''}`.trim(),
      };
    case 'suspended':
      return {
        id: 'validity',
        status: 'failed',
        code: 'suspended',
        message:
          `Suspended by the issuer since ${row.suspendedAt ?? '?'}: ${row.suspensionReason ?? ''}`.trim(),
      };
    case 'expired':
      return {
        id: 'validity',
        status: 'failed',
        code: 'expired',
        message: `Expired: it was valid until ${validUntilText(row.expiresAt)}.`,
      };
    case 'pending':
      return {
        id: 'validity',
        status: 'failed',
        code: 'not_activated',
        message: 'The document has not been activated by its recipient.',
      };
    case 'active':
      return {
        id: 'validity',
        status: 'passed',
        code: 'active',
        message:
          row.expiresAt === null
            ? 'Active; it does not expire.'
            : `Active until ${validUntilText(row.expiresAt)}.`,
      };
  }
}

/**
 * Verifies a document by its PDF or the PDF's SHA-256: a report of named checks. Only the digest
 * is looked up; the file itself is never stored. The report names the issuer and the document,
 * never the recipient.
 */
export async function verifyDocument(
  ctx: AppContext,
  input: { pdf: Buffer } | { sha256: string },
): Promise<VerificationReport> {
  let sha256: string;
  if ('pdf' in input) {
    if (!looksLikePdf(input.pdf)) throw new AppError('UNSUPPORTED_MEDIA', 'The file is not a PDF.');
    sha256 = sha256Hex(input.pdf);
  } else {
    sha256 = input.sha256.trim().toLowerCase();
    if (!isSha256Hex(sha256))
      throw new AppError('INVALID_INPUT', 'sha256 must be 64 hexadecimal characters.', {
        details: { field: 'sha256' },
      });
  }
  const now = ctx.now();
  const row = await findDocumentByPdfSha256(ctx.db, sha256);
  const organisation =
    row === undefined ? undefined : await findOrganisationById(ctx.db, row.organisationId);
  // One query for the document's digests serves the time check and the anchors list.
  const digestRows = row === undefined ? [] : await findDigestAnchors(ctx.db, row.id);
  const time = await checkTime(ctx, row, digestRows);
  // Only a PDF has a record to read: a bare digest gets no record check at all.
  // Parsing the PDF (record and signature) is CPU-heavy: bounded (503 when too many wait).
  const pdf = 'pdf' in input ? input.pdf : null;
  const embedded =
    pdf === null
      ? null
      : await pdfWork.run(() =>
          checkEmbeddedRecord({
            pdf,
            row,
            platformCertificates: ctx.documentSigner.certificates,
            formerSigners: ctx.documentSigner.formerSigners,
          }),
        );
  // Likewise only a PDF has a PAdES signature to check.
  const signatureCheck =
    pdf === null
      ? null
      : await pdfWork.run(() =>
          checkPdfSignature(pdf, [
            ...ctx.documentSigner.certificates,
            ...ctx.documentSigner.formerSigners,
          ]),
        );
  const checks = [
    integrityCheck(row),
    issuerCheck(organisation),
    validityCheck(row, now, ctx.publicUrl),
    time.check,
    ...(embedded === null ? [] : [embedded.check]),
    ...(signatureCheck === null ? [] : [signatureCheck]),
  ];
  return {
    // A PDF without a record or signature (or a bare digest) can still be valid; a record or a
    // PAdES signature that fails cannot.
    valid:
      checks
        .filter((check) => check.id !== 'time' && check.id !== 'record' && check.id !== 'signature')
        .every((check) => check.status === 'passed') &&
      embedded?.check.status !== 'failed' &&
      signatureCheck?.status !== 'failed',
    sha256,
    checkedAt: now.toISOString(),
    document: row === undefined ? null : documentStatusOf(row, now, ctx.publicUrl),
    issuer: organisation === undefined ? null : issuerProfile(organisation, ctx.publicUrl),
    documentSigning: publishedDocumentSigning(ctx),
    anchor: time.anchor,
    anchors: row === undefined ? [] : await anchorStatusOf(ctx, digestRows),
    statusProofs: row === undefined ? [] : await statusProofsOf(ctx, row),
    checks,
    record: embedded?.record ?? null,
  };
}
