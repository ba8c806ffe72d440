import { AppError, ERROR_CODES } from '../errors.js';
import { drawFields, planFields, type CertificateField } from './certificate-fields.js';
import { COLORS, LINE_HEIGHT, drawLine, drawRule, measurer, type TextStyle } from './drawing.js';
import {
  PAGE_HEIGHT,
  PAGE_WIDTH,
  createPdfDocument,
  type PdfAttachment,
  finishDocument,
} from './pdf-document.js';
import { drawQrCode } from './qr-code.js';
import { ellipsize, normalizeText, shrinkToFit, wrapText } from './text-fit.js';

/** Everything printed on a certificate. All strings are plain text, never markup. */
export interface CertificateContent {
  /** Random public id, e.g. 'q3Z0v9mXb1c2d3e4f5g6hA'. */
  documentId: string;
  /** Name of the issuing organisation. */
  issuerName: string;
  /** E.g. 'Master of Science in Physics'. */
  title: string;
  /**
   * Any script of the font library: Latin, Greek, Cyrillic in DejaVu Sans; Arabic, Hebrew,
   * Chinese, Japanese and Korean in their built-in fallback fonts. Never put in PDF metadata.
   */
  recipientName: string;
  /** Free label/value pairs, e.g. Grade: 'A'. Designed for 0..20 entries. */
  fields: ReadonlyArray<CertificateField>;
  /** ISO-8601 UTC. */
  issuedAt: string;
  /** ISO-8601 UTC, or null when the document does not expire. */
  expiresAt: string | null;
  /** ISO-8601 UTC. Also the PDF creation date, so the same content renders to the same bytes. */
  activatedAt: string;
  /** Public verification page, printed and encoded in the QR code. */
  verificationUrl: string;
  /** Translatable fixed wording. */
  labels: CertificateLabels;
  /** PDF/A-3 associated files, e.g. the signed record of the document (relationship Data). */
  attachments?: readonly PdfAttachment[];
}

/** The fixed wording of the template, one set per language. */
export interface CertificateLabels {
  awardedTo: string;
  issuedBy: string;
  issuedOn: string;
  validUntil: string;
  documentId: string;
  verifyAt: string;
}

export const ENGLISH_CERTIFICATE_LABELS: CertificateLabels = {
  awardedTo: 'This certifies that',
  issuedBy: 'Issued by',
  issuedOn: 'Issued on',
  validUntil: 'Valid until',
  documentId: 'Document ID',
  verifyAt: 'Verify at',
};

export const FRENCH_CERTIFICATE_LABELS: CertificateLabels = {
  awardedTo: 'Ce document certifie que',
  issuedBy: 'Délivré par',
  issuedOn: 'Délivré le',
  validUntil: "Valable jusqu'au",
  documentId: 'Identifiant du document',
  verifyAt: 'Vérifier sur',
};

const CONTENT_LEFT = 72;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * CONTENT_LEFT;
const CENTER_X = PAGE_WIDTH / 2;

const ISSUER_TOP = 52;
/** Title, recipient and fields share the band between these two y coordinates. */
const BODY_TOP = 94;
const BODY_BOTTOM = 412;
/** How far the body may move down to balance a short page. */
const MAX_BODY_SHIFT = 64;
const TITLE_WIDTH = CONTENT_WIDTH - 40;
const TITLE_LINE_HEIGHT = 1.15;

const DATES_TOP = 428;
const ISSUER_COLUMN_WIDTH = 250;
const DATE_COLUMN_WIDTH = 150;
const DATE_COLUMN_GAP = 28;

const FOOTER_TOP = 480;
const FOOTER_LABEL_MAX_WIDTH = 140;
const QR_SIZE = 88;
const QR_X = PAGE_WIDTH - 40 - QR_SIZE;
const QR_Y = PAGE_HEIGHT - 40 - QR_SIZE;

/** The two certificate dates, already formatted. */
interface CertificateDates {
  readonly issuedOn: string;
  readonly validUntil: string | null;
}

interface TitleLayout {
  readonly size: number;
  readonly lines: readonly string[];
  readonly height: number;
}

