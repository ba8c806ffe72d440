import { PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';

/**
 * For tamper tests: appends an incremental update to `pdf` that redefines the stream of the
 * embedded file named `fileName` with `content` (uncompressed), the way an editor re-attaching
 * a changed file would. The original bytes stay as they are, so the digest changes only by the
 * appended part.
 */
export async function replaceEmbeddedFile(
  pdf: Buffer,
  fileName: string,
  content: Buffer,
): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: true });
  const { context } = doc;
  let streamRef: PDFRef | undefined;
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    const name = object.get(PDFName.of('UF')) ?? object.get(PDFName.of('F'));
    const ef = object.lookupMaybe(PDFName.of('EF'), PDFDict);
    if (ef === undefined || name === undefined) continue;
    if (!name.toString().includes(fileName)) continue;
    const candidate = ef.get(PDFName.of('F'));
    if (candidate instanceof PDFRef) streamRef = candidate;
    void ref;
  }
  if (streamRef === undefined) throw new Error(`No embedded file named ${fileName}.`);
  const text = pdf.toString('latin1');
  const previous = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  if (previous === null) throw new Error('No startxref at the end of the PDF.');
  const root = context.trailerInfo.Root;
  const info = context.trailerInfo.Info;
  const id = context.trailerInfo.ID;
  const start = pdf.length + 1;
  const object = Buffer.concat([
    Buffer.from(
      `\n${streamRef.objectNumber} ${streamRef.generationNumber} obj\n<< /Type /EmbeddedFile /Subtype /application#2Fjson /Length ${content.length} >>\nstream\n`,
      'latin1',
    ),
    content,
    Buffer.from('\nendstream\nendobj\n', 'latin1'),
  ]);
  const xrefAt = pdf.length + object.length;
  const offset = String(start).padStart(10, '0');
  const trailer = [
    'xref',
    '0 1',
    '0000000000 65535 f ',
    `${streamRef.objectNumber} 1`,
    `${offset} ${String(streamRef.generationNumber).padStart(5, '0')} n `,
    'trailer',
    `<< /Size ${context.largestObjectNumber + 1} /Root ${String(root)}${info === undefined ? '' : ` /Info ${String(info)}`}${id === undefined ? '' : ` /ID ${String(id)}`} /Prev ${previous[1]} >>`,
    'startxref',
    String(xrefAt),
    '%%EOF',
    '',
  ].join('\n');
  return Buffer.concat([pdf, object, Buffer.from(trailer, 'latin1')]);
}
