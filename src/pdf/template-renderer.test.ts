import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import PDFDocument from 'pdfkit';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';

import { AppError } from '../errors.js';
import { dejaVuDirectory } from './fonts.js';
import { finishDocument } from './pdf-document.js';
import { readPdfPage } from './pdf-page-form.js';
import { renderTemplatePdf, type TemplateRenderInput } from './template-renderer.js';
import type { TextBoxStyle } from './text/text-box.js';

const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certa-template-'));
afterAll(() => fs.rmSync(outputDir, { recursive: true, force: true }));

const STYLE: TextBoxStyle = {
  fontFamily: 'DejaVu Serif',
  bold: false,
  size: 24,
  minSize: 8,
  color: '#102030',
  align: 'center',
  shrinkToFit: true,
  maxLines: 1,
};

const DEJAVU_SERIF = path.join(dejaVuDirectory(), 'DejaVuSerif.ttf');

/** A background artwork PDF as an issuer would export it: vector frame and embedded-font text. */
async function artworkPdf(font: string = DEJAVU_SERIF): Promise<Buffer> {
  const doc = new PDFDocument({ size: [842, 595], margin: 0 });
  doc.font(font);
  doc.rect(20, 20, 802, 555).lineWidth(6).stroke('#8a6d1f');
  doc.fontSize(18).fillColor('#8a6d1f').text('Artwork Frame Heading', 0, 40, {
    width: 842,
    align: 'center',
  });
  return finishDocument(doc);
}

function solidPng(width: number, height: number, rgba: [number, number, number, number]): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set(rgba, i * 4);
  return PNG.sync.write(png);
}

function write(name: string, bytes: Buffer): string {
  const file = path.join(outputDir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

function qpdfCheck(file: string): { status: number | null; output: string } {
  const result = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

async function input(overrides: Partial<TemplateRenderInput> = {}): Promise<TemplateRenderInput> {
  return {
    width: 842,
    height: 595,
    background: { kind: 'pdf', bytes: await artworkPdf() },
    elements: [
      {
        kind: 'text',
        box: { x: 100, y: 200, width: 642, height: 40 },
        text: 'Ada Lovelace',
        style: STYLE,
      },
      {
        kind: 'image',
        box: { x: 40, y: 460, width: 100, height: 100 },
        image: solidPng(40, 20, [200, 30, 30, 255]),
        fit: 'contain',
      },
      {
        kind: 'qr',
        box: { x: 700, y: 440, width: 110, height: 120 },
        url: 'https://certa.example/verify/q3Z0v9mXb1c2d3e4f5g6hA',
        color: '#000000',
      },
    ],
    fonts: [],
    metadata: {
      title: 'Diploma',
      author: 'Test University',
      creationDate: new Date('2026-06-30T10:00:00Z'),
    },
    ...overrides,
  };
}

describe('renderTemplatePdf', () => {
  it('embeds a PDF background as vector artwork and draws the elements over it', async () => {
    const pdf = await renderTemplatePdf(await input());
    const file = write('designed.pdf', pdf);
    const check = qpdfCheck(file);
    expect(check.output).toContain('No syntax or stream encoding errors');
    expect(check.status, check.output).toBe(0);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    // The background's own text survives as text: the page was copied as vectors, not pixels.
    expect(text).toContain('Artwork Frame Heading');
    expect(text).toContain('Ada Lovelace');
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+842 x 595 pts/);
    expect(pdf.includes(Buffer.from('/Subtype /Form'))).toBe(true);
  });

  it('renders the same bytes for the same input', async () => {
    const a = await renderTemplatePdf(await input());
    const b = await renderTemplatePdf(await input());
    expect(a.equals(b)).toBe(true);
  });

  it('keeps every text extractable across renders in one process', async () => {
    // A font no other test file uploads, so its parsed instance (cached per process by the
    // digest of its bytes) starts with no glyphs, whatever ran before in this worker.
    const bytes = fs.readFileSync(path.join(dejaVuDirectory(), 'DejaVuSerifCondensed.ttf'));
    const named = async (text: string, file: string): Promise<string> => {
      const pdf = await renderTemplatePdf(
        await input({
          background: null,
          fonts: [{ id: 'font-condensed', bytes }],
          elements: [
            {
              kind: 'text',
              box: { x: 100, y: 200, width: 642, height: 40 },
              text,
              style: { ...STYLE, fontFamily: 'font-condensed' },
            },
          ],
        }),
      );
      return execFileSync('pdftotext', [write(file, pdf), '-'], { encoding: 'utf8' }).trim();
    };

    // 'à' and 'ç' are drawn with the glyphs of 'a' and 'c' inside them.
    expect(await named('Françoise Çà', 'accented.pdf')).toBe('Françoise Çà');
    expect(await named('àç', 'components.pdf')).toBe('àç');
    expect(await named('Ada Lovelace', 'plain.pdf')).toBe('Ada Lovelace');
    expect(await named('Lovelace, Ada', 'again.pdf')).toBe('Lovelace, Ada');
  });

  it('takes a PNG background and an uploaded-font-free, background-free page', async () => {
    const withImage = await renderTemplatePdf(
      await input({ background: { kind: 'image', bytes: solidPng(84, 60, [240, 235, 220, 255]) } }),
    );
    expect(qpdfCheck(write('png-bg.pdf', withImage)).status).toBe(0);
    const bare = await renderTemplatePdf(await input({ background: null }));
    const file = write('bare.pdf', bare);
    expect(qpdfCheck(file).status).toBe(0);
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).not.toContain('Artwork');
  });
});

describe('readPdfPage', () => {
  it('refuses what is not a usable PDF with one clear sentence', async () => {
    await expect(readPdfPage(Buffer.from('%PDF-1.7\nnot really'))).rejects.toThrow(AppError);
    await expect(readPdfPage(solidPng(2, 2, [0, 0, 0, 255]))).rejects.toThrow(
      'The file is not a readable PDF.',
    );
    await expect(readPdfPage(await artworkPdf('Helvetica'))).rejects.toThrow(
      "The PDF uses the font 'Helvetica' without embedding it; export it with fonts embedded.",
    );
    const rotated = new PDFDocument({ size: [300, 200], margin: 0 });
    const rotatedPdf = await finishDocument(rotated);
    const page = await readPdfPage(rotatedPdf);
    expect(page.width).toBe(300);
    expect(page.height).toBe(200);
  });
});
