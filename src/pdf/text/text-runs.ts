import { createRequire } from 'node:module';

import type { Bidi } from 'bidi-js';

import type { FallbackScript, FontFace, FontLibrary, HanVariant } from './font-library.js';

/**
 * A piece of one line set in one font and one direction. Runs are listed in visual order,
 * left to right. `text` is in logical order: for a right-to-left run fontkit (PDFKit's shaper)
 * shapes it (Arabic joining forms, ligatures) and lays its glyphs out right to left itself,
 * while keeping each glyph's code points, so the PDF's ToUnicode map gives the letters back.
 */
export interface TextRun {
  readonly text: string;
  readonly face: FontFace;
  readonly rtl: boolean;
}

/** The font family and weight a piece of text asks for. */
export interface FontRequest {
  readonly family: string;
  readonly bold: boolean;
  /**
   * The CJK font for ideographs, decided from the whole text (`hanVariant`) so that every line
   * of a wrapped Japanese text uses Japanese forms; decided per line when absent.
   */
  readonly han?: HanVariant;
}

export type Direction = 'ltr' | 'rtl';

let bidiInstance: Bidi | undefined;

/**
 * The bidi algorithm, built on first use (its tables take a moment to unpack, and a Latin-only
 * render never needs them). bidi-js is a UMD bundle whose `module.exports` is the factory,
 * while its typings declare an ES default export, which NodeNext would type as the module
 * object; requiring it gives the factory under either reading.
 */
function bidi(): Bidi {
  bidiInstance ??= (createRequire(import.meta.url)('bidi-js') as () => Bidi)();
  return bidiInstance;
}

/**
 * Text that needs neither bidi nor a fallback lookup by script: Latin (with IPA and the
 * extended blocks), Greek, Cyrillic, Armenian, general punctuation, currency and letterlike
 * symbols. Anything else (Hebrew starts at U+0590) goes the general way.
 */
const SIMPLE_TEXT =
  /^[\u0020-\u058F\u1D00-\u1FFF\u2000-\u200D\u2010-\u2027\u202F-\u205F\u20A0-\u214F]*$/u;
const STRONG_RTL =
  /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const ARABIC = /\p{Script=Arabic}/u;
const HEBREW = /\p{Script=Hebrew}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/u;
const HAN = /\p{Script=Han}/u;
/** CJK punctuation, full-width forms and symbols: script Common, but only CJK fonts have them. */
const CJK_BLOCKS =
  /[\u2E80-\u2FFF\u3000-\u303F\u3190-\u31FF\u3200-\u33FF\uFE30-\uFE4F\uFF00-\uFFEF]/u;
const NEUTRAL = /^[\p{Script=Common}\p{Script=Inherited}]/u;

/** A code point with the combining marks that follow it: never split across runs or lines. */
export function graphemes(text: string): string[] {
  return text.match(/\P{M}\p{M}*|\p{M}+/gu) ?? [];
}

/** Which regional CJK font draws ideographs in this text (see HanVariant). */
export function hanVariant(text: string): HanVariant {
  if (KANA.test(text)) {
    return 'jp';
  }
  return HANGUL.test(text) ? 'kr' : 'sc';
}

function scriptOf(grapheme: string): FallbackScript | 'neutral' {
  if (ARABIC.test(grapheme)) {
    return 'arabic';
  }
  if (HEBREW.test(grapheme)) {
    return 'hebrew';
  }
  if (KANA.test(grapheme)) {
    return 'kana';
  }
  if (HANGUL.test(grapheme)) {
    return 'hangul';
  }
  if (HAN.test(grapheme) || CJK_BLOCKS.test(grapheme)) {
    return 'han';
  }
  return NEUTRAL.test(grapheme) ? 'neutral' : 'base';
}

/** Paragraph direction from the first strong character (UAX #9 rules P2-P3). */
export function paragraphDirection(text: string): Direction {
  if (!STRONG_RTL.test(text)) {
    return 'ltr';
  }
  const { paragraphs } = bidi().getEmbeddingLevels(text, 'auto');
  return (paragraphs[0]?.level ?? 0) % 2 === 1 ? 'rtl' : 'ltr';
}

function hasGlyphs(face: FontFace, grapheme: string): boolean {
  for (const character of grapheme) {
    const codePoint = character.codePointAt(0) ?? 0;
    // Combining marks a font lacks are positioned by the shaper or dropped; the base decides.
    if (!face.font.hasGlyphForCodePoint(codePoint) && !/\p{M}/u.test(character)) {
      return false;
    }
  }
  return true;
}

/** The face for a grapheme of a given script: the requested family, then the script's fallbacks. */
function faceForScript(grapheme: string, script: FallbackScript, context: FaceContext): FontFace {
  const { library, request, primary, han } = context;
  if (library.claims(request.family, script) && hasGlyphs(primary, grapheme)) {
    return primary;
  }
  for (const face of library.fallbackFaces(script, han, request.bold)) {
    if (hasGlyphs(face, grapheme)) {
      return face;
    }
  }
  return primary;
}

interface FaceContext {
  readonly library: FontLibrary;
  readonly request: FontRequest;
  readonly primary: FontFace;
  readonly han: HanVariant;
}

/**
 * One face per grapheme. Neutral characters (spaces, punctuation, digits) stay in the face of
 * the text around them when it has them, so "محمد بن سلمان" is one Arabic run (and shapes as
 * one) instead of being cut at every space.
 */
