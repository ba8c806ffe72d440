import PDFDocument from 'pdfkit';

import { normalizeText } from './text-fit.js';
import { loadParsedCertificateFonts, type ParsedFont } from './fonts.js';

/** What goes into the PDF Info dictionary and the XMP packet. Never personal data. */
export interface DocumentMetadata {
  readonly title: string;
  readonly author: string;
  readonly creationDate: Date;
}

/** A4 landscape, in points. */
export const PAGE_WIDTH = 841.89;
export const PAGE_HEIGHT = 595.28;

const XML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => XML_ENTITIES[character] ?? character);
}

/**
 * PDFKit copies the Info strings into the XMP metadata packet without XML-escaping them, so a
 * title such as "R&D <Level 2>" would make the packet malformed. `doc.end()` writes the Info
 * dictionary before it calls `endMetadata()`, so escaped copies are swapped in for that step
 * only and the Info dictionary keeps the plain text.
 */
function escapeXmpPacket(doc: PDFKit.PDFDocument): void {
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
      endMetadata();
    } finally {
      doc.info = info;
    }
  };
}

/**
 * PDFKit accepts an already-parsed fontkit font wherever it accepts a font file (since 0.18,
 * see its changelog), but @types/pdfkit 0.17 only lists paths and buffers, hence the cast.
 */
function asFontSource(font: ParsedFont): PDFKit.Mixins.PDFFontSource {
  return font as unknown as PDFKit.Mixins.PDFFontSource;
}

/**
 * Creates a one-page A4 landscape PDF 1.7 document with zero margins, the certificate fonts
 * registered as 'regular' and 'bold', and reproducible metadata: the creation date is the
 * one given (PDFKit would use the clock) and PDFKit derives the file id from the Info
 * dictionary, so equal inputs give equal bytes. Only `metadata` goes into the Info
 * dictionary and XMP packet.
 */
export function createCertificateDocument(metadata: DocumentMetadata): PDFKit.PDFDocument {
  const fonts = loadParsedCertificateFonts();
  const doc = new PDFDocument({
    size: [PAGE_WIDTH, PAGE_HEIGHT],
    margin: 0,
    pdfVersion: '1.7',
    displayTitle: true,
    info: {
      Title: normalizeText(metadata.title),
      Author: normalizeText(metadata.author),
      Creator: 'Certa',
      CreationDate: metadata.creationDate,
    },
  });
  escapeXmpPacket(doc);
  doc.registerFont('regular', asFontSource(fonts.regular));
  doc.registerFont('bold', asFontSource(fonts.bold));
  return doc;
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
