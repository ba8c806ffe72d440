import { ascentOf, documentMeasure, drawRuns } from './text/draw-runs.js';
import { DEFAULT_FONT_FAMILY, builtInFontLibrary } from './text/font-library.js';
import { lineRuns, paragraphDirection, runsWidth, type FontRequest } from './text/text-runs.js';
import type { Measure } from './text-fit.js';

/** The two weights of the certificate's family (DejaVu Sans, with per-script fallbacks). */
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

function fontRequest(font: FontName): FontRequest {
  return { family: DEFAULT_FONT_FAMILY, bold: font === 'bold' };
}

/**
 * Returns a width function for `font` at `size`: the width the text takes once split into
 * runs of fallback fonts (Arabic, Hebrew, CJK) and shaped, exactly as `drawLine` draws it.
 * Widths are cached for the life of `doc` (see `documentMeasure`).
 */
export function measurer(doc: PDFKit.PDFDocument, font: FontName, size: number): Measure {
  const library = builtInFontLibrary();
  const measureRun = documentMeasure(doc);
  return (text) =>
    runsWidth(
      lineRuns(text, fontRequest(font), library, paragraphDirection(text)),
      size,
      measureRun,
    );
}

/**
 * Draws one line of text whose top is at `y` and which is anchored at `x` according to
 * `align`. Characters DejaVu Sans lacks are drawn in the built-in font for their script, and
 * right-to-left text is shaped and ordered by the bidi algorithm (see text/text-runs.ts).
 * Nothing wraps: callers fit the text beforehand.
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
  const library = builtInFontLibrary();
  const request = fontRequest(style.font);
  const measureRun = documentMeasure(doc);
  const runs = lineRuns(text, request, library, paragraphDirection(text));
  const width = anchor.align === 'left' ? 0 : runsWidth(runs, style.size, measureRun);
  const offset = anchor.align === 'center' ? width / 2 : width;
  drawRuns(
    doc,
    runs,
    {
      x: anchor.x - offset,
      baseline: anchor.y + ascentOf(library.primaryFace(request.family, request.bold), style.size),
      size: style.size,
      color: style.color,
    },
    measureRun,
  );
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
