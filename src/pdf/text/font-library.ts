import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { AppError, ERROR_CODES } from '../../errors.js';
import {
  dejaVuDirectory,
  loadParsedCertificateFonts,
  parseFont,
  type ParsedFont,
} from '../fonts.js';
import { useFlatCffSubsets } from './flat-cff-subset.js';
import { parseCheckedFont } from './font-file.js';

/**
 * One font file as the text engine uses it. `key` is unique per file and is the name under
 * which the face is registered on a PDFKit document, so each file is embedded (and subset)
 * once per document however many runs use it.
 */
export interface FontFace {
  readonly key: string;
  readonly font: ParsedFont;
}

/** A font an issuer uploaded; `id` is the family name templates refer to it by. */
export interface UploadedFont {
  readonly id: string;
  readonly bytes: Uint8Array;
  /** The bold face, if the issuer uploaded one; otherwise bold text uses `bytes`. */
  readonly boldBytes?: Uint8Array;
}

/** Scripts that have a built-in fallback font. 'han' is resolved per text (see HanVariant). */
export type FallbackScript = 'arabic' | 'hebrew' | 'han' | 'kana' | 'hangul' | 'base';

/**
 * Which regional CJK font draws ideographs: Japanese text (it has kana) gets Japanese glyph
 * forms, Korean text (it has Hangul) Korean ones, anything else Simplified Chinese, whose font
 * also holds the common Traditional characters.
 */
export type HanVariant = 'sc' | 'jp' | 'kr';

export interface FontLibrary {
  /** Whether `name` is a built-in family, a generic alias or an uploaded font id. */
  hasFamily(name: string): boolean;
  /** Built-in family names first, then uploaded ids. */
  families(): readonly string[];
  /** The face of `family` itself. Throws INVALID_INPUT for an unknown family. */
  primaryFace(family: string, bold: boolean): FontFace;
  /**
   * Whether `family`'s own face should draw characters of `script`: built-in families claim
   * only the scripts they were chosen for (so DejaVu's basic Arabic never wins over Noto Naskh
   * Arabic); an uploaded font claims every character it has a glyph for.
   */
  claims(family: string, script: FallbackScript): boolean;
  /**
   * The built-in faces to try, in order, for a character of `script` that `family` lacks.
   * Lazy: a face is loaded only when the caller gets to it.
   */
  fallbackFaces(script: FallbackScript, han: HanVariant, bold: boolean): Iterable<FontFace>;
}

/** A face loaded on first use and kept for the life of the process. */
interface LazyFace {
  readonly get: () => FontFace;
}

const require = createRequire(import.meta.url);

/** Keys of the built-in faces parsed so far in this process. */
const loadedKeys = new Set<string>();

function lazyFace(key: string, load: () => ParsedFont): LazyFace {
  let face: FontFace | undefined;
  return {
    get: () => {
      if (face === undefined) {
        face = { key, font: load() };
        loadedKeys.add(key);
      }
      return face;
    },
  };
}

/**
 * The registration keys of the built-in faces parsed so far in this process, e.g.
 * 'certa-NotoSansSC'. For tests and diagnostics: a Latin-only render must not load CJK fonts.
 */
export function loadedBuiltInFaces(): readonly string[] {
  return [...loadedKeys];
}

/**
 * The `fonts/` directory of an @embedpdf font package. Its `exports` map hides package.json,
 * so the directory is found from the package's main entry (dist/index.cjs).
 */
function embedPdfFontFile(packageName: string, file: string): string {
  return path.join(path.dirname(require.resolve(packageName)), '..', 'fonts', file);
}

function packageFace(key: string, packageName: string, file: string): LazyFace {
  return lazyFace(key, () =>
    useFlatCffSubsets(parseFont(readFileSync(embedPdfFontFile(packageName, file)))),
  );
}

function dejaVuFace(key: string, file: string): LazyFace {
  return lazyFace(key, () => parseFont(readFileSync(path.join(dejaVuDirectory(), file))));
}

