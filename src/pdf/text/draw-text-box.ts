import { ellipsize, normalizeText } from '../text-fit.js';
import { ascentOf, documentMeasure, drawRuns } from './draw-runs.js';
import type { FontLibrary } from './font-library.js';
import { breakUnits } from './line-breaks.js';
import type { TextBox, TextBoxStyle } from './text-box.js';
import {
  graphemes,
  hanVariant,
  lineRuns,
  paragraphDirection,
  fontkitMeasure,
  runsWidth,
  type Direction,
  type FontRequest,
  type RunMeasure,
  type TextRun,
} from './text-runs.js';

/** Distance between two baselines, relative to the font size (as the built-in certificate). */
export const TEXT_LINE_HEIGHT = 1.22;

/** One laid-out line: its logical text, its width and the runs that draw it. */
export interface TextBoxLine {
  readonly text: string;
  readonly width: number;
  readonly runs: readonly TextRun[];
}

/** What `layoutTextBox` decided; `drawTextBox` draws exactly this. */
export interface TextBoxLayout {
  /** The font size used, between `minSize` and `size`. */
  readonly size: number;
  readonly lineHeight: number;
  /** Paragraph direction, from the first strong character. */
  readonly direction: Direction;
  readonly lines: readonly TextBoxLine[];
  /** Height of the lines: `lines.length * lineHeight`. */
  readonly height: number;
  /** True when text was cut and ends with an ellipsis. */
  readonly truncated: boolean;
}

interface Unit {
  readonly text: string;
  /** Width at 1 pt without and with the unit's trailing spaces. */
  readonly trimmed: number;
  readonly full: number;
}

interface Paragraphs {
  readonly units: readonly (readonly Unit[])[];
}

function paragraphsOf(text: string, maxLines: number): string[] {
  const source = text.normalize('NFC');
  const parts = maxLines === 1 ? [source] : source.split(/\r\n|[\n\r\u2028\u2029]/u);
  return parts.map(normalizeText).filter((part) => part !== '');
}

function measureUnits(
  paragraphs: readonly string[],
  request: FontRequest,
  library: FontLibrary,
  direction: Direction,
  measureRun: RunMeasure,
): Paragraphs {
  const width = (text: string): number =>
    runsWidth(lineRuns(text, request, library, direction), 1, measureRun);
  return {
    units: paragraphs.map((paragraph) =>
      breakUnits(paragraph).map((text) => {
        const trimmed = width(text.trimEnd());
        return { text, trimmed, full: text.trimEnd() === text ? trimmed : width(text) };
      }),
    ),
  };
}

function linesAllowed(style: TextBoxStyle, box: TextBox, size: number): number {
  const byHeight = Math.floor((box.height + 0.01) / (size * TEXT_LINE_HEIGHT));
  return Math.max(1, Math.min(Math.max(1, Math.floor(style.maxLines)), byHeight));
}

/** Lines needed at `size` without cutting inside a unit; Infinity if a unit is too wide. */
function linesNeeded(paragraphs: Paragraphs, width: number, size: number): number {
  let count = 0;
  for (const units of paragraphs.units) {
    let committed = -1;
    for (const unit of units) {
      if (unit.trimmed * size > width) {
        return Number.POSITIVE_INFINITY;
      }
      if (committed >= 0 && (committed + unit.trimmed) * size <= width) {
        committed += unit.full;
      } else {
        count++;
        committed = unit.full;
      }
    }
  }
  return count;
}

/**
 * The largest size in [minSize, size], in steps of 0.1 pt, at which the text fits the box
 * without cutting a word or exceeding its lines. Widths scale with the size, so the units are
 * measured once and the search is arithmetic.
 */
function fittingSize(paragraphs: Paragraphs, box: TextBox, style: TextBoxStyle): number {
  const fits = (size: number): boolean =>
    linesNeeded(paragraphs, box.width, size) <= linesAllowed(style, box, size);
  if (!style.shrinkToFit || fits(style.size)) {
    return style.size;
  }
  let low = Math.ceil(style.minSize * 10);
  let high = Math.floor(style.size * 10) - 1;
  if (low > high || !fits(low / 10)) {
    return Math.min(style.minSize, style.size);
  }
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle / 10)) {
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  return low / 10;
}

/** Cuts a unit wider than a line into pieces that each fit (at least one grapheme each). */
function splitWideUnit(text: string, width: number, measure: (text: string) => number): string[] {
  let parts = graphemes(text);
  const pieces: string[] = [];
  while (parts.length > 0) {
    let count = 1;
    while (
      count < parts.length &&
      measure(
        parts
          .slice(0, count + 1)
          .join('')
          .trimEnd(),
      ) <= width
    ) {
      count++;
    }
    pieces.push(parts.slice(0, count).join(''));
    parts = parts.slice(count);
  }
  return pieces;
}

