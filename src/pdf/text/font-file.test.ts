import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { AppError } from '../../errors.js';
import { dejaVuDirectory } from '../fonts.js';
import { MAX_FONT_FILE_BYTES, checkFontFile } from './font-file.js';

const require = createRequire(import.meta.url);
const dejaVuSerif = readFileSync(path.join(dejaVuDirectory(), 'DejaVuSerif.ttf'));
const notoSansKr = readFileSync(
  path.join(
    path.dirname(require.resolve('@embedpdf/fonts-kr')),
    '..',
    'fonts',
    'NotoSansKR-Regular.otf',
  ),
);

/** A copy of `font` whose table directory calls its 'cmap' table something else. */
function withoutCmap(font: Buffer): Buffer {
  const copy = Buffer.from(font);
  const tableCount = copy.readUInt16BE(4);
  for (let index = 0; index < tableCount; index++) {
    const record = 12 + index * 16;
    if (copy.toString('latin1', record, record + 4) === 'cmap') {
      copy.write('xmap', record, 'latin1');
    }
  }
  return copy;
}

function rejection(bytes: Uint8Array): AppError {
  try {
    checkFontFile(bytes);
  } catch (error) {
    if (error instanceof AppError) {
      return error;
    }
    throw error;
  }
  throw new Error('checkFontFile accepted the file');
}

describe('checkFontFile', () => {
  it('accepts a TrueType font and reads its names', () => {
    expect(checkFontFile(dejaVuSerif)).toMatchObject({
      family: 'DejaVu Serif',
      postscriptName: 'DejaVuSerif',
      format: 'truetype',
    });
    expect(checkFontFile(dejaVuSerif).codePointCount).toBeGreaterThan(1000);
  });

  it('accepts a CFF OpenType font', () => {
    expect(checkFontFile(notoSansKr)).toMatchObject({
      postscriptName: 'NotoSansKR-Regular',
      format: 'opentype-cff',
    });
  });

  it('rejects a file that is not a font', () => {
    const error = rejection(Buffer.from('%PDF-1.7\n% not a font at all, just some bytes\n'));

    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toBe('The file is not a TrueType or OpenType font.');
  });

  it('rejects font collections', () => {
    const collection = Buffer.concat([Buffer.from('ttcf'), Buffer.alloc(64)]);

    expect(rejection(collection).message).toMatch(/collections .* not supported/u);
  });

  it('rejects web fonts', () => {
    const woff2 = Buffer.concat([Buffer.from('wOF2'), Buffer.alloc(64)]);

    expect(rejection(woff2).message).toMatch(/WOFF/u);
  });

  it('rejects a font without a Unicode character map', () => {
    const error = rejection(withoutCmap(dejaVuSerif));

    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/no Unicode character map/u);
  });

  it('rejects a truncated font as damaged', () => {
    expect(rejection(dejaVuSerif.subarray(0, 2000)).message).toMatch(/damaged/u);
  });

  it('rejects a file over the size limit before parsing it', () => {
    const error = rejection(new Uint8Array(MAX_FONT_FILE_BYTES + 1));

    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
