/**
 * Issue 3's rendering figure: one A4 page from a designed template (background, logo, five
 * text fields, QR code, document id) rendered to PDF/A-3b, per background kind — a vector PDF
 * page (embedded as a Form XObject) and an RGBA PNG (PDFKit splits its alpha channel on every
 * render). Render only: signing is measured by the signing benchmark. Pure CPU, no database.
 *
 *   npx tsx bench/render-template.bench.ts [samples]
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import PDFDocument from 'pdfkit';
import { dejaVuDirectory } from '../src/pdf/fonts.js';
import { finishDocument } from '../src/pdf/pdf-document.js';
import { renderTemplatePdf } from '../src/pdf/template-renderer.js';
import type { RenderBackground, TemplateRenderInput } from '../src/pdf/template-renderer.js';
import { resolveTextStyle } from '../src/templates/render-template.js';
import { backgroundPng, logoPng } from '../test/integration/templates/images.js';
import { summarize, type Summary } from './stats.js';

export interface RenderTemplateRun {
  readonly background: 'pdf' | 'png';
  readonly backgroundBytes: number;
  readonly renderMs: Summary;
  readonly pdfBytes: number;
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

function page(background: RenderBackground): TemplateRenderInput {
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
  };
}

export async function runRenderTemplateBenchmark(samples = 100): Promise<RenderTemplateRun[]> {
  const runs: RenderTemplateRun[] = [];
  const backgrounds: Array<['pdf' | 'png', RenderBackground]> = [
    ['pdf', { kind: 'pdf', bytes: await artworkPdf() }],
    ['png', { kind: 'image', bytes: backgroundPng() }],
  ];
  for (const [kind, background] of backgrounds) {
    const input = page(background);
    for (let warm = 0; warm < 10; warm++) await renderTemplatePdf(input);
    const times: number[] = [];
    let pdfBytes = 0;
    for (let sample = 0; sample < samples; sample++) {
      const start = performance.now();
      const pdf = await renderTemplatePdf(input);
      times.push(performance.now() - start);
      pdfBytes = pdf.length;
    }
    runs.push({
      background: kind,
      backgroundBytes: background.bytes.length,
      renderMs: summarize(times),
      pdfBytes,
    });
  }
  return runs;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const samples = Number(process.argv[2] ?? 100);
  for (const run of await runRenderTemplateBenchmark(samples)) {
    console.log(
      `${run.background} background (${(run.backgroundBytes / 1024).toFixed(1)} KiB): render p50 ${run.renderMs.p50.toFixed(1)} ms, p90 ${run.renderMs.p90.toFixed(1)} ms; PDF ${(run.pdfBytes / 1024).toFixed(1)} KiB`,
    );
  }
}
