import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { dejaVuDirectory } from '../fonts.js';
import { layoutTextBox } from './draw-text-box.js';
import {
  DEFAULT_FONT_FAMILY,
  builtInFontLibrary,
  createFontLibrary,
  loadedBuiltInFaces,
} from './font-library.js';

const style = {
  fontFamily: DEFAULT_FONT_FAMILY,
  bold: true,
  size: 24,
  minSize: 8,
  color: '#000000',
  align: 'center',
  shrinkToFit: true,
  maxLines: 1,
} as const;
const box = { x: 0, y: 0, width: 400, height: 40 };

describe('font library', () => {
  it('loads CJK fonts only when a text needs them', () => {
    layoutTextBox('Zoë Ångström-Ñúñez Дмитрий Βασιλική', box, style, builtInFontLibrary());
    expect(loadedBuiltInFaces().filter((key) => /SC|JP|KR/u.test(key))).toEqual([]);

    layoutTextBox('王小明', box, style, builtInFontLibrary());
    expect(loadedBuiltInFaces()).toContain('certa-NotoSansSC-Bold');
    expect(loadedBuiltInFaces()).not.toContain('certa-NotoSansJP-Bold');
  });

  it('knows built-in families, generic aliases and uploaded ids', () => {
    const serif = readFileSync(path.join(dejaVuDirectory(), 'DejaVuSerif.ttf'));
    const library = createFontLibrary({ uploaded: [{ id: 'font-123', bytes: serif }] });

    expect(library.hasFamily('DejaVu Sans')).toBe(true);
    expect(library.hasFamily('DejaVu Serif')).toBe(true);
    expect(library.hasFamily('serif')).toBe(true);
    expect(library.hasFamily('font-123')).toBe(true);
    expect(library.hasFamily('Comic Sans')).toBe(false);
    expect(library.families()).toEqual(['DejaVu Sans', 'DejaVu Serif', 'font-123']);
  });

  it('rejects an uploaded file that is not a font when the library is created', () => {
    expect(() =>
      createFontLibrary({ uploaded: [{ id: 'x', bytes: Buffer.from('not a font, sorry') }] }),
    ).toThrow('The file is not a TrueType or OpenType font.');
  });

  it('rejects an uploaded font that takes a built-in name', () => {
    const serif = readFileSync(path.join(dejaVuDirectory(), 'DejaVuSerif.ttf'));

    expect(() => createFontLibrary({ uploaded: [{ id: 'DejaVu Sans', bytes: serif }] })).toThrow(
      /built-in font family/u,
    );
  });
});
