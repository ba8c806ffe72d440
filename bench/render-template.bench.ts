/**
 * Issue 3's target: what activation does to one document — render a one-page A4 designed
 * template (background, logo, five text fields, QR code, document id) to PDF/A-3b with the
 * signed record attached, then PAdES-sign it (B-B, the local CA's ECDSA P-256 key) — per
 * background kind: a vector PDF page (embedded as a Form XObject) and an RGBA PNG (PDFKit
 * splits its alpha channel on every render). Target: p50 ≤ 40 ms, file ≤ 100 KiB plus the
 * background. Pure CPU, no database.
 *
 *   npx tsx bench/render-template.bench.ts [samples]
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import PDFDocument from 'pdfkit';
import { dejaVuDirectory } from '../src/pdf/fonts.js';
import { embeddedRecordAttachment } from '../src/documents/embedded-record.js';
import { finishDocument, type PdfAttachment } from '../src/pdf/pdf-document.js';
import { DocumentSigner } from '../src/signing/document-signer.js';
import { loadOrCreateSigning } from '../src/signing/signing-store.js';
import { renderTemplatePdf } from '../src/pdf/template-renderer.js';
import type { RenderBackground, TemplateRenderInput } from '../src/pdf/template-renderer.js';
import { resolveTextStyle } from '../src/templates/render-template.js';
import { backgroundPng, logoPng } from '../test/integration/templates/images.js';
import { summarize, type Summary } from './stats.js';

export interface RenderTemplateRun {
  readonly background: 'pdf' | 'png';
  readonly backgroundBytes: number;
  /** Render with the signed record attached, then sign: the whole step (ms). */
  readonly renderAndSignMs: Summary;
  /** Of which rendering (with the record) alone (ms). */
  readonly renderMs: Summary;
  /** Of which PAdES signing alone (ms). */
  readonly signMs: Summary;
  /** The signed file. */
  readonly pdfBytes: number;
  readonly meetsTarget: boolean;
}

/** Issue 3's targets. */
export const RENDER_SIGN_TARGET_P50_MS = 40;
export const RENDER_SIGN_TARGET_KIB_PLUS_BACKGROUND = 100;

/** A signer as `npm start` creates it: a fresh local CA and signing certificate. */
function benchSigner(): DocumentSigner {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'certa-bench-signing-'));
  try {
    const { credentials } = loadOrCreateSigning(
      directory,
      randomBytes(32),
      { organisation: 'Certa benchmark', host: 'certa.example' },
      new Date(),
    );
    return new DocumentSigner(credentials);
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

/** The record activation attaches (the same builder, the same signer). */
function recordFor(signer: DocumentSigner): PdfAttachment {
  return embeddedRecordAttachment({
    record: {
      version: 1,
      documentId: 'q3Z0v9mXb1c2d3e4f5g6hA',
      issuerId: 'iss0v9mXb1c2d3e4f5g6hA',
      template: 'tpl0v9mXb1c2d3e4f5g6hA',
      title: 'Master of Science in Physics',
      recipient: { name: 'Zoë Ångström-Ñúñez', email: 'zoe@example.org' },
      fields: [{ label: 'Grade', value: 'Summa cum laude' }],
      issuedAt: '2026-06-30T10:00:00.000Z',
      expiresAt: null,
      salt: 'c2FsdHNhbHRzYWx0c2FsdHNhbHRzYWx0c2FsdHNhbHQ',
    },
    issuer: { publicId: 'iss0v9mXb1c2d3e4f5g6hA', name: 'Université de Démonstration' },
    activatedAt: '2026-07-01T08:15:00.000Z',
    publicUrl: 'https://certa.example',
    template: { templateId: 'tpl0v9mXb1c2d3e4f5g6hA', version: 3 },
    signer,
  });
}

async function artworkPdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: [842, 595], margin: 0 });
  doc.font(path.join(dejaVuDirectory(), 'DejaVuSerif.ttf'));
  doc.rect(20, 20, 802, 555).lineWidth(6).stroke('#8a6d1f');
  for (let ring = 0; ring < 40; ring++)
    doc
      .circle(421, 297, 20 + ring * 6)
      .lineWidth(0.5)
      .stroke('#d8c89a');
  doc
    .fontSize(12)
    .fillColor('#8a6d1f')
    .text('Faculty of Science', 0, 40, { width: 842, align: 'center' });
  return finishDocument(doc);
}

