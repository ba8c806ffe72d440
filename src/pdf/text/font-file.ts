import { AppError, ERROR_CODES } from '../../errors.js';
import { parseFont, type ParsedFont } from '../fonts.js';

/**
 * Largest font file an issuer may upload. A full pan-CJK OpenType font is about 16 MiB; a
 * regional CJK font about 8 MiB; Latin fonts are well under 1 MiB.
 */
export const MAX_FONT_FILE_BYTES = 20 * 1024 * 1024;

/** What an accepted font file is, as read from its own tables. */
export interface FontFileInfo {
  /** The family name from the font's name table, e.g. 'Lato'. */
  readonly family: string;
  readonly postscriptName: string;
  /** 'truetype' (glyf outlines) or 'opentype-cff' (CFF outlines, an .otf). */
  readonly format: 'truetype' | 'opentype-cff';
  readonly glyphCount: number;
  /** How many Unicode code points the font maps to a glyph. */
  readonly codePointCount: number;
}

const TRUETYPE_TAGS = new Set([0x00010000, 0x74727565 /* 'true' */]);
const CFF_TAG = 0x4f54544f; /* 'OTTO' */
const COLLECTION_TAG = 0x74746366; /* 'ttcf' */
const WOFF_TAGS = new Set([0x774f4646 /* 'wOFF' */, 0x774f4632 /* 'wOF2' */]);

function invalid(message: string): AppError {
  return new AppError(ERROR_CODES.INVALID_INPUT, message);
}

function sfntTag(bytes: Uint8Array): number {
  if (bytes.length < 12) {
    return 0;
  }
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
}

/** Whether every table the sfnt directory lists lies inside the file (a truncated file fails). */
function tablesInside(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tableCount = view.getUint16(4);
  if (tableCount === 0 || 12 + tableCount * 16 > bytes.length) {
    return false;
  }
  for (let index = 0; index < tableCount; index++) {
    const record = 12 + index * 16;
    if (view.getUint32(record + 8) + view.getUint32(record + 12) > bytes.length) {
      return false;
    }
  }
  return true;
}

/** Parses and inspects; every fontkit failure becomes one clear sentence, never a 500. */
function parseChecked(bytes: Uint8Array): ParsedFont {
  try {
    return parseFont(bytes);
  } catch (error) {
    throw new AppError(ERROR_CODES.INVALID_INPUT, 'The font file is damaged and cannot be read.', {
      cause: error,
    });
  }
}

function codePointCount(font: ParsedFont): number {
  try {
    return font.characterSet.length;
  } catch {
    // fontkit throws when it finds no cmap subtable it can use: same answer as an empty one.
    return 0;
  }
}

/**
 * Accepts a single TrueType or OpenType font file that Certa can embed and subset, and says
 * what it is. Rejects, with an INVALID_INPUT (or PAYLOAD_TOO_LARGE) AppError whose message is
 * one sentence: files over MAX_FONT_FILE_BYTES, anything that is not a font, font collections
 * (.ttc/.otc, which fontkit cannot subset), web fonts (WOFF/WOFF2: upload the TTF/OTF they
 * were made from), and fonts without a Unicode character map (symbol fonts, whose text could
 * not be copied out of the PDF).
 */
export function checkFontFile(bytes: Uint8Array): FontFileInfo {
  return inspectFontFile(bytes).info;
}

/** Parses a font file, with the same checks and errors as `checkFontFile`. */
export function parseCheckedFont(bytes: Uint8Array): ParsedFont {
  return inspectFontFile(bytes).font;
}

function inspectFontFile(bytes: Uint8Array): { info: FontFileInfo; font: ParsedFont } {
  if (bytes.length > MAX_FONT_FILE_BYTES) {
    throw new AppError(
      ERROR_CODES.PAYLOAD_TOO_LARGE,
      `The font file is larger than ${MAX_FONT_FILE_BYTES / (1024 * 1024)} MiB.`,
    );
  }
  const tag = sfntTag(bytes);
  if (tag === COLLECTION_TAG) {
    throw invalid('Font collections (.ttc/.otc) are not supported: upload a single .ttf or .otf.');
  }
  if (WOFF_TAGS.has(tag)) {
    throw invalid('Web fonts (WOFF/WOFF2) are not supported: upload the .ttf or .otf file.');
  }
  if (!TRUETYPE_TAGS.has(tag) && tag !== CFF_TAG) {
    throw invalid('The file is not a TrueType or OpenType font.');
  }
  if (!tablesInside(bytes)) {
    throw invalid('The font file is damaged and cannot be read.');
  }
  const font = parseChecked(bytes);
  const count = codePointCount(font);
  if (count === 0) {
    throw invalid('The font has no Unicode character map, so its text could not be copied.');
  }
  if (!(font.unitsPerEm >= 16 && font.unitsPerEm <= 16384) || font.numGlyphs < 2) {
    throw invalid('The font file is damaged and cannot be read.');
  }
  let postscriptName: string;
  let family: string;
  try {
    // A layout proves the tables the renderer needs (cmap, hmtx, GSUB/GPOS if any) decode.
    font.layout('A');
    postscriptName = font.postscriptName;
    family = font.familyName;
  } catch (error) {
    throw new AppError(ERROR_CODES.INVALID_INPUT, 'The font file is damaged and cannot be read.', {
      cause: error,
    });
  }
  if (typeof postscriptName !== 'string' || postscriptName === '') {
    throw invalid('The font has no PostScript name, which a PDF needs to embed it.');
  }
  const info: FontFileInfo = {
    family: typeof family === 'string' && family !== '' ? family : postscriptName,
    postscriptName,
    format: tag === CFF_TAG ? 'opentype-cff' : 'truetype',
    glyphCount: font.numGlyphs,
    codePointCount: count,
  };
  return { info, font };
}
