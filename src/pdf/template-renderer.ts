import { drawPdfPage, readPdfPageCached } from './pdf-page-form.js';
import {
  createPdfDocument,
  finishDocument,
  type DocumentMetadata,
  type PdfAttachment,
} from './pdf-document.js';
import { drawQrCode } from './qr-code.js';
import {
  builtInFontLibrary,
  createFontLibrary,
  drawTextBox,
  type FontLibrary,
  type TextBox,
  type TextBoxStyle,
  type UploadedFont,
} from './text/text-box.js';

/*
 * Renders an issuer-designed template whose placeholders have already been filled in: the
 * template domain (src/templates) decides what each element says; this module only draws.
 */

/** An element ready to draw. Boxes are in points, origin at the top-left of the page. */
export type RenderElement =
  | {
      readonly kind: 'text';
      readonly box: TextBox;
      readonly text: string;
      readonly style: TextBoxStyle;
    }
  | {
      readonly kind: 'image';
      readonly box: TextBox;
      /** PNG or JPEG bytes, already checked at upload. */
      readonly image: Buffer;
      readonly fit: 'contain' | 'cover';
    }
  | { readonly kind: 'qr'; readonly box: TextBox; readonly url: string; readonly color: string }
  | {
      readonly kind: 'line';
      readonly box: TextBox;
      readonly color: string;
      readonly thickness: number;
    }
  | {
      readonly kind: 'rectangle';
      readonly box: TextBox;
      readonly fill: string | null;
      readonly stroke: string | null;
      readonly strokeWidth: number;
      readonly radius: number;
    };

export type RenderBackground =
  | { readonly kind: 'pdf'; readonly bytes: Buffer }
  | { readonly kind: 'image'; readonly bytes: Buffer };

export interface TemplateRenderInput {
  readonly width: number;
  readonly height: number;
  /** Stretched over the whole page, under every element. */
  readonly background: RenderBackground | null;
  /** Drawn in order: later elements paint over earlier ones. */
  readonly elements: readonly RenderElement[];
  /** Fonts the issuer uploaded, by the id the text styles use as family name. */
  readonly fonts: readonly UploadedFont[];
  /** Never personal data (see DocumentMetadata). */
  readonly metadata: DocumentMetadata;
  /** PDF/A-3 associated files, e.g. the signed record of the document. */
  readonly attachments?: readonly PdfAttachment[];
}

function drawImage(
  doc: PDFKit.PDFDocument,
  element: Extract<RenderElement, { kind: 'image' }>,
): void {
  const { x, y, width, height } = element.box;
  if (element.fit === 'contain') {
    doc.image(element.image, x, y, { fit: [width, height], align: 'center', valign: 'center' });
    return;
  }
  doc.save();
  doc.rect(x, y, width, height).clip();
  doc.image(element.image, x, y, { cover: [width, height], align: 'center', valign: 'center' });
  doc.restore();
}

function drawQr(doc: PDFKit.PDFDocument, element: Extract<RenderElement, { kind: 'qr' }>): void {
  const { x, y, width, height } = element.box;
  const size = Math.min(width, height);
  drawQrCode(doc, element.url, {
    x: x + (width - size) / 2,
    y: y + (height - size) / 2,
    size,
    color: element.color,
  });
}

/** The stroke of a line element: through the middle of its box, along its longer side. */
export function lineSegment(box: TextBox): { from: [number, number]; to: [number, number] } {
  if (box.width >= box.height) {
    const y = box.y + box.height / 2;
    return { from: [box.x, y], to: [box.x + box.width, y] };
  }
  const x = box.x + box.width / 2;
  return { from: [x, box.y], to: [x, box.y + box.height] };
}

function drawLineElement(
  doc: PDFKit.PDFDocument,
  element: Extract<RenderElement, { kind: 'line' }>,
): void {
  const { from, to } = lineSegment(element.box);
  doc.save();
  doc
    .moveTo(...from)
    .lineTo(...to)
    .lineWidth(element.thickness)
    .lineCap('butt')
    .strokeColor(element.color)
    .stroke();
  doc.restore();
}

function drawRectangle(
  doc: PDFKit.PDFDocument,
  element: Extract<RenderElement, { kind: 'rectangle' }>,
): void {
  const { x, y, width, height } = element.box;
  const inset = element.stroke === null ? 0 : element.strokeWidth / 2;
  const w = Math.max(0, width - 2 * inset);
  const h = Math.max(0, height - 2 * inset);
  const radius = Math.min(element.radius, w / 2, h / 2);
  const path = (): PDFKit.PDFDocument =>
    radius > 0
      ? doc.roundedRect(x + inset, y + inset, w, h, radius)
      : doc.rect(x + inset, y + inset, w, h);
  doc.save();
  if (element.fill !== null && element.stroke !== null) {
    path()
      .lineWidth(element.strokeWidth)
      .fillColor(element.fill)
      .strokeColor(element.stroke)
      .fillAndStroke();
  } else if (element.fill !== null) {
    path().fillColor(element.fill).fill();
  } else if (element.stroke !== null) {
    path().lineWidth(element.strokeWidth).strokeColor(element.stroke).stroke();
  }
  doc.restore();
}

/**
 * Renders one page: background (a PDF page as a vector Form XObject, or an image), then the
 * elements in order. Text goes through the multi-script text engine (fonts subset and
 * embedded, copyable), the QR code is vector. The result is PDF/A-3b with `attachments` as
 * associated files, as `createPdfDocument` makes it.
 */
export async function renderTemplatePdf(input: TemplateRenderInput): Promise<Buffer> {
  const pdfBackground =
    input.background?.kind === 'pdf' ? await readPdfPageCached(input.background.bytes) : null;
  const library: FontLibrary =
    input.fonts.length === 0 ? builtInFontLibrary() : createFontLibrary({ uploaded: input.fonts });
  const doc = createPdfDocument({
    width: input.width,
    height: input.height,
    metadata: input.metadata,
    ...(input.attachments === undefined ? {} : { attachments: input.attachments }),
  });
  const page = { x: 0, y: 0, width: input.width, height: input.height };
  if (pdfBackground !== null) {
    drawPdfPage(doc, pdfBackground, page);
  } else if (input.background?.kind === 'image') {
    doc.image(input.background.bytes, 0, 0, { width: input.width, height: input.height });
  }
  for (const element of input.elements) {
    switch (element.kind) {
      case 'text':
        if (element.text.trim() !== '')
          drawTextBox(doc, element.text, element.box, element.style, library);
        break;
      case 'image':
        drawImage(doc, element);
        break;
      case 'qr':
        drawQr(doc, element);
        break;
      case 'line':
        drawLineElement(doc, element);
        break;
      case 'rectangle':
        drawRectangle(doc, element);
        break;
    }
  }
  return finishDocument(doc);
}
