import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { AppError } from '../errors.js';
import {
  ENGLISH_CERTIFICATE_LABELS,
  FRENCH_CERTIFICATE_LABELS,
  renderCertificatePdf,
  type CertificateContent,
} from './render-certificate.js';

const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certa-pdf-'));

afterAll(() => {
  fs.rmSync(outputDir, { recursive: true, force: true });
});

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

function certificate(overrides: Partial<CertificateContent> = {}): CertificateContent {
  return {
    documentId: 'q3Z0v9mXb1c2d3e4f5g6hA',
    issuerName: 'Université de Genève',
    title: 'Master of Science in Physics',
    recipientName: NAMES.latin,
    fields: [
      { label: 'Grade', value: 'A' },
      { label: 'Date of award', value: '2026-06-30' },
      { label: 'Specialisation', value: 'Condensed matter physics' },
    ],
    issuedAt: '2026-06-30T10:00:00Z',
    expiresAt: '2031-06-30T00:00:00Z',
    activatedAt: '2026-07-01T08:15:00Z',
    verificationUrl: 'http://localhost:8080/verify/q3Z0v9mXb1c2d3e4f5g6hA',
    labels: ENGLISH_CERTIFICATE_LABELS,
    ...overrides,
  };
}

function extremeCertificate(): CertificateContent {
  const words = 'Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor ';
  return certificate({
    issuerName: 'International Institute of Advanced Interdisciplinary Studies '.repeat(4),
    title: 'Doctor of Philosophy in Theoretical and Computational Physics '.repeat(4),
    recipientName: 'Maximiliana-Kunigunde '.repeat(10).slice(0, 200),
    fields: Array.from({ length: 20 }, (_, index) => ({
      label: `Field number ${index + 1} with a long label`,
      value: words.repeat(8).slice(0, 500),
    })),
    expiresAt: null,
    labels: FRENCH_CERTIFICATE_LABELS,
  });
}

async function renderToFile(name: string, content: CertificateContent): Promise<string> {
  const file = path.join(outputDir, `${name}.pdf`);
  fs.writeFileSync(file, await renderCertificatePdf(content));
  return file;
}

