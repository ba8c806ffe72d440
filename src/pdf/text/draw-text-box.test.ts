import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';

import { AppError } from '../../errors.js';
import { dejaVuDirectory } from '../fonts.js';
import { finishDocument } from '../pdf-document.js';
import { drawTextBox, layoutTextBox } from './draw-text-box.js';
import { builtInFontLibrary, createFontLibrary } from './font-library.js';
import type { TextBox, TextBoxStyle } from './text-box.js';

const library = builtInFontLibrary();
const box: TextBox = { x: 40, y: 40, width: 300, height: 40 };
const style: TextBoxStyle = {
  fontFamily: 'DejaVu Sans',
  bold: false,
  size: 24,
  minSize: 8,
  color: '#1A1A1A',
  align: 'left',
  shrinkToFit: true,
  maxLines: 1,
};

describe('layoutTextBox', () => {
  it('keeps the largest size when the text fits', () => {
    const layout = layoutTextBox('Zoë Ångström-Ñúñez', box, style, library);

    expect(layout.size).toBe(24);
    expect(layout.lines).toHaveLength(1);
    expect(layout.lines[0]?.width).toBeLessThanOrEqual(box.width);
    expect(layout.truncated).toBe(false);
  });

  it('shrinks a long single line until it fits, in steps of 0.1 pt', () => {
    const layout = layoutTextBox(
      'Maximiliana-Kunigunde von Hohenzollern-Sigmaringen',
      box,
      style,
      library,
    );

    expect(layout.size).toBeLessThan(24);
    expect(layout.size).toBeGreaterThanOrEqual(8);
    expect(Math.round(layout.size * 10)).toBe(layout.size * 10);
    expect(layout.lines[0]?.width).toBeLessThanOrEqual(box.width);
    expect(layout.truncated).toBe(false);
  });

  it('ellipsizes when even the smallest size is too wide', () => {
    const layout = layoutTextBox('Maximiliana '.repeat(20), box, style, library);

    expect(layout.size).toBe(8);
    expect(layout.truncated).toBe(true);
    expect(layout.lines[0]?.text.endsWith('…')).toBe(true);
    expect(layout.lines[0]?.width).toBeLessThanOrEqual(box.width);
  });

  it('wraps before shrinking when more lines are allowed', () => {
    const tall = { ...box, height: 120 };
    const layout = layoutTextBox(
      'Doctor of Philosophy in Theoretical Physics',
      tall,
      { ...style, maxLines: 3 },
      library,
    );

    expect(layout.size).toBe(24);
    expect(layout.lines.length).toBeGreaterThan(1);
    expect(layout.lines.map((line) => line.text).join(' ')).toBe(
      'Doctor of Philosophy in Theoretical Physics',
    );
  });

  it('breaks Chinese and Japanese text, which has no spaces, between words', () => {
    const text = '東京大学大学院情報理工学系研究科電子情報学専攻';
    const layout = layoutTextBox(
      text,
      { ...box, width: 150, height: 200 },
      { ...style, shrinkToFit: false, size: 14, maxLines: 5 },
      library,
    );

    expect(layout.lines.length).toBeGreaterThan(1);
    expect(layout.lines.map((line) => line.text).join('')).toBe(text);
    for (const line of layout.lines) {
      expect(line.width).toBeLessThanOrEqual(150);
    }
  });

  it('keeps explicit line breaks of multi-line text', () => {
    const layout = layoutTextBox(
      'Faculty of Science\nDepartment of Physics',
      { ...box, height: 200 },
      { ...style, size: 12, maxLines: 4 },
      library,
    );

    expect(layout.lines.map((line) => line.text)).toEqual([
      'Faculty of Science',
      'Department of Physics',
    ]);
  });

  it('never lays out more lines than the box height allows', () => {
    const layout = layoutTextBox(
      'word '.repeat(200),
      { ...box, height: 30 },
      { ...style, shrinkToFit: false, size: 12, maxLines: 10 },
      library,
    );

    expect(layout.lines).toHaveLength(2);
    expect(layout.truncated).toBe(true);
  });

  it('rejects an unknown font family with INVALID_INPUT', () => {
    expect(() => layoutTextBox('x', box, { ...style, fontFamily: 'Comic Sans' }, library)).toThrow(
      AppError,
    );
  });
});

describe('drawTextBox', () => {
  async function render(draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
    const doc = new PDFDocument({ size: [400, 300], margin: 0 });
    draw(doc);
    return finishDocument(doc);
  }

  function pdfText(pdf: Buffer): string {
    return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf, encoding: 'utf8' })
      .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '')
      .replace(/\s+/gu, ' ');
  }

  it('draws a right-aligned Arabic name that pdftotext gives back in logical order', async () => {
    const pdf = await render((doc) => {
      drawTextBox(doc, 'محمد بن سلمان', box, { ...style, align: 'right' }, library);
    });

    expect(pdfText(pdf)).toContain('محمد بن سلمان');
  });

  it('draws with an uploaded font, embedded as a subset', async () => {
    const serif = readFileSync(path.join(dejaVuDirectory(), 'DejaVuSerif-Bold.ttf'));
    const withUpload = createFontLibrary({ uploaded: [{ id: 'issuer-font', bytes: serif }] });
    const pdf = await render((doc) => {
      drawTextBox(doc, 'Université', box, { ...style, fontFamily: 'issuer-font' }, withUpload);
    });
    const fonts = execFileSync('pdffonts', ['-'], { input: pdf, encoding: 'utf8' });

    expect(pdfText(pdf)).toContain('Université');
    expect(fonts).toMatch(/[A-Z]{6}\+DejaVuSerif-Bold\s.*\byes\s+yes\s+yes\b/u);
  });
});
