import type { Measure } from './text-fit.js';

/** Names under which the certificate fonts are registered on every document. */
export type FontName = 'regular' | 'bold';

export interface TextStyle {
  readonly font: FontName;
  readonly size: number;
  readonly color: string;
}

export type Align = 'left' | 'center' | 'right';

/** The certificate palette. */
export const COLORS = {
  navy: '#1B365D',
  gold: '#B08D57',
  ink: '#1A1A1A',
  muted: '#5F6B7A',
  hairline: '#C3C9D2',
} as const;

/** Height of one line of DejaVu Sans (ascent + descent is about 1.17 em), set a little loose. */
export const LINE_HEIGHT = 1.22;

/** Returns a width function for `font` at `size` on `doc`. */
export function measurer(doc: PDFKit.PDFDocument, font: FontName, size: number): Measure {
  return (text) => doc.font(font, size).widthOfString(text);
}

/**
 * Draws one line of text whose top is at `y` and which is anchored at `x` according to
 * `align`. With `lineBreak: false` and no width PDFKit neither wraps nor adds pages, so the
 * layout stays entirely under the caller's control: callers fit the text beforehand.
 */
export function drawLine(
  doc: PDFKit.PDFDocument,
  text: string,
  style: TextStyle,
  anchor: { readonly x: number; readonly y: number; readonly align: Align },
): void {
  if (text === '') {
    return;
  }
  doc.font(style.font, style.size).fillColor(style.color);
  const width = anchor.align === 'left' ? 0 : doc.widthOfString(text);
  const offset = anchor.align === 'center' ? width / 2 : width;
  doc.text(text, anchor.x - offset, anchor.y, { lineBreak: false });
}

/** Strokes a horizontal line of `length` points starting at `from`. */
export function drawRule(
  doc: PDFKit.PDFDocument,
  from: { readonly x: number; readonly y: number },
  length: number,
  stroke: { readonly color: string; readonly width: number },
): void {
  doc
    .moveTo(from.x, from.y)
    .lineTo(from.x + length, from.y)
    .lineWidth(stroke.width)
    .strokeColor(stroke.color)
    .stroke();
}
