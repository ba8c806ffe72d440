import PDFDocument from 'pdfkit';

import {
  attachAssociatedFiles,
  type AssociatedFileRelationship,
  type PdfAttachment,
} from './archival/associated-files.js';
import { fileIdentifier } from './archival/file-identifier.js';
import { archivalXmpDescriptions, escapeXml } from './archival/xmp-metadata.js';
import { normalizeText } from './text-fit.js';
import { loadParsedCertificateFonts, type ParsedFont } from './fonts.js';

export type { AssociatedFileRelationship, PdfAttachment };

/** What goes into the PDF Info dictionary and the XMP packet. Never personal data. */
export interface DocumentMetadata {
  readonly title: string;
  /** The issuer: Info /Author and XMP dc:creator. */
  readonly author: string;
  /** The document's public id (XMP certa:documentId); absent for previews, which have none. */
  readonly documentId?: string | undefined;
  /** Creation and modification date: the document's own time, never the clock. */
  readonly creationDate: Date;
}

/** What `createPdfDocument` needs: the page size in points, the metadata and any attachments. */
export interface PdfDocumentOptions {
  readonly width: number;
  readonly height: number;
  readonly metadata: DocumentMetadata;
  /** Embedded as PDF/A-3 associated files (e.g. the signed record, relationship Data). */
  readonly attachments?: readonly PdfAttachment[];
}

/** A4 landscape, in points. */
export const PAGE_WIDTH = 841.89;
export const PAGE_HEIGHT = 595.28;

/** The producer written to Info /Producer and XMP pdf:Producer. */
export const PDF_PRODUCER = 'Certa (PDFKit)';

/**
 * PDFKit copies the Info strings into the XMP metadata packet without XML-escaping them, so a
 * title such as "R&D <Level 2>" would make the packet malformed. `doc.end()` writes the Info
 * dictionary before it calls `endMetadata()`, so escaped copies are swapped in for that step
 * only and the Info dictionary keeps the plain text. The archival XMP (`extraXmp`) is appended
 * in the same step, after PDFKit's PDF/A identification and before the packet is closed.
 */
function completeXmpPacket(doc: PDFKit.PDFDocument, extraXmp: string): void {
  const endMetadata = doc.endMetadata.bind(doc);
  doc.endMetadata = () => {
    const info = doc.info;
    const escape = (value: string | undefined): string | undefined =>
      value === undefined ? undefined : escapeXml(value);
    doc.info = {
      ...info,
      Title: escape(info.Title),
      Author: escape(info.Author),
      Creator: escape(info.Creator),
      Producer: escape(info.Producer),
    };
    try {
      doc.appendXML(extraXmp);
      endMetadata();
    } finally {
      doc.info = info;
    }
  };
}

/** PDFKit's internal file id, written as the trailer /ID pair; not in its type definitions. */
interface WithFileId {
  _id: Uint8Array;
}

/**
 * PDFKit accepts an already-parsed fontkit font wherever it accepts a font file (since 0.18,
 * see its changelog), but @types/pdfkit 0.17 only lists paths and buffers, hence the cast.
 */
function asFontSource(font: ParsedFont): PDFKit.Mixins.PDFFontSource {
  return font as unknown as PDFKit.Mixins.PDFFontSource;
}

/**
 * Creates a one-page PDF/A-3b document (PDF 1.7) of the given size with zero margins, the
 * certificate fonts registered as 'regular' and 'bold', and reproducible archival metadata:
 * Info and XMP agree (title, issuer as author/dc:creator, producer, creation and modification
 * date = `metadata.creationDate`, never the clock), the XMP carries pdfaid part 3 conformance B
 * and certa:documentId (with its extension schema), PDFKit adds the sRGB output intent, the
 * trailer /ID comes from the metadata, and `attachments` become associated files (/AF). Equal
 * inputs give equal bytes. Only `metadata` goes into Info and XMP: never personal data.
 */
export function createPdfDocument(options: PdfDocumentOptions): PDFKit.PDFDocument {
  const { metadata } = options;
  const fonts = loadParsedCertificateFonts();
  const title = normalizeText(metadata.title);
  const author = normalizeText(metadata.author);
  const doc = new PDFDocument({
    size: [options.width, options.height],
    margin: 0,
    pdfVersion: '1.7',
    subset: 'PDF/A-3b',
    displayTitle: true,
    info: {
      Title: title,
      Author: author,
      Creator: 'Certa',
      Producer: PDF_PRODUCER,
      CreationDate: metadata.creationDate,
      ModDate: metadata.creationDate,
    },
  });
  (doc as unknown as WithFileId)._id = fileIdentifier({
    documentId: metadata.documentId,
    title,
    author,
    creationDate: metadata.creationDate,
  });
  completeXmpPacket(
    doc,
    archivalXmpDescriptions({ modifyDate: metadata.creationDate, documentId: metadata.documentId }),
  );
  attachAssociatedFiles(doc, options.attachments ?? [], metadata.creationDate);
  doc.registerFont('regular', asFontSource(fonts.regular));
  doc.registerFont('bold', asFontSource(fonts.bold));
  return doc;
}

/** The built-in certificate's A4 landscape document (kept for callers written before templates). */
export function createCertificateDocument(metadata: DocumentMetadata): PDFKit.PDFDocument {
  return createPdfDocument({ width: PAGE_WIDTH, height: PAGE_HEIGHT, metadata });
}

/**
 * Ends `doc` and resolves with its bytes. PDFKit emits the whole file synchronously from
 * `end()`, but delivers 'end' on a later tick, hence the promise.
 */
export function finishDocument(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