interface NameLayout {
  readonly name: string;
  readonly size: number;
  /** From the top of "This certifies that" to just below the rule under the name. */
  readonly height: number;
}

/**
 * Formats an ISO-8601 timestamp as its UTC calendar date, YYYY-MM-DD. Throws INVALID_INPUT
 * for anything `Date` cannot parse or whose year has no four-digit form; `field` names the
 * input in the error, never its value.
 */
function formatUtcDate(iso: string, field: string): string {
  const date = new Date(iso);
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 1 || year > 9999) {
    throw new AppError(ERROR_CODES.INVALID_INPUT, `Certificate ${field} is not a valid date.`, {
      details: { field },
    });
  }
  return date.toISOString().slice(0, 10);
}

/** Validates and formats every date up front, so a bad one fails before drawing starts. */
function certificateDates(content: CertificateContent): CertificateDates {
  formatUtcDate(content.activatedAt, 'activatedAt');
  return {
    issuedOn: formatUtcDate(content.issuedAt, 'issuedAt'),
    validUntil: content.expiresAt === null ? null : formatUtcDate(content.expiresAt, 'expiresAt'),
  };
}

/** Draws `text` on one line, ellipsized to `width`, centred on `x`. */
function drawCenteredLine(
  doc: PDFKit.PDFDocument,
  text: string,
  style: TextStyle,
  at: { readonly x: number; readonly y: number; readonly width: number },
): void {
  const fitted = ellipsize(normalizeText(text), at.width, measurer(doc, style.font, style.size));
  drawLine(doc, fitted, style, { x: at.x, y: at.y, align: 'center' });
}

/** The bold size between `maxSize` and 8 pt at which `text` fits `width` (if it fits at all). */
function fittedBoldSize(
  doc: PDFKit.PDFDocument,
  text: string,
  width: number,
  maxSize: number,
): number {
  return shrinkToFit(normalizeText(text), width, { minSize: 8, maxSize }, (points) =>
    measurer(doc, 'bold', points),
  );
}

/** A thick navy frame with a thin gold one inside it. */
function drawFrame(doc: PDFKit.PDFDocument): void {
  doc
    .rect(18, 18, PAGE_WIDTH - 36, PAGE_HEIGHT - 36)
    .lineWidth(3)
    .strokeColor(COLORS.navy)
    .stroke();
  doc
    .rect(26, 26, PAGE_WIDTH - 52, PAGE_HEIGHT - 52)
    .lineWidth(0.8)
    .strokeColor(COLORS.gold)
    .stroke();
}

/** The issuer as a letterhead, above a short gold rule. */
function drawIssuer(doc: PDFKit.PDFDocument, issuerName: string): void {
  const size = fittedBoldSize(doc, issuerName, CONTENT_WIDTH, 15);
  drawCenteredLine(
    doc,
    issuerName,
    { font: 'bold', size, color: COLORS.navy },
    {
      x: CENTER_X,
      y: ISSUER_TOP,
      width: CONTENT_WIDTH,
    },
  );
  drawRule(doc, { x: CENTER_X - 36, y: ISSUER_TOP + 28 }, 72, { color: COLORS.gold, width: 1.2 });
}

/** The title at 30 pt, or at 22 pt if it needs more than two lines; ellipsized after two. */
function layoutTitle(doc: PDFKit.PDFDocument, title: string): TitleLayout {
  const size = wrapText(title, TITLE_WIDTH, 3, measurer(doc, 'bold', 30)).length <= 2 ? 30 : 22;
  const lines = wrapText(title, TITLE_WIDTH, 2, measurer(doc, 'bold', size));
  return { size, lines, height: lines.length * size * TITLE_LINE_HEIGHT };
}

function drawTitle(doc: PDFKit.PDFDocument, layout: TitleLayout, top: number): void {
  layout.lines.forEach((line, index) => {
    drawLine(
      doc,
      line,
      { font: 'bold', size: layout.size, color: COLORS.navy },
      {
        x: CENTER_X,
        y: top + index * layout.size * TITLE_LINE_HEIGHT,
        align: 'center',
      },
    );
  });
}