interface FacePair {
  readonly regular: LazyFace;
  readonly bold: LazyFace;
}

/**
 * DejaVu Sans is the same parsed instance the rest of src/pdf uses, so a document that also
 * uses the 'regular'/'bold' registrations does not parse it twice.
 */
const DEJAVU_SANS: FacePair = {
  regular: lazyFace('certa-DejaVuSans', () => loadParsedCertificateFonts().regular),
  bold: lazyFace('certa-DejaVuSans-Bold', () => loadParsedCertificateFonts().bold),
};
const DEJAVU_SERIF: FacePair = {
  regular: dejaVuFace('certa-DejaVuSerif', 'DejaVuSerif.ttf'),
  bold: dejaVuFace('certa-DejaVuSerif-Bold', 'DejaVuSerif-Bold.ttf'),
};

const FALLBACKS: Readonly<Record<'arabic' | 'hebrew' | HanVariant, FacePair>> = {
  arabic: {
    regular: packageFace(
      'certa-NotoNaskhArabic',
      '@embedpdf/fonts-arabic',
      'NotoNaskhArabic-Regular.ttf',
    ),
    bold: packageFace(
      'certa-NotoNaskhArabic-Bold',
      '@embedpdf/fonts-arabic',
      'NotoNaskhArabic-Bold.ttf',
    ),
  },
  hebrew: {
    regular: packageFace(
      'certa-NotoSansHebrew',
      '@embedpdf/fonts-hebrew',
      'NotoSansHebrew-Regular.ttf',
    ),
    bold: packageFace(
      'certa-NotoSansHebrew-Bold',
      '@embedpdf/fonts-hebrew',
      'NotoSansHebrew-Bold.ttf',
    ),
  },
  sc: {
    regular: packageFace('certa-NotoSansSC', '@embedpdf/fonts-sc', 'NotoSansHans-Regular.otf'),
    bold: packageFace('certa-NotoSansSC-Bold', '@embedpdf/fonts-sc', 'NotoSansHans-Bold.otf'),
  },
  jp: {
    regular: packageFace('certa-NotoSansJP', '@embedpdf/fonts-jp', 'NotoSansJP-Regular.otf'),
    bold: packageFace('certa-NotoSansJP-Bold', '@embedpdf/fonts-jp', 'NotoSansJP-Bold.otf'),
  },
  kr: {
    regular: packageFace('certa-NotoSansKR', '@embedpdf/fonts-kr', 'NotoSansKR-Regular.otf'),
    bold: packageFace('certa-NotoSansKR-Bold', '@embedpdf/fonts-kr', 'NotoSansKR-Bold.otf'),
  },
};

/** Built-in families, by the name templates use. Both cover Latin, Greek and Cyrillic. */
const BUILT_IN_FAMILIES: ReadonlyMap<string, FacePair> = new Map([
  ['DejaVu Sans', DEJAVU_SANS],
  ['DejaVu Serif', DEJAVU_SERIF],
]);

/** Generic names a template may use instead of a concrete family. */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['sans-serif', 'DejaVu Sans'],
  ['serif', 'DejaVu Serif'],
]);

export const DEFAULT_FONT_FAMILY = 'DejaVu Sans';

function pick(pair: FacePair, bold: boolean): FontFace {
  return (bold ? pair.bold : pair.regular).get();
}

const HAN_ORDER: Readonly<Record<HanVariant, readonly HanVariant[]>> = {
  sc: ['sc', 'jp', 'kr'],
  jp: ['jp', 'sc', 'kr'],
  kr: ['kr', 'sc', 'jp'],
};

/**
 * Built-in faces for a script. A character none of them has falls back to DejaVu Sans, which
 * draws its .notdef box. That character cannot be copied out of the PDF: PDFKit maps glyph 0
 * to U+0000 in the ToUnicode map, and pdftotext reads nothing there.
 */
