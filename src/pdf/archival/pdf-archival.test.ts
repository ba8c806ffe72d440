import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { createPdfDocument, finishDocument, type PdfAttachment } from '../pdf-document.js';
import { fileIdentifier } from './file-identifier.js';

const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certa-pdfa-'));
afterAll(() => fs.rmSync(outputDir, { recursive: true, force: true }));

const CREATED = new Date('2026-07-01T08:15:00.000Z');
const RECORD: PdfAttachment = {
  name: 'certa-credential.json',
  mimeType: 'application/json',
  content: Buffer.from('{"documentId":"q3Z0v9mXb1c2d3e4f5g6hA","title":"Zoë"}', 'utf8'),
  relationship: 'Data',
  description: 'Signed machine-readable record of this document',
};

async function render(
  overrides: {
    title?: string;
    author?: string;
    documentId?: string;
    attachments?: PdfAttachment[];
  } = {},
  size: { width: number; height: number } = { width: 595.28, height: 841.89 },
): Promise<{ pdf: Buffer; file: string }> {
  const doc = createPdfDocument({
    ...size,
    metadata: {
      title: overrides.title ?? 'Master of Science',
      author: overrides.author ?? 'R&D <Institute> "Ω"',
      documentId: overrides.documentId ?? 'q3Z0v9mXb1c2d3e4f5g6hA',
      creationDate: CREATED,
    },
    attachments: overrides.attachments ?? [RECORD],
  });
  doc.font('regular').fontSize(14).text('Ångström — Дмитрий', 72, 72);
  doc.rect(72, 120, 100, 40).fillColor('#1f3a5f').fill();
  const pdf = await finishDocument(doc);
  const file = path.join(outputDir, `${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  return { pdf, file };
}

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8' });
}

function showObject(file: string, object: string): string {
  return run('qpdf', [`--show-object=${object}`, file]);
}

function catalogOf(file: string): string {
  const root = /\/Root (\d+) 0 R/.exec(showObject(file, 'trailer'))?.[1];
  if (root === undefined) throw new Error('no /Root in the trailer');
  return showObject(file, root);
}

describe('PDF/A-3b documents', () => {
  it('pass qpdf --check with no warnings (exit 0) and embed every font', async () => {
    const { file } = await render();
    const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.stdout).toContain('No syntax or stream encoding errors found');
    expect(check.status).toBe(0);
    const fonts = run('pdffonts', [file]).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/\byes\s+yes\s+yes\b/); // emb sub uni
  });

  it('carry XMP with the PDF/A-3B identification, title, issuer, dates, producer and document id', async () => {
    const { file } = await render();
    const xmp = run('pdfinfo', ['-meta', file]);
    expect(xmp).toMatch(/<pdfaid:part>3<\/pdfaid:part>/);
    expect(xmp).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
    expect(xmp).toContain('<rdf:li xml:lang="x-default">Master of Science</rdf:li>');
    expect(xmp).toContain('<rdf:li>R&amp;D &lt;Institute&gt; &quot;Ω&quot;</rdf:li>');
    expect(xmp).toContain('<xmp:CreateDate>2026-07-01T08:15:00Z</xmp:CreateDate>');
    expect(xmp).toContain('<xmp:ModifyDate>2026-07-01T08:15:00Z</xmp:ModifyDate>');
    expect(xmp).toContain('<pdf:Producer>Certa (PDFKit)</pdf:Producer>');
    expect(xmp).toContain('<certa:documentId>q3Z0v9mXb1c2d3e4f5g6hA</certa:documentId>');
    // The extension schema that makes certa:documentId a declared property for PDF/A.
    expect(xmp).toContain('<pdfaSchema:namespaceURI>urn:certa:xmp:1.0:</pdfaSchema:namespaceURI>');
    expect(xmp).toContain('<pdfaSchema:prefix>certa</pdfaSchema:prefix>');
    expect(xmp).toContain('<pdfaProperty:name>documentId</pdfaProperty:name>');
    expect(xmp.trimStart().startsWith('<?xpacket begin=')).toBe(true);
    const info = run('pdfinfo', [file]);
    expect(info).toMatch(/Title:\s+Master of Science/);
    expect(info).toMatch(/Author:\s+R&D <Institute> "Ω"/);
    expect(info).toMatch(/Producer:\s+Certa \(PDFKit\)/);
  });

  it('leave certa:documentId out when there is no document yet (previews)', async () => {
    const doc = createPdfDocument({
      width: 300,
      height: 200,
      metadata: { title: 'Preview', author: 'Issuer', creationDate: CREATED },
    });
    const file = path.join(outputDir, 'preview.pdf');
    fs.writeFileSync(file, await finishDocument(doc));
    expect(spawnSync('qpdf', ['--check', file]).status).toBe(0);
    const xmp = run('pdfinfo', ['-meta', file]);
    expect(xmp).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(xmp).not.toContain('certa:documentId');
    expect(run('pdfinfo', [file])).toMatch(/Page size:\s+300 x 200 pts/);
  });

  it('have an sRGB output intent, /AF in the catalog and a trailer /ID from the metadata', async () => {
    const { file } = await render();
    const catalog = catalogOf(file);
    expect(catalog).toMatch(/\/AF \[ \d+ 0 R \]/);
    expect(catalog).toMatch(/\/Metadata \d+ 0 R/);
    const intent = /\/OutputIntents \[ (\d+) 0 R \]/.exec(catalog)?.[1] ?? '';
    const intentObject = showObject(file, intent);
    expect(intentObject).toContain('/S /GTS_PDFA1');
    expect(intentObject).toContain('/OutputConditionIdentifier (sRGB IEC61966-2.1)');
    const profile = /\/DestOutputProfile (\d+) 0 R/.exec(intentObject)?.[1] ?? '';
    expect(showObject(file, profile)).toContain('/N 3');

    const id = fileIdentifier({
      documentId: 'q3Z0v9mXb1c2d3e4f5g6hA',
      title: 'Master of Science',
      author: 'R&D <Institute> "Ω"',
      creationDate: CREATED,
    }).toString('hex');
    expect(showObject(file, 'trailer')).toContain(`/ID [ <${id}> <${id}> ]`);
    const other = await render({ documentId: 'AAAAAAAAAAAAAAAAAAAAAA' });
    expect(showObject(other.file, 'trailer')).not.toContain(id);
  });

  it('attach the record as an associated file (Data, application/json) that pdfdetach extracts byte for byte', async () => {
    const { file } = await render();
    expect(run('pdfdetach', ['-list', file])).toContain('1: certa-credential.json');
    const saved = path.join(outputDir, 'saved.json');
    run('pdfdetach', ['-save', '1', '-o', saved, file]);
    expect(fs.readFileSync(saved).equals(Buffer.from(RECORD.content))).toBe(true);

    const spec = /\/AF \[ (\d+) 0 R \]/.exec(catalogOf(file))?.[1] ?? '';
    const filespec = showObject(file, spec);
    expect(filespec).toContain('/AFRelationship /Data');
    expect(filespec).toContain('/F (certa-credential.json)');
    expect(filespec).toContain('/UF (certa-credential.json)');
    const stream = showObject(file, /\/EF << \/F (\d+) 0 R >>/.exec(filespec)?.[1] ?? '');
    expect(stream).toContain('/Subtype /application#2fjson');
    expect(stream).toContain('/ModDate (D:20260701081500Z)');
  });

  it('is reproducible: equal inputs give equal bytes', async () => {
    const first = await render();
    const second = await render();
    expect(first.pdf.equals(second.pdf)).toBe(true);
  });

  it('refuses an attachment name that is not a plain file name, or given twice', () => {
    const make = (attachments: PdfAttachment[]) => () =>
      createPdfDocument({
        width: 100,
        height: 100,
        metadata: { title: 't', author: 'a', creationDate: CREATED },
        attachments,
      });
    expect(make([{ ...RECORD, name: '../x.json' }])).toThrow(/not a unique plain file name/);
    expect(make([RECORD, RECORD])).toThrow(/not a unique plain file name/);
  });
});
