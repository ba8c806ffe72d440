import type { TemplateAssetMediaType } from '../db/tables/templates.table.js';
import { AppError } from '../errors.js';
import { readPdfPage } from '../pdf/pdf-page-form.js';
import { checkFontFile } from '../pdf/text/text-box.js';
import { looksLikeJpeg, looksLikePng, readJpeg, readPng } from './image-header.js';

/** Largest template asset; the multipart limit of the app is the same. */
export const MAX_ASSET_BYTES = 20 * 1024 * 1024;

/** What an upload turned out to be, from its bytes alone (never from its name or header). */
export interface AssetContent {
  readonly mediaType: TemplateAssetMediaType;
  readonly width: number | null;
  readonly height: number | null;
  readonly fontFamily: string | null;
}

const SFNT_TAGS: Record<number, TemplateAssetMediaType> = {
  0x00010000: 'font/ttf',
  0x74727565: 'font/ttf', // 'true'
  0x4f54544f: 'font/otf', // 'OTTO'
};
const OTHER_FONT_TAGS = new Set([
  0x74746366 /* ttcf */, 0x774f4646 /* wOFF */, 0x774f4632 /* wOF2 */,
]);

function invalid(message: string): AppError {
  return new AppError('INVALID_INPUT', message, { details: { field: 'file' } });
}

/**
 * Sniffs and really parses an uploaded asset: a PNG or JPEG decodes (see image-header.ts), a
 * PDF parses and its first page can be embedded, a font passes `checkFontFile`. Anything else
 * is UNSUPPORTED_MEDIA; a damaged file of a known kind is INVALID_INPUT naming the problem.
 */
export async function inspectAsset(bytes: Buffer): Promise<AssetContent> {
  if (bytes.length === 0) throw invalid('The file is empty.');
  if (bytes.length > MAX_ASSET_BYTES)
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `The file is larger than ${MAX_ASSET_BYTES / (1024 * 1024)} MiB.`,
    );
  if (looksLikePng(bytes) || looksLikeJpeg(bytes)) {
    const image = looksLikePng(bytes) ? readPng(bytes) : readJpeg(bytes);
    if (typeof image === 'string') throw invalid(image);
    return {
      mediaType: image.type === 'png' ? 'image/png' : 'image/jpeg',
      width: image.width,
      height: image.height,
      fontFamily: null,
    };
  }
  if (bytes.subarray(0, 1024).includes('%PDF-')) {
    const page = await readPdfPage(bytes);
    return {
      mediaType: 'application/pdf',
      width: Math.round(page.width),
      height: Math.round(page.height),
      fontFamily: null,
    };
  }
  const tag = bytes.length >= 4 ? bytes.readUInt32BE(0) : 0;
  const fontType = SFNT_TAGS[tag];
  if (fontType !== undefined || OTHER_FONT_TAGS.has(tag)) {
    const info = checkFontFile(bytes);
    return {
      mediaType: fontType ?? 'font/ttf',
      width: null,
      height: null,
      fontFamily: info.family,
    };
  }
  throw new AppError(
    'UNSUPPORTED_MEDIA',
    'The file is not a PNG or JPEG image, a PDF or a TrueType/OpenType font.',
    { details: { field: 'file' } },
  );
}

/** What an asset of this type may be used as, in words for error messages. */
export function describeMediaType(mediaType: TemplateAssetMediaType): string {
  switch (mediaType) {
    case 'application/pdf':
      return 'a PDF';
    case 'image/png':
      return 'a PNG image';
    case 'image/jpeg':
      return 'a JPEG image';
    case 'font/ttf':
    case 'font/otf':
      return 'a font';
  }
}