function* builtInFallbacks(
  script: FallbackScript,
  han: HanVariant,
  bold: boolean,
): Generator<FontFace> {
  switch (script) {
    case 'arabic':
    case 'hebrew':
      yield pick(FALLBACKS[script], bold);
      return;
    case 'kana':
      yield pick(FALLBACKS.jp, bold);
      return;
    case 'hangul':
      yield pick(FALLBACKS.kr, bold);
      return;
    case 'han':
      for (const variant of HAN_ORDER[han]) {
        yield pick(FALLBACKS[variant], bold);
      }
      return;
    case 'base':
      yield pick(DEJAVU_SANS, bold);
  }
}

/**
 * Parsed uploads, by the SHA-256 of their bytes: a template renderer creates a library per
 * document with the same few issuer fonts, and parsing (and fontkit's table caches) should
 * not be paid per document. Bounded; the oldest entry goes first.
 */
const UPLOAD_CACHE_LIMIT = 32;
const uploadCache = new Map<string, FontFace>();

function uploadedFace(bytes: Uint8Array): FontFace {
  const digest = createHash('sha256').update(bytes).digest('hex');
  const cached = uploadCache.get(digest);
  if (cached !== undefined) {
    return cached;
  }
  const face = {
    key: `certa-upload-${digest.slice(0, 24)}`,
    font: useFlatCffSubsets(parseCheckedFont(bytes)),
  };
  uploadCache.set(digest, face);
  if (uploadCache.size > UPLOAD_CACHE_LIMIT) {
    const oldest = uploadCache.keys().next().value;
    if (oldest !== undefined) {
      uploadCache.delete(oldest);
    }
  }
  return face;
}

/**
 * Creates a font library: the built-in families (DejaVu Sans, DejaVu Serif), their per-script
 * fallbacks (Noto Naskh Arabic, Noto Sans Hebrew, Noto Sans SC/JP/KR) and, optionally, fonts
 * an issuer uploaded. Uploaded files are checked (see `checkFontFile`) and parsed here, so a
 * bad one fails with INVALID_INPUT before anything is drawn. Built-in fonts are parsed on
 * first use, once per process: a Latin-only text never loads a CJK font.
 */
export function createFontLibrary(
  options: { uploaded?: readonly UploadedFont[] } = {},
): FontLibrary {
  const uploaded = new Map<string, { regular: FontFace; bold: FontFace }>();
  for (const font of options.uploaded ?? []) {
    if (BUILT_IN_FAMILIES.has(font.id) || ALIASES.has(font.id)) {
      throw new AppError(
        ERROR_CODES.INVALID_INPUT,
        'An uploaded font cannot use the name of a built-in font family.',
        { details: { font: font.id } },
      );
    }
    const regular = uploadedFace(font.bytes);
    const bold = font.boldBytes === undefined ? regular : uploadedFace(font.boldBytes);
    uploaded.set(font.id, { regular, bold });
  }

  const builtIn = (family: string): FacePair | undefined =>
    BUILT_IN_FAMILIES.get(ALIASES.get(family) ?? family);

  return {
    hasFamily: (name) => builtIn(name) !== undefined || uploaded.has(name),
    families: () => [...BUILT_IN_FAMILIES.keys(), ...uploaded.keys()],
    primaryFace: (family, bold) => {
      const pair = builtIn(family);
      if (pair !== undefined) {
        return pick(pair, bold);
      }
      const own = uploaded.get(family);
      if (own === undefined) {
        throw new AppError(ERROR_CODES.INVALID_INPUT, 'The font family is not known.', {
          details: { font: family },
        });
      }
      return bold ? own.bold : own.regular;
    },
    claims: (family, script) => uploaded.has(family) || script === 'base',
    fallbackFaces: builtInFallbacks,
  };
}

let builtInLibrary: FontLibrary | undefined;

/** The library with the built-in families only, shared by every render in the process. */
export function builtInFontLibrary(): FontLibrary {
  builtInLibrary ??= createFontLibrary();
  return builtInLibrary;
}
