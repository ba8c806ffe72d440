import { canonicalJson } from '../../verifier/credential/canonical-json.js';
import type { PdfAttachment } from '../pdf/pdf-document.js';
import {
  RECORD_FILE_NAME,
  RECORD_MIME_TYPE,
  RECORD_TYPE,
  signDetachedJws,
  type SignedRecord,
  type UnsignedRecord,
} from '../../verifier/credential/index.js';
import { verificationUrl, type RecipientRecord } from './document.js';
import { STATUS_PURPOSES, statusListUrl } from './status-list.js';

/**
 * What the platform signs records with: the document signing key (DESIGN §4, the same key that
 * signs the PDF). Structurally the `documentSigner` of the app context; declared here so that
 * building a record needs nothing else from it.
 */
export interface RecordSigner {
  readonly algorithm: 'ES256' | 'PS256';
  /** DER, the signing certificate first. */
  readonly certificates: readonly Buffer[];
  /** ES256: IEEE P1363 r‖s over SHA-256; PS256: RSASSA-PSS over SHA-256. */
  signData(data: Uint8Array): Buffer;
}

/** The issuer as the record names it. */
export interface RecordIssuer {
  readonly publicId: string;
  readonly name: string;
}

/**
 * The record of an activated document, unsigned: the decrypted recipient record without the
 * recipient's e-mail (the PDF shows the name, never the address), the issuer, the activation
 * time and where to check its status.
 */
export function buildUnsignedRecord(input: {
  readonly record: RecipientRecord;
  readonly issuer: RecordIssuer;
  readonly activatedAt: string;
  readonly publicUrl: string;
  /** The designed template and version the PDF was rendered with; null for the built-in one. */
  readonly template: { readonly templateId: string; readonly version: number } | null;
  /** Its position in the issuer's status lists (assignStatusListIndex); none when absent. */
  readonly statusListIndex?: number | null;
}): UnsignedRecord {
  const { record, issuer, publicUrl } = input;
  const id = encodeURIComponent(record.documentId);
  return {
    type: RECORD_TYPE,
    version: 1,
    documentId: record.documentId,
    title: record.title,
    recipient: { name: record.recipient.name },
    fields: record.fields.map((field) => ({ label: field.label, value: field.value })),
    template:
      input.template === null
        ? { id: record.template, version: null }
        : { id: input.template.templateId, version: input.template.version },
    issuer: {
      id: issuer.publicId,
      name: issuer.name,
      profileUrl: `${publicUrl}/api/issuers/${encodeURIComponent(issuer.publicId)}`,
    },
    issuedAt: record.issuedAt,
    activatedAt: input.activatedAt,
    expiresAt: record.expiresAt,
    salt: record.salt,
    verificationUrl: verificationUrl(publicUrl, record.documentId),
    status: [
      {
        type: 'CertaStatusLookup',
        statusPurpose: 'revocation',
        statusUrl: `${publicUrl}/api/documents/${id}/status`,
      },
      ...(input.statusListIndex === null || input.statusListIndex === undefined
        ? []
        : STATUS_PURPOSES.map((purpose) => {
            const list = statusListUrl(publicUrl, issuer.publicId, purpose);
            return {
              id: `${list}#${input.statusListIndex}`,
              type: 'BitstringStatusListEntry' as const,
              statusPurpose: purpose,
              statusListIndex: String(input.statusListIndex),
              statusListCredential: list,
            };
          })),
    ],
  };
}

/** Signs the record: a detached JWS over the canonical JSON of every member but `proof`. */
export function signRecord(record: UnsignedRecord, signer: RecordSigner): SignedRecord {
  const payload = Buffer.from(canonicalJson(record), 'utf8');
  return { ...record, proof: { type: 'JWS', jws: signDetachedJws(payload, signer) } };
}

/**
 * The signed record as the PDF attachment: canonical JSON (so `pdfdetach` gives the same bytes
 * every time it is read), application/json, relationship Data.
 */
export function recordAttachment(record: SignedRecord): PdfAttachment {
  return {
    name: RECORD_FILE_NAME,
    mimeType: RECORD_MIME_TYPE,
    content: Buffer.from(canonicalJson(record), 'utf8'),
    relationship: 'Data',
    description: 'Signed machine-readable record of this document (JSON, detached JWS)',
  };
}

/** Builds, signs and packages the record of a document being activated. */
export function embeddedRecordAttachment(
  input: Parameters<typeof buildUnsignedRecord>[0] & { readonly signer: RecordSigner },
): PdfAttachment {
  return recordAttachment(signRecord(buildUnsignedRecord(input), input.signer));
}
