import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { useTextCodePoints } from './glyph-code-points.js';

/** The raw TrueType files the certificate template is typeset with. */
export interface CertificateFonts<Font> {
  readonly regular: Font;
  readonly bold: Font;
}

/**
 * A font already parsed by fontkit, PDFKit's font engine. Opaque here: it is only handed back
 * to PDFKit, which accepts parsed fonts wherever it accepts a font file.
 */
export interface ParsedFont {
  readonly postscriptName: string;
  readonly familyName: string;
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly numGlyphs: number;
  readonly characterSet: readonly number[];
  hasGlyphForCodePoint(codePoint: number): boolean;
  /** fontkit shapes `text` (script and direction detected from it) and applies `features`. */
  layout(text: string, features?: readonly string[]): { readonly advanceWidth: number };
}

interface Fontkit {
  create(buffer: Uint8Array): unknown;
}

const REGULAR_FILE = 'DejaVuSans.ttf';
const BOLD_FILE = 'DejaVuSans-Bold.ttf';

const require = createRequire(import.meta.url);
let cachedBuffers: CertificateFonts<Buffer> | undefined;
let cachedParsed: CertificateFonts<ParsedFont> | undefined;

/**
 * Directory holding the `dejavu-fonts-ttf` TTF files. Resolved through the package's own
 * `package.json` (not a path relative to this file) so the lookup works the same from `src/`
 * (tsx, vitest) and from a compiled `dist/`.
 */
export function dejaVuDirectory(): string {
  return path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
}

/**
 * Returns the DejaVu Sans and DejaVu Sans Bold files, which cover accented Latin, Greek and
 * Cyrillic. They are read synchronously on the first call and kept for the life of the
 * process, so rendering never touches the disk again. The Buffers are shared: do not mutate
 * them. Throws if the package is not installed.
 */
export function loadCertificateFonts(): CertificateFonts<Buffer> {
  if (cachedBuffers === undefined) {
    const directory = dejaVuDirectory();
    cachedBuffers = {
      regular: readFileSync(path.join(directory, REGULAR_FILE)),
      bold: readFileSync(path.join(directory, BOLD_FILE)),
    };
  }
  return cachedBuffers;
}

function isFontkit(value: unknown): value is Fontkit {
  return (
    typeof value === 'object' &&
    value !== null &&
    'create' in value &&
    typeof value.create === 'function'
  );
}

function isParsedFont(value: unknown): value is ParsedFont {
  return (
    typeof value === 'object' &&
    value !== null &&
    'layout' in value &&
    typeof value.layout === 'function'
  );
}

/**
 * The fontkit that PDFKit itself depends on, resolved from PDFKit's location so that it is
 * always the version PDFKit was built against (it is not a direct dependency of Certa).
 */
export function pdfkitFontkit(): Fontkit {
  const fontkit: unknown = createRequire(require.resolve('pdfkit'))('fontkit');
  if (!isFontkit(fontkit)) {
    throw new Error('fontkit, as resolved from pdfkit, does not export create()');
  }
  return fontkit;
}

/** Every font Certa draws with is parsed here, so every one gets `useTextCodePoints`. */
function parse(fontkit: Fontkit, buffer: Uint8Array): ParsedFont {
  const font = fontkit.create(buffer);
  if (!isParsedFont(font)) {
    throw new Error('fontkit did not return a layout-capable font');
  }
  return useTextCodePoints(font);
}

/**
 * Parses one TrueType/OpenType file with PDFKit's own fontkit. Throws (a plain Error from
 * fontkit, or the one above) for anything that is not a single font: callers that take
 * untrusted files validate them first (see text/font-file.ts).
 */
export function parseFont(buffer: Uint8Array): ParsedFont {
  return parse(pdfkitFontkit(), buffer);
}

/**
 * Returns the certificate fonts parsed once per process.
 *
 * Why: given a file, PDFKit parses it again for every document, and decoding DejaVu's
 * layout and glyph tables then dominates the render time. A parsed fontkit font keeps no
 * per-document state (each document makes its own subset) but caches what it decodes, glyph
 * objects included, whose code points PDFKit turns into the text of the PDF: `parse` makes
 * those follow each text (see glyph-code-points.ts), so one instance can serve every render.
 */
export function loadParsedCertificateFonts(): CertificateFonts<ParsedFont> {
  if (cachedParsed === undefined) {
    const fontkit = pdfkitFontkit();
    const buffers = loadCertificateFonts();
    cachedParsed = { regular: parse(fontkit, buffers.regular), bold: parse(fontkit, buffers.bold) };
  }
  return cachedParsed;
}