/** The recipient's name as large as fits the width, between 40 and 16 pt. */
function layoutName(doc: PDFKit.PDFDocument, recipientName: string): NameLayout {
  const name = normalizeText(recipientName);
  const size = shrinkToFit(name, CONTENT_WIDTH, { minSize: 16, maxSize: 40 }, (points) =>
    measurer(doc, 'bold', points),
  );
  return { name, size, height: 56 + size * LINE_HEIGHT };
}

/** "This certifies that", then the name, underlined by a gold rule a little wider than it. */
function drawRecipient(
  doc: PDFKit.PDFDocument,
  awardedTo: string,
  layout: NameLayout,
  top: number,
): void {
  drawCenteredLine(
    doc,
    awardedTo,
    { font: 'regular', size: 12, color: COLORS.muted },
    {
      x: CENTER_X,
      y: top + 14,
      width: CONTENT_WIDTH,
    },
  );
  const nameTop = top + 38;
  drawCenteredLine(
    doc,
    layout.name,
    { font: 'bold', size: layout.size, color: COLORS.ink },
    {
      x: CENTER_X,
      y: nameTop,
      width: CONTENT_WIDTH,
    },
  );
  const nameWidth = measurer(doc, 'bold', layout.size)(layout.name);
  const ruleLength = Math.min(CONTENT_WIDTH, Math.max(240, nameWidth + 48));
  drawRule(
    doc,
    { x: CENTER_X - ruleLength / 2, y: nameTop + layout.size * LINE_HEIGHT + 4 },
    ruleLength,
    {
      color: COLORS.gold,
      width: 0.8,
    },
  );
}

/**
 * Title, recipient and fields. Their heights are known before drawing, so the block is moved
 * down into the free space of a short certificate (up to a limit) and the fields are centred
 * in what remains, instead of leaving an empty band above the dates.
 */
function drawBody(doc: PDFKit.PDFDocument, content: CertificateContent): void {
  const title = layoutTitle(doc, content.title);
  const name = layoutName(doc, content.recipientName);
  const fieldsTop = BODY_TOP + title.height + name.height;
  const fields = planFields(doc, content.fields, {
    width: CONTENT_WIDTH,
    height: BODY_BOTTOM - fieldsTop,
  });
  const slack = Math.max(0, BODY_BOTTOM - fieldsTop - fields.height);
  const shift = Math.min(MAX_BODY_SHIFT, fields.cells.length === 0 ? slack / 2 : slack / 3);
  drawTitle(doc, title, BODY_TOP + shift);
  drawRecipient(doc, content.labels.awardedTo, name, BODY_TOP + shift + title.height);
  drawFields(doc, fields, { centerX: CENTER_X, top: fieldsTop + shift + (slack - shift) / 2 });
}

/**
 * Issuer and dates as signature-style columns: value above a hairline, label below. All
 * values share one size, shrunk until the longest fits, and sit on the hairline.
 */
function drawDates(
  doc: PDFKit.PDFDocument,
  content: CertificateContent,
  dates: CertificateDates,
): void {
  const { labels } = content;
  const columns = [
    { label: labels.issuedBy, value: content.issuerName, width: ISSUER_COLUMN_WIDTH },
    { label: labels.issuedOn, value: dates.issuedOn, width: DATE_COLUMN_WIDTH },
  ];
  if (dates.validUntil !== null) {
    columns.push({ label: labels.validUntil, value: dates.validUntil, width: DATE_COLUMN_WIDTH });
  }
  const total =
    columns.reduce((sum, column) => sum + column.width, 0) + (columns.length - 1) * DATE_COLUMN_GAP;
  const size = Math.min(
    ...columns.map((column) => fittedBoldSize(doc, column.value, column.width, 11)),
  );
  let left = CENTER_X - total / 2;
  for (const column of columns) {
    const center = left + column.width / 2;
    drawCenteredLine(
      doc,
      column.value,
      { font: 'bold', size, color: COLORS.ink },
      {
        x: center,
        y: DATES_TOP + (11 - size),
        width: column.width,
      },
    );
    drawRule(doc, { x: left, y: DATES_TOP + 18 }, column.width, {
      color: COLORS.hairline,
      width: 0.6,
    });
    drawCenteredLine(
      doc,
      column.label,
      { font: 'regular', size: 8, color: COLORS.muted },
      {
        x: center,
        y: DATES_TOP + 22,
        width: column.width,
      },
    );
    left += column.width + DATE_COLUMN_GAP;
  }
}

