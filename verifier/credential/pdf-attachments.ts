import {
  objectReader,
  PdfSyntaxError,
  readCrossReference,
  resolve,
  type CrossReference,
  type PdfValue,
} from '../pdf-signature/pdf-syntax.js';
import { fromHex, inflate } from '../common/bytes.js';

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

const MAX_NAME_TREE_DEPTH = 32;
const MAX_FILES = 1000;

/** A name with its `#xx` escapes decoded. */
function nameText(value: PdfValue | undefined): string | null {
  if (value?.kind !== 'name') return null;
  return value.value.replace(/#([0-9a-fA-F]{2})/g, (_match, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

/** The bytes of a literal `(…)` or hex `<…>` string. */
function stringBytes(value: PdfValue | undefined): Uint8Array | null {
  if (value?.kind !== 'raw') return null;
  const { text } = value;
  if (text.startsWith('<')) {
    const hex = text.slice(1, -1).replace(/\s+/g, '');
    try {
      return fromHex(hex.length % 2 === 0 ? hex : `${hex}0`);
    } catch {
      return null;
    }
  }
  if (!text.startsWith('(')) return null;
  const body = text.slice(1, -1);
  const out: number[] = [];
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index]!;
    if (char !== '\\') {
      out.push(body.charCodeAt(index));
      continue;
    }
    const next = body[index + 1] ?? '';
    index += 1;
    if (next in ESCAPES) out.push(ESCAPES[next]!.charCodeAt(0));
    else if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(body.slice(index))![0];
      out.push(Number.parseInt(octal, 8) & 0xff);
      index += octal.length - 1;
    } else if (next === '\r') {
      if (body[index + 1] === '\n') index += 1;
    } else if (next !== '\n') out.push(body.charCodeAt(index));
  }
  return Uint8Array.from(out);
}

/** A PDF text string: UTF-16BE with its byte-order mark, UTF-8 with its, else PDFDocEncoding (as latin1). */
export function pdfText(value: PdfValue | undefined): string | null {
  const bytes = stringBytes(value);
  if (bytes === null) return null;
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  return String.fromCharCode(...bytes);
}

/** An indirect stream object: its dictionary and its decoded data. */
async function readStream(
  pdf: Uint8Array,
  xref: CrossReference,
  objectNumber: number,
): Promise<{ dict: Map<string, PdfValue>; data: Uint8Array }> {
  const reader = objectReader(pdf, xref, objectNumber);
  const dict = reader.readValue();
  if (dict.kind !== 'dict') throw new PdfSyntaxError(`object ${objectNumber} is not a stream`);
  if (reader.readToken() !== 'stream')
    throw new PdfSyntaxError(`object ${objectNumber} is not a stream`);
  let start = reader.pos;
  if (reader.text[start] === '\r') start += 1;
  if (reader.text[start] === '\n') start += 1;
  const lengthValue = dict.entries.get('Length');
  const length = lengthValue === undefined ? undefined : resolve(pdf, xref, lengthValue);
  const count = length?.kind === 'number' ? Number(length.text) : NaN;
  if (!Number.isSafeInteger(count) || count < 0 || start + count > pdf.length)
    throw new PdfSyntaxError(`object ${objectNumber} has a bad stream length`);
  const raw = pdf.subarray(start, start + count);
  const filterValue = dict.entries.get('Filter');
  const filter = filterValue === undefined ? undefined : resolve(pdf, xref, filterValue);
  const filters =
    filter === undefined
      ? []
      : filter.kind === 'array'
        ? filter.items.map((item) => nameText(item))
        : [nameText(filter)];
  let data: Uint8Array = raw;
  for (const name of filters) {
    if (name !== 'FlateDecode')
      throw new PdfSyntaxError(`object ${objectNumber} uses an unsupported filter`);
    try {
      data = await inflate(data, 'deflate');
    } catch {
      throw new PdfSyntaxError(`object ${objectNumber} does not inflate`);
    }
  }
  return { dict: dict.entries, data };
}

/**
 * The embedded files of `pdf` — those of the catalog's `/AF` array and of the `/Names
 * /EmbeddedFiles` name tree, each file specification once — read with the verifier's own small
 * PDF reader (classic cross-reference tables, as Certa writes them; incremental updates
 * honoured: the last definition of an object wins), so no PDF library goes into the browser
 * bundle. Streams are inflated with the platform's DecompressionStream. Throws
 * {@link PdfReadError} when the structure cannot be read.
 */
export async function readEmbeddedFiles(pdf: Uint8Array): Promise<PdfEmbeddedFile[]> {
  try {
    return await readFiles(pdf);
  } catch (error) {
    if (error instanceof PdfReadError) throw error;
    throw new PdfReadError('The file cannot be read as a PDF.', { cause: error });
  }
}

async function readFiles(pdf: Uint8Array): Promise<PdfEmbeddedFile[]> {
  const xref = readCrossReference(pdf);
  const lookup = (value: PdfValue | undefined): PdfValue | undefined =>
    value === undefined ? undefined : resolve(pdf, xref, value);
  const root = lookup(xref.trailer.get('Root'));
  if (root?.kind !== 'dict') throw new PdfSyntaxError('no catalog');
  const specs: { ref: number | null; dict: Map<string, PdfValue> }[] = [];
  const seen = new Set<number>();
  const add = (value: PdfValue | undefined): void => {
    if (value === undefined) return;
    const ref = value.kind === 'ref' ? value.num : null;
    if (ref !== null) {
      if (seen.has(ref)) return;
      seen.add(ref);
    }
    const dict = lookup(value);
    if (dict?.kind === 'dict' && specs.length < MAX_FILES) specs.push({ ref, dict: dict.entries });
  };
  const associated = new Set<number>();
  const af = lookup(root.entries.get('AF'));
  if (af?.kind === 'array')
    for (const item of af.items) {
      if (item.kind === 'ref') associated.add(item.num);
      add(item);
    }
  const names = lookup(root.entries.get('Names'));
  const tree = names?.kind === 'dict' ? lookup(names.entries.get('EmbeddedFiles')) : undefined;
  const walk = (node: PdfValue | undefined, depth: number): void => {
    if (node?.kind !== 'dict' || depth > MAX_NAME_TREE_DEPTH) return;
    const leaves = lookup(node.entries.get('Names'));
    if (leaves?.kind === 'array')
      for (let index = 1; index < leaves.items.length; index += 2) add(leaves.items[index]);
    const kids = lookup(node.entries.get('Kids'));
    if (kids?.kind === 'array') for (const kid of kids.items) walk(lookup(kid), depth + 1);
  };
  walk(tree, 0);

  const files: PdfEmbeddedFile[] = [];
  for (const spec of specs) {
    const ef = lookup(spec.dict.get('EF'));
    if (ef?.kind !== 'dict') continue;
    const streamRef = ef.entries.get('UF') ?? ef.entries.get('F');
    if (streamRef?.kind !== 'ref') continue;
    const stream = await readStream(pdf, xref, streamRef.num);
    files.push({
      name: pdfText(spec.dict.get('UF')) ?? pdfText(spec.dict.get('F')) ?? '',
      mimeType: nameText(stream.dict.get('Subtype')),
      relationship: nameText(spec.dict.get('AFRelationship')),
      associated: spec.ref !== null && associated.has(spec.ref),
      content: stream.data,
    });
  }
  return files;
}
