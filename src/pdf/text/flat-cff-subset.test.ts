import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';

import { parseFont, type ParsedFont } from '../fonts.js';
import { finishDocument } from '../pdf-document.js';
import { flatCharstring, useFlatCffSubsets } from './flat-cff-subset.js';

const require = createRequire(import.meta.url);
const SC_FILE = path.join(
  path.dirname(require.resolve('@embedpdf/fonts-sc')),
  '..',
  'fonts',
  'NotoSansHans-Regular.otf',
);

describe('flatCharstring', () => {
  it('encodes small, medium, large and fractional numbers as Type 2 operands', () => {
    expect([...flatCharstring([{ command: 'moveTo', args: [0, 0] }])]).toEqual([139, 139, 21, 14]);
    expect([...flatCharstring([{ command: 'moveTo', args: [108, -108] }])]).toEqual([
      247, 0, 251, 0, 21, 14,
    ]);
    expect([...flatCharstring([{ command: 'lineTo', args: [2000, 0.5] }])]).toEqual([
      28, 0x07, 0xd0, 255, 0, 0, 0x80, 0, 5, 14,
    ]);
  });

  it('writes relative moves from the point actually reached', () => {
    const bytes = flatCharstring([
      { command: 'moveTo', args: [10, 10] },
      { command: 'lineTo', args: [20, 10] },
      { command: 'closePath', args: [] },
    ]);

    expect([...bytes]).toEqual([149, 149, 21, 149, 139, 5, 14]);
  });
});

/** Renders `text` in `font` and rasterises it to 8-bit grey pixels with pdftoppm. */
async function rasterise(
  font: ParsedFont,
  text: string,
): Promise<{ pixels: Buffer; fileSize: number }> {
  const doc = new PDFDocument({ size: [300, 80], margin: 0 });
  doc.registerFont('cjk', font as unknown as PDFKit.Mixins.PDFFontSource);
  doc.font('cjk', 40).text(text, 10, 10, { lineBreak: false });
  const pdf = await finishDocument(doc);
  const directory = mkdtempSync(path.join(tmpdir(), 'certa-cff-'));
  try {
    const file = path.join(directory, 'glyphs.pdf');
    writeFileSync(file, pdf);
    expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toContain(
      'No syntax or stream encoding errors found',
    );
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  const pgm = execFileSync('pdftoppm', ['-r', '100', '-gray', '-singlefile', '-'], { input: pdf });
  // P5 header: magic, width, height, maximum value, each followed by one whitespace byte.
  const header = /^P5\s+\d+\s+\d+\s+\d+\s/u.exec(pgm.toString('latin1', 0, 40))?.[0] ?? '';
  return { pixels: pgm.subarray(header.length), fileSize: pdf.length };
}

describe('useFlatCffSubsets', () => {
  it('draws CJK glyphs exactly like fontkit’s own subset, in a smaller file', async () => {
    const bytes = readFileSync(SC_FILE);
    const text = '王小明凝聚态';
    const { pixels: reference, fileSize: referenceSize } = await rasterise(parseFont(bytes), text);
    const { pixels: flat, fileSize: flatSize } = await rasterise(
      useFlatCffSubsets(parseFont(bytes)),
      text,
    );

    expect(flat.length).toBe(reference.length);
    const inked = reference.filter((pixel) => pixel < 128).length;
    let differing = 0;
    for (let index = 0; index < reference.length; index++) {
      if (Math.abs((reference[index] ?? 0) - (flat[index] ?? 0)) > 64) {
        differing++;
      }
    }
    expect(inked).toBeGreaterThan(1000);
    expect(differing).toBeLessThan(inked * 0.02);
    expect(flatSize).toBeLessThan(referenceSize);
  });

  it('leaves TrueType fonts alone', () => {
    const font = parseFont(
      readFileSync(
        SC_FILE.replace(/fonts-sc.*$/u, 'fonts-hebrew/fonts/NotoSansHebrew-Regular.ttf'),
      ),
    );
    const own = Object.getOwnPropertyNames(useFlatCffSubsets(font));

    expect(own).not.toContain('createSubset');
  });
});