/** Greedy line breaking at `size`; stops once one line more than `limit` exists. */
function breakIntoLines(
  paragraphs: Paragraphs,
  width: number,
  size: number,
  limit: number,
  measure: (text: string) => number,
): string[] {
  const lines: string[] = [];
  for (const units of paragraphs.units) {
    let current = '';
    let committed = 0;
    for (const unit of units) {
      if (current !== '' && (committed + unit.trimmed) * size <= width) {
        current += unit.text;
        committed += unit.full;
        continue;
      }
      if (current !== '') {
        lines.push(current);
      }
      if (unit.trimmed * size <= width) {
        current = unit.text;
        committed = unit.full;
      } else {
        const pieces = splitWideUnit(unit.text, width, measure);
        lines.push(...pieces.slice(0, -1));
        current = pieces.at(-1) ?? '';
        committed = measure(current) / size;
      }
      if (lines.length > limit) {
        return lines;
      }
    }
    if (current !== '') {
      lines.push(current);
    }
  }
  return lines;
}

/**
 * Lays text out in a box without drawing it: the size (shrink-to-fit), the lines (wrapping),
 * their runs (fallback fonts, bidi order) and whether it had to be cut. Useful to preview or
 * validate a template. Throws INVALID_INPUT if `style.fontFamily` is not in `library`.
 *
 * Order of measures: with `shrinkToFit`, the largest size in [minSize, size] at which the text
 * fits in `maxLines` lines (and the box height) without cutting a word; then, at that size (or
 * `size` without shrink-to-fit), words wider than the box are cut between graphemes, and text
 * that needs more lines ends with an ellipsis. At least one line is always laid out, even in a
 * box lower than a line.
 */
export function layoutTextBox(
  text: string,
  box: TextBox,
  style: TextBoxStyle,
  library: FontLibrary,
): TextBoxLayout {
  return layoutWith(text, box, style, library, fontkitMeasure());
}

function layoutWith(
  text: string,
  box: TextBox,
  style: TextBoxStyle,
  library: FontLibrary,
  measureRun: RunMeasure,
): TextBoxLayout {
  library.primaryFace(style.fontFamily, style.bold);
  const sources = paragraphsOf(text, style.maxLines);
  const request: FontRequest = {
    family: style.fontFamily,
    bold: style.bold,
    han: hanVariant(sources.join(' ')),
  };
  const direction = paragraphDirection(sources.join('\n'));
  const paragraphs = measureUnits(sources, request, library, direction, measureRun);
  const size = fittingSize(paragraphs, box, style);
  const measure = (line: string): number =>
    runsWidth(lineRuns(line, request, library, direction), size, measureRun);
  const limit = linesAllowed(style, box, size);
  const broken = breakIntoLines(paragraphs, box.width, size, limit, measure).map((line) =>
    line.trimEnd(),
  );
  let texts = broken;
  const truncated = broken.length > limit;
  if (truncated) {
    texts = broken.slice(0, limit);
    const overflowing = `${texts.pop() ?? ''} ${broken[limit] ?? ''}`;
    texts.push(ellipsize(overflowing, box.width, measure));
  }
  const lineHeight = size * TEXT_LINE_HEIGHT;
  const lines = texts.map((line) => {
    const runs = lineRuns(line, request, library, direction);
    return { text: line, runs, width: runsWidth(runs, size, measureRun) };
  });
  return {
    size,
    lineHeight,
    direction,
    lines,
    height: lines.length * lineHeight,
    truncated,
  };
}

/** Where the first line's top goes for the chosen vertical alignment (never above the box); the designer's layout uses it too. */
export function firstLineTop(box: TextBox, style: TextBoxStyle, layout: TextBoxLayout): number {
  const free = Math.max(0, box.height - layout.height);
  switch (style.verticalAlign ?? 'top') {
    case 'top':
      return box.y;
    case 'middle':
      return box.y + free / 2;
    case 'bottom':
      return box.y + free;
  }
}

export function lineLeft(box: TextBox, style: TextBoxStyle, width: number): number {
  switch (style.align) {
    case 'left':
      return box.x;
    case 'center':
      return box.x + (box.width - width) / 2;
    case 'right':
      return box.x + box.width - width;
  }
}

/**
 * Draws text in a box (see `layoutTextBox` for how it is fitted) and returns the layout.
 * Every line's baseline sits one ascent of the requested family below the line's top, so
 * fallback fonts share the baseline of the text around them. Fonts are embedded as subsets
 * with a ToUnicode map, so the text can be copied out of the PDF.
 */
export function drawTextBox(
  doc: PDFKit.PDFDocument,
  text: string,
  box: TextBox,
  style: TextBoxStyle,
  library: FontLibrary,
): TextBoxLayout {
  const measureRun = documentMeasure(doc);
  const layout = layoutWith(text, box, style, library, measureRun);
  const ascent = ascentOf(library.primaryFace(style.fontFamily, style.bold), layout.size);
  const top = firstLineTop(box, style, layout);
  layout.lines.forEach((line, index) => {
    drawRuns(
      doc,
      line.runs,
      {
        x: lineLeft(box, style, line.width),
        baseline: top + index * layout.lineHeight + ascent,
        size: layout.size,
        color: style.color,
      },
      measureRun,
    );
  });
  return layout;
}
