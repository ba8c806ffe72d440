import type { ParsedFont } from '../fonts.js';
import type { FontFace } from './font-library.js';
import { runWidth, type RunMeasure, type TextRun } from './text-runs.js';

/** Faces already registered on each document, by registration key. */
const registered = new WeakMap<PDFKit.PDFDocument, Set<string>>();

/**
 * PDFKit accepts an already-parsed fontkit font wherever it accepts a font file (since 0.18),
 * but @types/pdfkit 0.17 only lists paths and buffers, hence the cast.
 */
function asFontSource(font: ParsedFont): PDFKit.Mixins.PDFFontSource {
  return font as unknown as PDFKit.Mixins.PDFFontSource;
}

/**
 * Registers `face` on `doc` under its key the first time a document uses it. PDFKit embeds a
 * registered font only once text is drawn with it, as a subset of the glyphs used.
 */
export function useFace(doc: PDFKit.PDFDocument, face: FontFace, size: number): void {
  let keys = registered.get(doc);
  if (keys === undefined) {
    keys = new Set();
    registered.set(doc, keys);
  }
  if (!keys.has(face.key)) {
    doc.registerFont(face.key, asFontSource(face.font));
    keys.add(face.key);
  }
  doc.font(face.key, size);
}

/**
 * Measures runs as they will be drawn on `doc`. Left-to-right runs are measured by PDFKit
 * itself, whose per-document word cache the drawing then reuses (one layout per word, as
 * before the text engine existed); right-to-left runs, which PDFKit lays out whole and
 * uncached, are measured once with fontkit and remembered for the life of the document.
 */
export function documentMeasure(doc: PDFKit.PDFDocument): RunMeasure {
  let cache = rtlWidths.get(doc);
  if (cache === undefined) {
    cache = new Map();
    rtlWidths.set(doc, cache);
  }
  const widths = cache;
  return (run, size) => {
    if (run.rtl) {
      return runWidth(run, size, widths);
    }
    useFace(doc, run.face, size);
    return doc.widthOfString(run.text);
  };
}

const rtlWidths = new WeakMap<PDFKit.PDFDocument, Map<string, number>>();

/** Text options PDFKit 0.20 understands but @types/pdfkit 0.17 does not list. */
interface RunTextOptions extends PDFKit.Mixins.TextOptions {
  /** 'alphabetic' puts the baseline, not the top of the font box, at the given y. */
  readonly baseline: 'alphabetic';
  /** Skips PDFKit's own measuring: the width is already known. */
  readonly textWidth: number;
}

/**
 * Draws visual-order runs left to right from `x`, all on the baseline `baseline`, in
 * `color`. Right-to-left runs are passed with an explicit (empty) feature list: without one
 * PDFKit lays text out word by word, which would keep the words of a right-to-left run in
 * logical order. Returns the width drawn.
 */
export function drawRuns(
  doc: PDFKit.PDFDocument,
  runs: readonly TextRun[],
  at: {
    readonly x: number;
    readonly baseline: number;
    readonly size: number;
    readonly color: string;
  },
  measure: RunMeasure = documentMeasure(doc),
): number {
  let x = at.x;
  doc.fillColor(at.color);
  for (const run of runs) {
    const width = measure(run, at.size);
    useFace(doc, run.face, at.size);
    const options: RunTextOptions = {
      lineBreak: false,
      baseline: 'alphabetic',
      textWidth: width,
      ...(run.rtl ? { features: [] } : {}),
    };
    doc.text(run.text, x, at.baseline, options);
    x += width;
  }
  return x - at.x;
}

/** The ascent of `face` at `size`: from the top of a line to its baseline. */
export function ascentOf(face: FontFace, size: number): number {
  return (face.font.ascent * size) / face.font.unitsPerEm;
}
