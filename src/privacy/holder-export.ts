import type { Readable } from 'node:stream';
import yazl from 'yazl';
import { proofOfDigest } from '../anchoring/digest-proof.js';
import type { AppContext } from '../context.js';
import { findDigestAnchors } from '../db/repositories/anchoring.repository.js';
import type { DocumentRow } from '../db/tables/documents.table.js';
import { readStoredPdf } from '../documents/activate-document.js';
import { holderData } from './holder-data.js';
import type { HolderData } from './holder-data.js';

/** One file of the export, named inside the ZIP. */
interface ExportFile {
  readonly name: string;
  readonly bytes: Buffer;
}

const README = `This archive holds everything Certa keeps about you for the documents listed in data.json:
- data.json: the record the issuer entered (name, e-mail, fields), the document's states and
  dates, your acceptances of the terms, the digests anchored on Bitcoin and the document's history;
- <id>.pdf: your signed PDF (activated documents only);
- <id>.pdf.ots and <id>.commitment.ots: OpenTimestamps proofs (check them with \`ots verify\`);
  a proof still waiting for its batch is not included yet (data.json says "queued").
`;

/** The files of one document: its PDF (when activated) and its ready proofs. */
async function filesOf(ctx: AppContext, row: DocumentRow, dek: Buffer): Promise<ExportFile[]> {
  const files: ExportFile[] = [];
  if (row.pdfFile !== null && row.pdfSha256 !== null)
    files.push({ name: `${row.publicId}.pdf`, bytes: await readStoredPdf(ctx, row, dek) });
  for (const anchor of await findDigestAnchors(ctx.db, row.id)) {
    const proof = proofOfDigest(anchor);
    if (proof === null) continue;
    const kind = anchor.kind === 'pdf' ? 'pdf' : 'commitment';
    files.push({ name: `${row.publicId}.${kind}.ots`, bytes: proof });
  }
  return files;
}

/**
 * The holder's export as a streamed ZIP (yazl): `data.json` (what {@link holderData} shows, for
 * each document), their PDFs and the `.ots` proofs — of exactly the documents given, whose DEKs
 * the holder's link (or confirmed request) opened; nobody else's. Everything is read and checked
 * before the first byte goes out, so a failure is an error answer, never a truncated archive.
 */
export async function holderExport(
  ctx: AppContext,
  documents: ReadonlyArray<{ row: DocumentRow; dek: Buffer }>,
): Promise<{ stream: Readable; fileName: string; data: HolderData[] }> {
  const data: HolderData[] = [];
  const files: ExportFile[] = [];
  for (const { row, dek } of documents) {
    data.push(await holderData(ctx, row, dek));
    files.push(...(await filesOf(ctx, row, dek)));
  }
  const zip = new yazl.ZipFile();
  const mtime = ctx.now();
  zip.addBuffer(Buffer.from(README, 'utf8'), 'README.txt', { mtime });
  zip.addBuffer(
    Buffer.from(
      `${JSON.stringify({ exportedAt: mtime.toISOString(), documents: data }, null, 2)}\n`,
      'utf8',
    ),
    'data.json',
    { mtime },
  );
  for (const file of files) zip.addBuffer(file.bytes, file.name, { mtime, compress: false });
  zip.end();
  const fileName =
    documents.length === 1 && documents[0] !== undefined
      ? `certa-${documents[0].row.publicId}.zip`
      : `certa-export-${mtime.toISOString().slice(0, 10)}.zip`;
  return { stream: zip.outputStream as Readable, fileName, data };
}