function run(command: string, args: readonly string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * NFC with every whitespace run collapsed, so wrapped or re-spaced text still compares equal,
 * and without the bidi embedding controls pdftotext puts around right-to-left text.
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

/** Fails on any non-zero exit of qpdf, including 3 (warnings only): execFileSync throws. */
function expectQpdfClean(file: string): void {
  expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors found');
}

function pageCount(file: string): number {
  return Number(/^Pages:\s+(\d+)$/mu.exec(run('pdfinfo', [file]))?.[1]);
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

describe('renderCertificatePdf', () => {
  it('produces a structurally valid one-page PDF 1.7', async () => {
    const file = await renderToFile('normal', certificate());

    expectQpdfClean(file);
    expect(pageCount(file)).toBe(1);
    expect(fs.readFileSync(file).subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
  });

  it('stays valid and on one page with extreme inputs', async () => {
    const file = await renderToFile('extreme', extremeCertificate());

    expectQpdfClean(file);
    expect(pageCount(file)).toBe(1);
  });

  it('stays valid and on one page with long CJK and Arabic texts', async () => {
    const file = await renderToFile(
      'extreme-multiscript',
      certificate({
        issuerName: '東京大学大学院情報理工学系研究科'.repeat(6),
        title: '情報理工学博士（コンピュータ科学）'.repeat(8),
        recipientName: 'محمد بن سلمان بن عبد العزيز آل سعود '.repeat(6),
        fields: Array.from({ length: 20 }, (_, index) => ({
          label: `항목 ${index + 1}`,
          value: '凝聚态物理学与量子材料的理论和计算研究'.repeat(10),
        })),
      }),
    );

    expectQpdfClean(file);
    expect(pageCount(file)).toBe(1);
    expect(extractText(file)).toContain('東京大学');
  });

  it.each(Object.entries(NAMES))(
    'prints a %s recipient name as extractable text',
    async (script, name) => {
      const file = await renderToFile(`name-${script}`, certificate({ recipientName: name }));

      expect(extractText(file)).toContain(normalize(name));
    },
  );

  it('prints the title, issuer, document id, field values, dates and URL, but no salt', async () => {
    const content = certificate();
    const text = extractText(await renderToFile('content', content));

    const expected = [
      content.title,
      content.issuerName,
      content.documentId,
      content.verificationUrl,
      '2026-06-30',
      '2031-06-30',
      ...content.fields.flatMap((field) => [field.label, field.value]),
      ...Object.values({ ...ENGLISH_CERTIFICATE_LABELS } as Record<string, string>),
    ];
    for (const snippet of expected) {
      expect(text).toContain(normalize(snippet));
    }
    // The record's salt is technical: it stays in the embedded record, not on the page.
    expect(text).not.toMatch(/\bSalt\b/);
  });

  it('formats dates as the UTC calendar day and omits "Valid until" without expiry', async () => {
    const content = certificate({ issuedAt: '2026-06-30T23:30:00-02:00', expiresAt: null });
    const text = extractText(await renderToFile('dates', content));

    expect(text).toContain('2026-07-01');
    expect(text).not.toContain(ENGLISH_CERTIFICATE_LABELS.validUntil);
  });

  it('uses the given labels', async () => {
    const text = extractText(
      await renderToFile('french', certificate({ labels: FRENCH_CERTIFICATE_LABELS })),
    );

    for (const label of Object.values({ ...FRENCH_CERTIFICATE_LABELS } as Record<string, string>)) {
      expect(text).toContain(normalize(label));
    }
  });

  it('keeps the recipient name out of the Info dictionary and XMP metadata', async () => {
    for (const [script, name] of Object.entries(NAMES)) {
      const file = await renderToFile(`info-${script}`, certificate({ recipientName: name }));
      const info = normalize(run('pdfinfo', [file]));
      const xmp = normalize(run('pdfinfo', ['-meta', file]));

      expect(info).not.toContain(normalize(name));
      expect(xmp).not.toContain(normalize(name));
      expect(info).toContain('Title: Master of Science in Physics');
      expect(info).toContain('Author: Université de Genève');
      expect(info).toContain('Creator: Certa');
    }
  });

  it('sets the creation date from activatedAt', async () => {
    const file = await renderToFile('creation-date', certificate());

    expect(run('pdfinfo', ['-isodates', file])).toMatch(/^CreationDate:\s+2026-07-01T08:15:00/mu);
  });

  it('escapes markup characters in the XMP metadata', async () => {
    const file = await renderToFile('xmp', certificate({ title: 'R&D <Level 2>' }));
    const xmp = run('pdfinfo', ['-meta', file]);

    expect(xmp).toContain('R&amp;D &lt;Level 2&gt;');
    expect(run('pdfinfo', [file])).toContain('R&D <Level 2>');
  });

  it('embeds and subsets every font, with a Unicode map', async () => {
    const file = await renderToFile('fonts', certificate({ recipientName: NAMES.greek }));
    const rows = run('pdffonts', [file]).trim().split('\n').slice(2);

    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatch(/DejaVuSans.*\byes\s+yes\s+yes\b/u);
    }
  });

  it('embeds a fallback font only for the scripts the content uses', async () => {
    const file = await renderToFile(
      'fallback-fonts',
      certificate({ recipientName: NAMES.korean, issuerName: 'جامعة القاهرة' }),
    );
    const rows = run('pdffonts', [file]).trim().split('\n').slice(2);
    const names = rows.map((row) => row.split(/\s+/u)[0] ?? '');

    expect(names.some((name) => /\+NotoSansKR-Bold$/u.test(name))).toBe(true);
    expect(names.some((name) => /\+NotoNaskhArabic-Bold$/u.test(name))).toBe(true);
    expect(names.some((name) => /NotoSans(Hans|JP)|Hebrew/u.test(name))).toBe(false);
    for (const row of rows) {
      expect(row).toMatch(/^[A-Z]{6}\+\S+\s.*\byes\s+yes\s+yes\b/u);
    }
  });

  it('is reproducible for equal content and differs when only the embedded record differs', async () => {
    const record = (salt: string): CertificateContent['attachments'] => [
      {
        name: 'certa-record.json',
        mimeType: 'application/json',
        content: new TextEncoder().encode(JSON.stringify({ salt })),
        relationship: 'Data',
        description: 'Signed record',
      },
    ];
    const first = await renderCertificatePdf(certificate({ attachments: record('first-salt') }));
    await renderCertificatePdf(certificate({ recipientName: NAMES.cyrillic }));
    const again = await renderCertificatePdf(certificate({ attachments: record('first-salt') }));
    const resalted = await renderCertificatePdf(
      certificate({ attachments: record('another-salt-value') }),
    );

    expect(sha256(again)).toBe(sha256(first));
    expect(sha256(resalted)).not.toBe(sha256(first));
  });

  it('rejects an invalid date with INVALID_INPUT, naming the field but not the value', async () => {
    const rendering = renderCertificatePdf(certificate({ expiresAt: 'not-a-date' }));

    await expect(rendering).rejects.toBeInstanceOf(AppError);
    await expect(rendering).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { field: 'expiresAt' },
    });
  });
});