function footerStyle(size: number, color: string): TextStyle {
  return { font: 'regular', size, color };
}

/**
 * Document id and verification URL in small type, and the QR code bottom-right. The record's
 * salt is not printed: it is a technical value that stays in the embedded signed record.
 */
function drawFooter(doc: PDFKit.PDFDocument, content: CertificateContent): void {
  const { labels } = content;
  const textRight = QR_X - 16;
  drawRule(doc, { x: CONTENT_LEFT, y: FOOTER_TOP }, textRight - CONTENT_LEFT, {
    color: COLORS.hairline,
    width: 0.6,
  });
  const rows = [
    { label: labels.documentId, value: content.documentId, style: footerStyle(8, COLORS.ink) },
    { label: labels.verifyAt, value: content.verificationUrl, style: footerStyle(8, COLORS.navy) },
  ];
  const labelStyle = footerStyle(7, COLORS.muted);
  const labelMeasure = measurer(doc, labelStyle.font, labelStyle.size);
  const labelTexts = rows.map((row) => normalizeText(row.label));
  const labelWidth = Math.min(FOOTER_LABEL_MAX_WIDTH, Math.max(...labelTexts.map(labelMeasure)));
  const valueLeft = CONTENT_LEFT + labelWidth + 10;
  rows.forEach((row, index) => {
    const y = FOOTER_TOP + 12 + index * 14;
    const label = ellipsize(labelTexts[index] ?? '', labelWidth, labelMeasure);
    drawLine(doc, label, labelStyle, { x: CONTENT_LEFT, y: y + 1, align: 'left' });
    const valueMeasure = measurer(doc, row.style.font, row.style.size);
    const value = ellipsize(normalizeText(row.value), textRight - valueLeft, valueMeasure);
    drawLine(doc, value, row.style, { x: valueLeft, y, align: 'left' });
  });
  drawQrCode(doc, content.verificationUrl, { x: QR_X, y: QR_Y, size: QR_SIZE, color: COLORS.ink });
}

/**
 * Renders the one-page A4 landscape PDF of an activated document from the built-in
 * certificate template.
 *
 * Contract:
 * - Pure: no database or network I/O; the bundled fonts are read and parsed once per process.
 * - Always exactly one page: long texts shrink, wrap or end with an ellipsis instead of
 *   overflowing, so callers need not pre-trim (they should still validate lengths).
 * - Text is set in embedded, subset fonts with ToUnicode maps, so it is extractable (e.g. with
 *   pdftotext) and looks the same everywhere: DejaVu Sans for Latin, Greek and Cyrillic, and
 *   for any other script in any field the built-in font for it (src/pdf/text/), with Arabic
 *   and Hebrew shaped and put in visual order by the Unicode bidi algorithm. CJK fonts are only
 *   loaded, and only embedded, when a text needs them.
 * - The Info dictionary holds title, issuer, creator and the activation time, but never the
 *   recipient's name: metadata is often indexed or logged where personal data must not go.
 * - Deterministic: the same content gives the same bytes (the creation date comes from
 *   `activatedAt` and PDFKit derives the file id from the Info dictionary), so the embedded
 *   signed record (an attachment, which holds the record's random salt) is what makes two
 *   documents with the same visible content differ.
 *
 * Throws INVALID_INPUT if a date is not a valid ISO-8601 timestamp.
 */
export async function renderCertificatePdf(content: CertificateContent): Promise<Buffer> {
  const dates = certificateDates(content);
  const doc = createPdfDocument({
    width: PAGE_WIDTH,
    height: PAGE_HEIGHT,
    metadata: {
      title: content.title,
      author: content.issuerName,
      documentId: content.documentId,
      creationDate: new Date(content.activatedAt),
    },
    attachments: content.attachments ?? [],
  });
  drawFrame(doc);
  drawIssuer(doc, content.issuerName);
  drawBody(doc, content);
  drawDates(doc, content, dates);
  drawFooter(doc, content);
  return finishDocument(doc);
}
