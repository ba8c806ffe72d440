import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import PDFDocument from 'pdfkit';
import { afterAll, describe, expect, it } from 'vitest';

import { finishDocument } from '../../../src/pdf/pdf-document.js';
import {
  ENGLISH_CERTIFICATE_LABELS,
  renderCertificatePdf,
  type CertificateContent,
} from '../../../src/pdf/render-certificate.js';
import { builtInFontLibrary, drawTextBox } from '../../../src/pdf/text/text-box.js';

/** The names of issue 3's acceptance list, one per script. */
const NAMES = {
  latin: 'Zoë Ångström-Ñúñez',
  greek: 'Βασιλική Παπαδοπούλου',
  cyrillic: 'Дмитрий Шостакович',
  arabic: 'محمد بن سلمان',
  hebrew: 'דוד בן־גוריון',
  japanese: '山田 太郎',
  korean: '김민준',
  chinese: '王小明',
} as const;

const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certa-multiscript-'));

afterAll(() => {
  fs.rmSync(outputDir, { recursive: true, force: true });
});

function certificate(recipientName: string): CertificateContent {
  return {
    documentId: 'q3Z0v9mXb1c2d3e4f5g6hA',
    issuerName: 'Université de Genève',
    title: 'Master of Science in Physics',
    recipientName,
    fields: [{ label: 'Grade', value: 'A' }],
    issuedAt: '2026-06-30T10:00:00Z',
    expiresAt: null,
    activatedAt: '2026-07-01T08:15:00Z',
    verificationUrl: 'http://localhost:8080/verify/q3Z0v9mXb1c2d3e4f5g6hA',
    labels: ENGLISH_CERTIFICATE_LABELS,
  };
}

function run(command: string, args: readonly string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * pdftotext marks right-to-left stretches with embedding controls (RLE ... PDF); they are
 * layout hints, not text, so they go, as do differences in white space.
 */
function normalize(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

function extractText(file: string): string {
  return normalize(run('pdftotext', ['-enc', 'UTF-8', file, '-']));
}

/** Every font row of pdffonts: embedded, subset, with a ToUnicode map; and the names. */
function expectFontsEmbeddedAndSubset(file: string): string[] {
  const rows = run('pdffonts', [file]).trim().split('\n').slice(2);
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    expect(row).toMatch(/^[A-Z]{6}\+\S+\s.*\byes\s+yes\s+yes\b/u);
  }
  return rows.map((row) => row.split(/\s+/u)[0] ?? '');
}

function expectQpdfClean(file: string): void {
  expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors found');
}

/** The fallback font each script must end up in (a name fragment pdffonts prints). */
const EXPECTED_FONT: Record<keyof typeof NAMES, RegExp> = {
  latin: /DejaVuSans-Bold/u,
  greek: /DejaVuSans-Bold/u,
  cyrillic: /DejaVuSans-Bold/u,
  arabic: /NotoNaskhArabic-Bold/u,
  hebrew: /NotoSansHebrew-Bold/u,
  japanese: /NotoSansHans-Bold/u,
  korean: /NotoSansKR-Bold/u,
  chinese: /NotoSansHans-Bold/u,
};

describe('names in every script', () => {
  it.each(Object.entries(NAMES) as Array<[keyof typeof NAMES, string]>)(
    'the built-in certificate prints a %s recipient name as extractable text',
    async (script, name) => {
      const file = path.join(outputDir, `certificate-${script}.pdf`);
      fs.writeFileSync(file, await renderCertificatePdf(certificate(name)));

      expect(extractText(file)).toContain(normalize(name));
      const fonts = expectFontsEmbeddedAndSubset(file);
      expect(fonts.some((font) => EXPECTED_FONT[script].test(font))).toBe(true);
      expectQpdfClean(file);
      run('pdftoppm', ['-r', '60', '-png', '-singlefile', file, file.replace(/\.pdf$/u, '')]);
      expect(fs.statSync(file.replace(/\.pdf$/u, '.png')).size).toBeGreaterThan(1000);
    },
  );

  it('drawTextBox draws all of them in one document, each extractable', async () => {
    const doc = new PDFDocument({ size: [500, 600], margin: 0 });
    const library = builtInFontLibrary();
    Object.values(NAMES).forEach((name, index) => {
      drawTextBox(
        doc,
        `${index + 1}. ${name}`,
        { x: 30, y: 30 + index * 60, width: 440, height: 50 },
        {
          fontFamily: 'DejaVu Serif',
          bold: index % 2 === 1,
          size: 28,
          minSize: 10,
          color: '#1B365D',
          align: index % 3 === 0 ? 'left' : index % 3 === 1 ? 'center' : 'right',
          shrinkToFit: true,
          maxLines: 1,
        },
        library,
      );
    });
    const file = path.join(outputDir, 'text-boxes.pdf');
    fs.writeFileSync(file, await finishDocument(doc));
    const text = extractText(file);

    for (const name of Object.values(NAMES)) {
      expect(text).toContain(normalize(name));
    }
    const fonts = expectFontsEmbeddedAndSubset(file);
    expect(fonts.some((font) => /DejaVuSerif/u.test(font))).toBe(true);
    expectQpdfClean(file);
  });

  it('a Latin label followed by an Arabic name reads label first, then the name', async () => {
    const doc = new PDFDocument({ size: [500, 100], margin: 0 });
    drawTextBox(
      doc,
      `Recipient: ${NAMES.arabic}`,
      { x: 20, y: 20, width: 460, height: 40 },
      {
        fontFamily: 'DejaVu Sans',
        bold: false,
        size: 20,
        minSize: 8,
        color: '#000000',
        align: 'left',
        shrinkToFit: true,
        maxLines: 1,
      },
      builtInFontLibrary(),
    );
    const file = path.join(outputDir, 'mixed.pdf');
    fs.writeFileSync(file, await finishDocument(doc));
    const bbox = run('pdftotext', ['-bbox', file, '-']);
    const words = [...bbox.matchAll(/<word xMin="([\d.]+)"[^>]*>([^<]+)<\/word>/gu)].map(
      (match) => ({ x: Number(match[1]), word: match[2] ?? '' }),
    );
    // -bbox prints each word's characters in page order, so Arabic words come out reversed.
    const xOf = (word: string): number =>
      words.find((entry) => [word, [...word].reverse().join('')].includes(entry.word))?.x ?? NaN;

    // Visual order on the page: the label at the left, then the Arabic name read right to left,
    // so its first word (محمد) is the rightmost and its last (سلمان) sits next to the label.
    expect(xOf('Recipient:')).toBeLessThan(xOf('سلمان'));
    expect(xOf('سلمان')).toBeLessThan(xOf('بن'));
    expect(xOf('بن')).toBeLessThan(xOf('محمد'));
  });
});