function page(background: RenderBackground, record: PdfAttachment): TemplateRenderInput {
  const text = (
    y: number,
    height: number,
    value: string,
    style: Parameters<typeof resolveTextStyle>[0],
  ) => ({
    kind: 'text' as const,
    box: { x: 80, y, width: 681.89, height },
    text: value,
    style: resolveTextStyle({ align: 'center', ...style }),
  });
  return {
    width: 841.89,
    height: 595.28,
    background,
    fonts: [],
    elements: [
      {
        kind: 'image',
        box: { x: 380.95, y: 40, width: 80, height: 80 },
        image: logoPng(),
        fit: 'contain',
      },
      text(130, 30, 'Université de Démonstration', { fontFamily: 'DejaVu Serif', size: 20 }),
      text(180, 26, 'This certifies that', { size: 16 }),
      text(215, 50, 'Zoë Ångström-Ñúñez', { fontFamily: 'DejaVu Serif', bold: true, size: 36 }),
      text(285, 30, 'has been awarded the Master of Science in Physics', { size: 18 }),
      text(330, 24, 'Grade: Summa cum laude — issued on 30 June 2026', { size: 14 }),
      {
        kind: 'qr',
        box: { x: 690, y: 430, width: 110, height: 110 },
        url: 'https://certa.example/verify/q3Z0v9mXb1c2d3e4f5g6hA',
        color: '#000000',
      },
      {
        kind: 'text',
        box: { x: 40, y: 530, width: 400, height: 16 },
        text: 'q3Z0v9mXb1c2d3e4f5g6hA',
        style: resolveTextStyle({ size: 9 }),
      },
    ],
    metadata: {
      title: 'Master of Science in Physics',
      author: 'Université de Démonstration',
      documentId: 'q3Z0v9mXb1c2d3e4f5g6hA',
      creationDate: new Date('2026-06-30T10:00:00Z'),
    },
    attachments: [record],
  };
}

export async function runRenderTemplateBenchmark(samples = 100): Promise<RenderTemplateRun[]> {
  const signer = benchSigner();
  const runs: RenderTemplateRun[] = [];
  const backgrounds: Array<['pdf' | 'png', RenderBackground]> = [
    ['pdf', { kind: 'pdf', bytes: await artworkPdf() }],
    ['png', { kind: 'image', bytes: backgroundPng() }],
  ];
  const signingTime = new Date('2026-07-01T08:15:00Z');
  for (const [kind, background] of backgrounds) {
    const input = page(background, recordFor(signer));
    for (let warm = 0; warm < 10; warm++)
      await signer.signPdf(await renderTemplatePdf(input), signingTime);
    const total: number[] = [];
    const render: number[] = [];
    const sign: number[] = [];
    let pdfBytes = 0;
    for (let sample = 0; sample < samples; sample++) {
      const start = performance.now();
      // The record is signed per document at activation, so it is part of each sample.
      const pdf = await renderTemplatePdf({ ...input, attachments: [recordFor(signer)] });
      const rendered = performance.now();
      const signed = await signer.signPdf(pdf, signingTime);
      const end = performance.now();
      total.push(end - start);
      render.push(rendered - start);
      sign.push(end - rendered);
      pdfBytes = signed.length;
    }
    const renderAndSignMs = summarize(total);
    runs.push({
      background: kind,
      backgroundBytes: background.bytes.length,
      renderAndSignMs,
      renderMs: summarize(render),
      signMs: summarize(sign),
      pdfBytes,
      meetsTarget:
        renderAndSignMs.p50 <= RENDER_SIGN_TARGET_P50_MS &&
        pdfBytes <= RENDER_SIGN_TARGET_KIB_PLUS_BACKGROUND * 1024 + background.bytes.length,
    });
  }
  return runs;
}

/** One line per run, for the console. */
export function renderTemplateLine(run: RenderTemplateRun): string {
  const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
  return (
    `${run.background} background (${kib(run.backgroundBytes)}): render + sign p50 ` +
    `${run.renderAndSignMs.p50.toFixed(1)} ms (render ${run.renderMs.p50.toFixed(1)}, sign ` +
    `${run.signMs.p50.toFixed(1)}), p90 ${run.renderAndSignMs.p90.toFixed(1)} ms; signed PDF ` +
    `${kib(run.pdfBytes)}`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const samples = Number(process.argv[2] ?? 100);
  for (const run of await runRenderTemplateBenchmark(samples)) console.log(renderTemplateLine(run));
}
