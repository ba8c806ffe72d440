/**
 * Files embedded as PDF/A-3 associated files (ISO 19005-3 §6.8): each is in the catalog's
 * `/AF` array and the EmbeddedFiles name tree, with `/AFRelationship`, a MIME subtype, a
 * modification date and both `/F` and `/UF` names, as PDF/A-3 requires.
 */

/** ISO 32000-2 / PDF/A-3 relationships of an associated file to the document. */
export type AssociatedFileRelationship =
  'Data' | 'Source' | 'Alternative' | 'Supplement' | 'Unspecified';

export interface PdfAttachment {
  /** File name shown by readers and used by `pdfdetach`, e.g. 'certa-credential.json'. */
  readonly name: string;
  /** MIME type, e.g. 'application/json'. */
  readonly mimeType: string;
  readonly content: Uint8Array;
  readonly relationship: AssociatedFileRelationship;
  /** A short human description (`/Desc`). Never personal data. */
  readonly description: string;
}

const SAFE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,126}$/;

/**
 * Embeds each attachment in `doc`, dated `modifiedDate` (the document's own date, so the
 * output stays reproducible). Throws for an unsafe name or a duplicate: attachment names are
 * chosen by code, never by users.
 */
export function attachAssociatedFiles(
  doc: PDFKit.PDFDocument,
  attachments: readonly PdfAttachment[],
  modifiedDate: Date,
): void {
  const seen = new Set<string>();
  for (const attachment of attachments) {
    if (!SAFE_FILE_NAME.test(attachment.name) || seen.has(attachment.name)) {
      throw new Error(`Attachment name "${attachment.name}" is not a unique plain file name.`);
    }
    seen.add(attachment.name);
    // PDFKit 0.20 reads `relationship` (it writes /AFRelationship); @types/pdfkit 0.17 predates it.
    const options: PDFKit.Mixins.PDFAttachmentOptions & {
      relationship: AssociatedFileRelationship;
    } = {
      name: attachment.name,
      type: attachment.mimeType,
      description: attachment.description,
      creationDate: modifiedDate,
      modifiedDate,
      relationship: attachment.relationship,
    };
    doc.file(Buffer.from(attachment.content), options);
  }
}
