import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { dejaVuDirectory, parseFont, type ParsedFont } from './fonts.js';
import { createPdfDocument, finishDocument } from './pdf-document.js';
import { drawRuns } from './text/draw-runs.js';

/*
 * Each test parses its own font instance, as a server process does once, and renders several
 * documents with it: what an earlier document did to the instance must not change the text
 * (or the bytes) of a later one. Fresh instances keep the tests independent of what other test
 * files in the same worker have rendered with the process-wide fonts.
 */

const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certa-glyph-code-points-'));
afterAll(() => fs.rmSync(outputDir, { recursive: true, force: true }));

const require = createRequire(import.meta.url);

function dejaVuSerif(): ParsedFont {
  return parseFont(fs.readFileSync(path.join(dejaVuDirectory(), 'DejaVuSerif.ttf')));
}

function notoNaskhArabic(): ParsedFont {
  const fonts = path.join(path.dirname(require.resolve('@embedpdf/fonts-arabic')), '..', 'fonts');
  return parseFont(fs.readFileSync(path.join(fonts, 'NotoNaskhArabic-Regular.ttf')));
}

let written = 0;

/** One document with `text` in `font`, drawn as the text engine draws a run. */
async function render(font: ParsedFont, text: string, rtl = false): Promise<Buffer> {
  const doc = createPdfDocument({
    width: 400,
    height: 100,
    metadata: { title: 'Test', author: 'Test', creationDate: new Date('2026-06-30T10:00:00Z') },
  });
  drawRuns(doc, [{ text, face: { key: 'under-test', font }, rtl }], {
    x: 20,
    baseline: 60,
    size: 24,
    color: '#000000',
  });
  return finishDocument(doc);
}

function extractedText(pdf: Buffer): string {
  const file = path.join(outputDir, `${++written}.pdf`);
  fs.writeFileSync(file, pdf);
  // pdftotext marks right-to-left text with bidi embedding controls: not part of the name.
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })
    .replace(/[\u202a-\u202e\f]/gu, '')
    .trim();
}

/** The entries of the ToUnicode bfrange arrays, read from the uncompressed (qdf) file. */
function toUnicodeEntries(pdf: Buffer): string[] {
  const file = path.join(outputDir, `${++written}.pdf`);
  fs.writeFileSync(file, pdf);
  const qdf = execFileSync('qpdf', ['--qdf', '--object-streams=disable', file, '-'], {
    encoding: 'latin1',
  });
  return [...qdf.matchAll(/<[0-9a-f]{4}> <[0-9a-f]{4}> \[([^\]]*)\]/giu)].flatMap((match) =>
    (match[1] ?? '').trim().split(/(?<=>)\s+/u),
  );
}

describe('glyph code points across documents rendered with one parsed font', () => {
  it('keeps the text of letters an earlier document used only inside accented letters', async () => {
    const font = dejaVuSerif();
    // DejaVu draws 'à' and 'ç' with the glyphs of 'a' and 'c' as components: subsetting them
    // made those glyphs without code points, and fontkit then kept them for "Ada Lovelace".
    expect(extractedText(await render(font, 'àç'))).toBe('àç');

    const pdf = await render(font, 'Ada Lovelace');

    expect(extractedText(pdf)).toBe('Ada Lovelace');
    expect(toUnicodeEntries(pdf)).not.toContain('<>');
    expect(extractedText(await render(font, 'Lovelace, Ada'))).toBe('Lovelace, Ada');
  });

  it('shapes and extracts Arabic the same after a name whose letters hold its alef', async () => {
    const fresh = await render(notoNaskhArabic(), 'سالم', true);
    const font = notoNaskhArabic();
    // 'أ' is alef plus hamza: alef lost its code point, and fontkit's shaper reads them.
    expect(extractedText(await render(font, 'أحمد', true))).toBe('أحمد');

    const pdf = await render(font, 'سالم', true);

    expect(extractedText(pdf)).toBe('سالم');
    expect(pdf.equals(fresh)).toBe(true);
  });

  it('gives a glyph shared by two characters the text of the character each document used', async () => {
    const fresh = await render(notoNaskhArabic(), 'ﺑ', true);
    const font = notoNaskhArabic();
    // The initial form of beh, shaped from 'ب', is also the glyph of the presentation form ﺑ.
    expect(extractedText(await render(font, 'بب', true))).toBe('بب');

    const pdf = await render(font, 'ﺑ', true);

    expect(toUnicodeEntries(pdf)).toContain('<fe91>');
    expect(pdf.equals(fresh)).toBe(true);
  });
});
