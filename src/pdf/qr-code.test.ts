import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { afterAll, describe, expect, it } from 'vitest';

import { finishDocument } from './pdf-document.js';
import { drawQrCode, qrCodeRows } from './qr-code.js';

const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certa-qr-'));

afterAll(() => {
  fs.rmSync(outputDir, { recursive: true, force: true });
});

const QR_TEXT = 'http://localhost:8080/verify/q3Z0v9mXb1c2d3e4f5g6hA';

interface Grayscale {
  readonly width: number;
  readonly pixels: Buffer;
}

/** Parses a binary PGM (P5, 8-bit), the format `pdftoppm -gray` writes. */
function readPgm(file: string): Grayscale {
  const data = fs.readFileSync(file);
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/u.exec(data.subarray(0, 50).toString('latin1'));
  if (header === null) {
    throw new Error('not an 8-bit binary PGM');
  }
  return { width: Number(header[1]), pixels: data.subarray(header[0].length) };
}

/** Renders a page holding only a QR code and rasterises it at `pixelsPerPoint`. */
async function rasterisedQrCode(
  placement: { x: number; y: number; size: number },
  pixelsPerPoint: number,
): Promise<Grayscale> {
  const doc = new PDFDocument({ size: [200, 200], margin: 0 });
  doc.rect(0, 0, 200, 200).fill('#336699');
  drawQrCode(doc, QR_TEXT, placement);
  const pdf = path.join(outputDir, 'qr.pdf');
  fs.writeFileSync(pdf, await finishDocument(doc));
  const prefix = path.join(outputDir, 'qr');
  const dpi = String(72 * pixelsPerPoint);
  execFileSync('pdftoppm', ['-gray', '-r', dpi, '-singlefile', pdf, prefix]);
  return readPgm(`${prefix}.pgm`);
}

describe('qrCodeRows', () => {
  it('covers exactly the dark modules of the symbol, row by row', () => {
    const { modules } = QRCode.create(QR_TEXT, { errorCorrectionLevel: 'M' });
    const rows = qrCodeRows(QR_TEXT);

    expect(rows).toHaveLength(modules.size);
    rows.forEach((runs, row) => {
      const dark = new Set(
        runs.flatMap(([start, length]) => Array.from({ length }, (_, i) => start + i)),
      );
      for (let column = 0; column < modules.size; column++) {
        expect(dark.has(column)).toBe(modules.get(row, column) === 1);
      }
    });
  });
});

describe('drawQrCode', () => {
  it('draws the symbol where asked, with a white quiet zone over the background', async () => {
    const placement = { x: 20, y: 30, size: 150 };
    const pixelsPerPoint = 4;
    const image = await rasterisedQrCode(placement, pixelsPerPoint);
    const { modules } = QRCode.create(QR_TEXT, { errorCorrectionLevel: 'M' });
    const moduleSize = placement.size / (modules.size + 8);
    const shade = (xPoints: number, yPoints: number): number => {
      const x = Math.floor(xPoints * pixelsPerPoint);
      const y = Math.floor(yPoints * pixelsPerPoint);
      return image.pixels[y * image.width + x] ?? -1;
    };
    const moduleCenter = (index: number): number => (4 + index + 0.5) * moduleSize;

    for (let row = 0; row < modules.size; row++) {
      for (let column = 0; column < modules.size; column++) {
        const value = shade(placement.x + moduleCenter(column), placement.y + moduleCenter(row));
        expect(value < 128).toBe(modules.get(row, column) === 1);
      }
    }
    expect(shade(placement.x + moduleSize, placement.y + moduleSize)).toBe(255);
    expect(shade(placement.x - 2, placement.y - 2)).toBeLessThan(200);
  });
});