function assignFaces(parts: readonly string[], context: FaceContext): FontFace[] {
  const faces: Array<FontFace | undefined> = parts.map((part) => {
    const script = scriptOf(part);
    return script === 'neutral' ? undefined : faceForScript(part, script, context);
  });
  let previous: FontFace | undefined;
  const nextStrong = (from: number): FontFace | undefined => faces.slice(from).find(Boolean);
  return parts.map((part, index) => {
    let face = faces[index];
    if (face === undefined) {
      const neighbour = previous ?? nextStrong(index + 1);
      face =
        neighbour !== undefined && hasGlyphs(neighbour, part)
          ? neighbour
          : faceForScript(part, 'base', context);
    }
    previous = face;
    return face;
  });
}

interface LogicalRun {
  text: string;
  face: FontFace;
  level: number;
}

/** UAX #9 rule L2: reverse every maximal sequence at or above each odd level, highest first. */
function toVisualOrder(runs: LogicalRun[]): LogicalRun[] {
  const levels = runs.map((run) => run.level);
  const highest = Math.max(0, ...levels);
  const lowestOdd = Math.min(...levels.filter((level) => level % 2 === 1), highest + 1);
  const ordered = [...runs];
  for (let level = highest; level >= lowestOdd; level--) {
    let start = 0;
    while (start < ordered.length) {
      if ((ordered[start]?.level ?? 0) < level) {
        start++;
        continue;
      }
      let end = start;
      while (end < ordered.length && (ordered[end]?.level ?? 0) >= level) {
        end++;
      }
      ordered.splice(start, end - start, ...ordered.slice(start, end).reverse());
      start = end;
    }
  }
  return ordered;
}

function mirrored(text: string): string {
  let result = '';
  for (const character of text) {
    result += bidi().getMirroredCharacter(character) ?? character;
  }
  return result;
}

/**
 * A right-to-left run is handed to the shaper in logical order when it holds a right-to-left
 * letter (fontkit then detects the script and lays it out right to left). A run of neutrals
 * only (a parenthesis, a dash between Hebrew words) would be laid out left to right by fontkit,
 * so it is reversed here instead. Mirrored characters ('(' for ')') are swapped in both cases.
 */
function finishRun(run: LogicalRun): TextRun {
  if (run.level % 2 === 0) {
    return { text: run.text, face: run.face, rtl: false };
  }
  const text = mirrored(run.text);
  if (STRONG_RTL.test(text)) {
    return { text, face: run.face, rtl: true };
  }
  return { text: graphemes(text).reverse().join(''), face: run.face, rtl: false };
}

/**
 * Splits one line of text into runs, each set in the first font that can show it (the
 * requested family, then the built-in font for the character's script), and orders them for
 * display with the Unicode bidirectional algorithm (bidi-js) in the given paragraph direction.
 */
export function lineRuns(
  line: string,
  request: FontRequest,
  library: FontLibrary,
  direction: Direction,
): TextRun[] {
  if (line === '') {
    return [];
  }
  const primary = library.primaryFace(request.family, request.bold);
  if (
    direction === 'ltr' &&
    SIMPLE_TEXT.test(line) &&
    library.claims(request.family, 'base') &&
    hasGlyphs(primary, line)
  ) {
    return [{ text: line, face: primary, rtl: false }];
  }
  const parts = graphemes(line);
  const han = request.han ?? hanVariant(line);
  const faces = assignFaces(parts, { library, request, primary, han });
  const { levels } = bidi().getEmbeddingLevels(line, direction);
  const runs: LogicalRun[] = [];
  let offset = 0;
  parts.forEach((part, index) => {
    const face = faces[index] ?? primary;
    const level = levels[offset] ?? 0;
    offset += part.length;
    const last = runs.at(-1);
    if (last !== undefined && last.face === face && last.level === level) {
      last.text += part;
    } else {
      runs.push({ text: part, face, level });
    }
  });
  return toVisualOrder(runs).map(finishRun);
}

/**
 * Widths at 1 pt of runs already measured, by face, direction and text. Shaping Arabic with
 * fontkit costs a few milliseconds per call, and a render measures the same text several
 * times (shrink, ellipsize, align). Callers keep one cache per document or per layout, never
 * per process: the texts are personal data and must not outlive the render.
 */
export type WidthCache = Map<string, number>;

/** Width of a run at `size` points, as PDFKit will draw it. */
export function runWidth(run: TextRun, size: number, cache?: WidthCache): number {
  const key = cache === undefined ? '' : `${run.face.key}\u0000${run.rtl ? 1 : 0}\u0000${run.text}`;
  let unit = cache?.get(key);
  if (unit === undefined) {
    const font = run.face.font;
    unit = font.layout(run.text, run.rtl ? [] : undefined).advanceWidth / font.unitsPerEm;
    cache?.set(key, unit);
  }
  return unit * size;
}

/** How wide a run is at a size, in points. */
export type RunMeasure = (run: TextRun, size: number) => number;

/** Measures runs with fontkit alone (no document needed), remembering widths in `cache`. */
export function fontkitMeasure(cache: WidthCache = new Map()): RunMeasure {
  return (run, size) => runWidth(run, size, cache);
}

/** Width of runs at `size` points. */
export function runsWidth(runs: readonly TextRun[], size: number, measure: RunMeasure): number {
  return runs.reduce((sum, run) => sum + measure(run, size), 0);
}
