import { breakUnits } from './text/line-breaks.js';

/**
 * Font-agnostic helpers that make text fit a box: collapse whitespace, shrink a font size,
 * wrap into lines and ellipsize. They only need a width function, so they work with any
 * PDFKit font and can be tested without a document.
 */

/** Width in points of `text` set in one fixed font and size. */
export type Measure = (text: string) => number;

const ELLIPSIS = '…';

/**
 * Splits text into characters that must not be separated: a code point with the combining
 * marks that follow it, so a cut never drops an accent or splits a surrogate pair. This is
 * enough for the scripts the fonts cover (Hangul arrives composed, after NFC); full UAX #29
 * segmentation (`Intl.Segmenter`) is several times slower and mainly differs for emoji.
 */
function graphemes(text: string): string[] {
  return text.match(/\P{M}\p{M}*|\p{M}+/gu) ?? [];
}

/**
 * Prepares user text for a single-line context: NFC (precomposed letters render and extract
 * best), every run of whitespace (newlines, tabs, non-breaking spaces) turned into one space,
 * control characters (which fonts have no glyph for) removed, and trimmed.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\s+/gu, ' ')
    .replace(/\p{Cc}/gu, '')
    .trim();
}

/** Largest `n` such that the first `n` parts, joined, satisfy `fits` (binary search). */
function longestFittingPrefix(
  parts: readonly string[],
  fits: (candidate: string) => boolean,
): number {
  let low = 0;
  let high = parts.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(parts.slice(0, middle).join(''))) {
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  return low;
}

/**
 * Returns `text` unchanged if it fits in `width`, otherwise its longest prefix that fits with
 * a trailing ellipsis. Cuts on grapheme boundaries. Returns a lone ellipsis if nothing fits.
 */
export function ellipsize(text: string, width: number, measure: Measure): string {
  if (measure(text) <= width) {
    return text;
  }
  const parts = graphemes(text);
  const count = longestFittingPrefix(
    parts,
    (prefix) => measure(prefix.trimEnd() + ELLIPSIS) <= width,
  );
  return parts.slice(0, count).join('').trimEnd() + ELLIPSIS;
}

/**
 * The font size in `[minSize, maxSize]` at which `text` is as large as possible while fitting
 * in `width`. Text width is proportional to the size, so one measurement is enough.
 * `measureAt` measures at a given size. At `minSize` the text may still be too wide: callers
 * ellipsize it then.
 */
export function shrinkToFit(
  text: string,
  width: number,
  sizes: { readonly minSize: number; readonly maxSize: number },
  measureAt: (size: number) => Measure,
): number {
  const naturalWidth = measureAt(sizes.maxSize)(text);
  if (naturalWidth <= width) {
    return sizes.maxSize;
  }
  const scaled = Math.floor(((sizes.maxSize * width) / naturalWidth) * 10) / 10;
  return Math.max(sizes.minSize, scaled);
}

/** Cuts a word wider than `width` into pieces that each fit (at least one grapheme each). */
function breakLongWord(word: string, width: number, measure: Measure): string[] {
  let parts = graphemes(word);
  const pieces: string[] = [];
  while (parts.length > 0) {
    const count = Math.max(
      1,
      longestFittingPrefix(parts, (piece) => measure(piece) <= width),
    );
    pieces.push(parts.slice(0, count).join(''));
    parts = parts.slice(count);
  }
  return pieces;
}

/**
 * Greedy line breaking of whitespace-collapsed `text` into lines no wider than `width`, at
 * the break opportunities of `breakUnits` (after spaces and hyphens, and between Chinese or
 * Japanese words, which have no spaces). A line's width is the sum of its units' widths, as
 * the old space-separated version summed words and spaces, so each unit is measured once.
 * Stops as soon as one line more than `maxLines` exists, so very long texts cost little.
 */
function breakLines(text: string, width: number, maxLines: number, measure: Measure): string[] {
  const lines: string[] = [];
  let current = '';
  let currentWidth = 0;
  for (const unit of breakUnits(normalizeText(text))) {
    const word = unit.trimEnd();
    const wordWidth = measure(word);
    if (current !== '' && currentWidth + wordWidth <= width) {
      current += unit;
      currentWidth += word === unit ? wordWidth : measure(unit);
      continue;
    }
    if (current !== '') {
      lines.push(current.trimEnd());
    }
    const pieces = wordWidth <= width ? [unit] : breakLongWord(word, width, measure);
    lines.push(...pieces.slice(0, -1));
    current = pieces.at(-1) ?? '';
    currentWidth = measure(current);
    if (lines.length > maxLines) {
      return lines;
    }
  }
  if (current.trimEnd() !== '') {
    lines.push(current.trimEnd());
  }
  return lines;
}

/**
 * Wraps `text` into at most `maxLines` lines no wider than `width`. If the text needs more
 * lines, the last kept line ends with an ellipsis. Words longer than a line are broken.
 * Returns no lines for blank text.
 */
export function wrapText(
  text: string,
  width: number,
  maxLines: number,
  measure: Measure,
): string[] {
  const lines = breakLines(text, width, maxLines, measure);
  if (lines.length <= maxLines) {
    return lines;
  }
  const kept = lines.slice(0, maxLines);
  const overflowing = `${kept.pop() ?? ''} ${lines[maxLines] ?? ''}`;
  kept.push(ellipsize(overflowing, width, measure));
  return kept;
}
