import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFRef,
  PDFString,
  decodePDFRawStream,
  type PDFObject,
} from 'pdf-lib';

/** One file embedded in a PDF, as a reader finds it. */
export interface PdfEmbeddedFile {
  /** `/UF` (Unicode) name, else `/F`. */
  readonly name: string;
  /** The embedded file stream's `/Subtype` (a MIME type), or null. */
  readonly mimeType: string | null;
  /** `/AFRelationship` of the file specification, or null. */
  readonly relationship: string | null;
  /** Whether the file specification is in the catalog's `/AF` array (a PDF/A-3 associated file). */
  readonly associated: boolean;
  /** The decoded (decompressed) content. */
  readonly content: Uint8Array;
}

/** Thrown when the bytes are not a PDF this reader can parse. */
export class PdfReadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PdfReadError';
  }
}

/** Deeper name trees than this are refused (a loop or a hostile file). */
const MAX_NAME_TREE_DEPTH = 32;
const MAX_FILES = 1000;

function text(value: PDFObject | undefined): string | null {
  if (value instanceof PDFString || value instanceof PDFHexString) return value.decodeText();
  return null;
}

function nameOf(value: PDFObject | undefined): string | null {
  return value instanceof PDFName ? value.decodeText() : null;
}

/**
 * The embedded files of `pdf`: those of the catalog's `/AF` array (PDF/A-3 associated files)
 * and of the `/Names /EmbeddedFiles` name tree, each file specification once. The file is
 * parsed with pdf-lib, which reads incremental updates (a later definition of an object wins,
 * as in a PDF reader) and cross-reference and object streams.
 */
export async function readEmbeddedFiles(pdf: Uint8Array): Promise<PdfEmbeddedFile[]> {
  try {
    return await readFiles(pdf);
  } catch (error) {
    // pdf-lib reports a broken structure (no catalog, bad name tree) with plain errors.
    if (error instanceof PdfReadError) throw error;
    throw new PdfReadError('The file cannot be read as a PDF.', { cause: error });
  }
}

async function readFiles(pdf: Uint8Array): Promise<PdfEmbeddedFile[]> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, {
      ignoreEncryption: true,
      updateMetadata: false,
      throwOnInvalidObject: true,
    });
  } catch (error) {
    throw new PdfReadError('The file cannot be read as a PDF.', { cause: error });
  }
  const { context, catalog } = doc;
  const specs: { ref: PDFRef | null; dict: PDFDict }[] = [];
  const seen = new Set<string>();
  const add = (value: PDFObject | undefined): void => {
    const ref = value instanceof PDFRef ? value : null;
    if (ref !== null) {
      if (seen.has(ref.tag)) return;
      seen.add(ref.tag);
    }
    const dict = context.lookup(value);
    if (dict instanceof PDFDict && specs.length < MAX_FILES) specs.push({ ref, dict });
  };

  const associated = new Set<string>();
  const af = context.lookup(catalog.get(PDFName.of('AF')));
  if (af instanceof PDFArray) {
    for (const item of af.asArray()) {
      if (item instanceof PDFRef) associated.add(item.tag);
      add(item);
    }
  }
  const names = context.lookup(catalog.get(PDFName.of('Names')));
  const tree =
    names instanceof PDFDict ? context.lookup(names.get(PDFName.of('EmbeddedFiles'))) : undefined;
  const walk = (node: PDFObject | undefined, depth: number): void => {
    if (!(node instanceof PDFDict) || depth > MAX_NAME_TREE_DEPTH) return;
    const leaves = context.lookup(node.get(PDFName.of('Names')));
    if (leaves instanceof PDFArray) {
      const items = leaves.asArray();
      for (let index = 1; index < items.length; index += 2) add(items[index]);
    }
    const kids = context.lookup(node.get(PDFName.of('Kids')));
    if (kids instanceof PDFArray) {
      for (const kid of kids.asArray()) walk(context.lookup(kid), depth + 1);
    }
  };
  walk(tree, 0);

  const files: PdfEmbeddedFile[] = [];
  for (const spec of specs) {
    const ef = context.lookup(spec.dict.get(PDFName.of('EF')));
    if (!(ef instanceof PDFDict)) continue;
    const stream = context.lookup(ef.get(PDFName.of('UF')) ?? ef.get(PDFName.of('F')));
    if (!(stream instanceof PDFRawStream)) continue;
    let content: Uint8Array;
    try {
      content = decodePDFRawStream(stream).decode();
    } catch (error) {
      throw new PdfReadError('An embedded file of the PDF cannot be decoded.', { cause: error });
    }
    files.push({
      name: text(spec.dict.get(PDFName.of('UF'))) ?? text(spec.dict.get(PDFName.of('F'))) ?? '',
      mimeType: nameOf(stream.dict.get(PDFName.of('Subtype'))),
      relationship: nameOf(spec.dict.get(PDFName.of('AFRelationship'))),
      associated: spec.ref !== null && associated.has(spec.ref.tag),
      content,
    });
  }
  return files;
}
