import { createHash } from 'node:crypto';
import {
  PDFArray,
  PDFBool,
  PDFDict,
  PDFDocument as PdfLibDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
  decodePDFRawStream,
} from 'pdf-lib';
import type { PDFObject } from 'pdf-lib';
import { AppError, ERROR_CODES } from '../errors.js';

/*
 * PDFKit cannot import pages of another PDF. A background PDF page is therefore read once with
 * pdf-lib into a neutral tree (below), and written into each PDFKit document as a Form XObject:
 * the page's content streams become the form's content, its resources (fonts, images, patterns,
 * nested forms — every object reachable from them) are copied object by object, so the artwork
 * stays vector and its fonts stay embedded.
 */

/** A PDF object with its references left as object numbers of the source file. */
type Node =
  | { readonly t: 'name'; readonly v: string }
  | { readonly t: 'bytes'; readonly v: Buffer }
  | { readonly t: 'ref'; readonly v: string }
  | { readonly t: 'dict'; readonly v: ReadonlyMap<string, Node> }
  | readonly Node[]
  | number
  | boolean
  | null;

interface SourceObject {
  readonly dict: ReadonlyMap<string, Node> | null;
  /** A non-stream object's value (when `dict` is null). */
  readonly value: Node;
  /** The stream's bytes as stored (still encoded, `Filter` kept). */
  readonly stream: Buffer | null;
}

/** The first page of an uploaded PDF, ready to be embedded into any number of documents. */
export interface PdfPageSource {
  /** Page size in points (its crop box). */
  readonly width: number;
  readonly height: number;
  readonly bbox: readonly [number, number, number, number];
  readonly content: Buffer;
  readonly resources: ReadonlyMap<string, Node>;
  readonly group: Node | undefined;
  readonly objects: ReadonlyMap<string, SourceObject>;
}

/** Objects copied from one background, at most; more means something odd, not artwork. */
const MAX_OBJECTS = 20000;

function invalid(message: string, cause?: unknown): AppError {
  return new AppError(ERROR_CODES.INVALID_INPUT, message, cause === undefined ? {} : { cause });
}

class TreeReader {
  readonly objects = new Map<string, SourceObject>();
  readonly #pending: PDFRef[] = [];

  constructor(private readonly source: PdfLibDocument) {}

  node(object: PDFObject | undefined): Node {
    if (object === undefined) return null;
    if (object instanceof PDFRef) {
      const key = object.tag;
      if (!this.objects.has(key) && !this.#pending.some((ref) => ref.tag === key))
        this.#pending.push(object);
      return { t: 'ref', v: key };
    }
    if (object instanceof PDFName) return { t: 'name', v: object.asString().slice(1) };
    if (object instanceof PDFString || object instanceof PDFHexString)
      return { t: 'bytes', v: Buffer.from(object.asBytes()) };
    if (object instanceof PDFNumber) return object.asNumber();
    if (object instanceof PDFBool) return object.asBoolean();
    if (object instanceof PDFArray) return object.asArray().map((item) => this.node(item));
    if (object instanceof PDFDict) return { t: 'dict', v: this.dict(object) };
    if (object instanceof PDFStream)
      throw invalid('The background PDF has a stream where a value belongs; it cannot be used.');
    return null;
  }

  dict(dict: PDFDict): Map<string, Node> {
    const entries = new Map<string, Node>();
    for (const [key, value] of dict.entries()) {
      const name = key.asString().slice(1);
      if (name === 'Length') continue;
      entries.set(name, this.node(value));
    }
    return entries;
  }

  /** Reads every object reachable from what was read so far. */
  drain(): void {
    for (let ref = this.#pending.pop(); ref !== undefined; ref = this.#pending.pop()) {
      if (this.objects.size >= MAX_OBJECTS)
        throw invalid('The background PDF is too complex to embed; flatten or simplify it.');
      const object = this.source.context.lookup(ref);
      if (object instanceof PDFRawStream) {
        this.objects.set(ref.tag, {
          dict: this.dict(object.dict),
          value: null,
          stream: Buffer.from(object.contents),
        });
      } else if (object instanceof PDFStream) {
        throw invalid('The background PDF uses a stream kind that cannot be copied.');
      } else {
        this.objects.set(ref.tag, { dict: null, value: this.node(object), stream: null });
      }
    }
  }
}

function decodedContent(source: PdfLibDocument, contents: PDFObject | undefined): Buffer {
  const streams: PDFObject[] = [];
  const resolved = contents instanceof PDFRef ? source.context.lookup(contents) : contents;
  if (resolved instanceof PDFArray) {
    for (const item of resolved.asArray()) streams.push(source.context.lookup(item) ?? item);
  } else if (resolved !== undefined) {
    streams.push(resolved);
  }
  const parts: Buffer[] = [];
  for (const stream of streams) {
    if (!(stream instanceof PDFRawStream))
      throw invalid('The background PDF page has a content stream that cannot be read.');
    parts.push(Buffer.from(decodePDFRawStream(stream).decode()), Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

type Dict = ReadonlyMap<string, Node>;

function isTagged(node: Node): node is Exclude<Node, readonly Node[] | number | boolean | null> {
  return node !== null && typeof node === 'object' && !Array.isArray(node);
}

/**
 * A font the page uses without embedding it (PDF/A requires every font embedded), by name;
 * null when all are embedded. Type 3 fonts are drawn by the file itself; composite (Type 0)
 * fonts are judged by their descendant, which is a font dictionary of its own.
 */
function unembeddedFont(
  objects: ReadonlyMap<string, SourceObject>,
  roots: readonly Node[],
): string | null {
  const resolve = (node: Node | undefined): Dict | null => {
    if (node === undefined || !isTagged(node)) return null;
    if (node.t === 'dict') return node.v;
    if (node.t !== 'ref') return null;
    const target = objects.get(node.v);
    if (target === undefined) return null;
    return (
      target.dict ?? (isTagged(target.value) && target.value.t === 'dict' ? target.value.v : null)
    );
  };
  const nameOf = (node: Node | undefined): string | null =>
    node !== undefined && isTagged(node) && node.t === 'name' ? node.v : null;
  const dicts: Dict[] = [];
  const collect = (node: Node): void => {
    if (Array.isArray(node)) (node as readonly Node[]).forEach(collect);
    else if (isTagged(node) && node.t === 'dict') {
      dicts.push(node.v);
      for (const value of node.v.values()) collect(value);
    }
  };
  roots.forEach(collect);
  for (const object of objects.values()) {
    if (object.dict !== null) collect({ t: 'dict', v: object.dict });
    else collect(object.value);
  }
  for (const dict of dicts) {
    if (nameOf(dict.get('Type')) !== 'Font') continue;
    const subtype = nameOf(dict.get('Subtype'));
    if (subtype === 'Type3' || subtype === 'Type0') continue;
    const descriptor = resolve(dict.get('FontDescriptor'));
    const embedded =
      descriptor !== null &&
      (descriptor.has('FontFile') || descriptor.has('FontFile2') || descriptor.has('FontFile3'));
    if (!embedded) return nameOf(dict.get('BaseFont')) ?? 'unnamed';
  }
  return null;
}

/**
 * Reads the first page of a PDF. Throws INVALID_INPUT with one clear sentence when the bytes
 * are not a readable PDF, are encrypted, have no page, or the page cannot be embedded.
 */
export async function readPdfPage(bytes: Uint8Array): Promise<PdfPageSource> {
  let source: PdfLibDocument;
  try {
    source = await PdfLibDocument.load(bytes, {
      updateMetadata: false,
      throwOnInvalidObject: true,
    });
    if (source.getPageCount() < 1) throw invalid('The PDF has no page.');
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof Error && error.name === 'EncryptedPDFError')
      throw invalid('The PDF is encrypted; upload an unprotected copy.', error);
    throw invalid('The file is not a readable PDF.', error);
  }
  try {
    const page = source.getPage(0);
    if (page.getRotation().angle % 360 !== 0)
      throw invalid('The first page of the PDF is rotated; export it without rotation.');
    const crop = page.getCropBox();
    if (!(crop.width > 0 && crop.height > 0)) throw invalid('The first page of the PDF is empty.');
    const reader = new TreeReader(source);
    const resourcesObject = page.node.getInheritableAttribute(PDFName.of('Resources'));
    const resourcesNode = reader.node(resourcesObject);
    const group = page.node.get(PDFName.of('Group'));
    const groupNode = group === undefined ? undefined : reader.node(group);
    const content = decodedContent(source, page.node.get(PDFName.of('Contents')));
    reader.drain();
    let resources: ReadonlyMap<string, Node> = new Map();
    if (resourcesNode !== null && typeof resourcesNode === 'object' && 't' in resourcesNode) {
      if (resourcesNode.t === 'dict') resources = resourcesNode.v;
      else if (resourcesNode.t === 'ref') {
        const target = reader.objects.get(resourcesNode.v)?.value;
        if (target !== null && typeof target === 'object' && 't' in target && target.t === 'dict')
          resources = target.v;
      }
    }
    const missing = unembeddedFont(reader.objects, [resourcesNode]);
    if (missing !== null)
      throw invalid(
        `The PDF uses the font '${missing.slice(0, 60)}' without embedding it; export it with fonts embedded.`,
      );
    return {
      width: crop.width,
      height: crop.height,
      bbox: [crop.x, crop.y, crop.x + crop.width, crop.y + crop.height],
      content,
      resources,
      group: groupNode,
      objects: reader.objects,
    };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw invalid('The first page of the PDF cannot be read.', error);
  }
}

/** Parsed backgrounds by the SHA-256 of their bytes: a template renders many documents. */
const CACHE_LIMIT = 16;
const cache = new Map<string, Promise<PdfPageSource>>();

/** `readPdfPage`, remembered for the last few backgrounds. */
export function readPdfPageCached(bytes: Uint8Array): Promise<PdfPageSource> {
  const digest = createHash('sha256').update(bytes).digest('hex');
  let page = cache.get(digest);
  if (page === undefined) {
    page = readPdfPage(bytes);
    cache.set(digest, page);
    page.catch(() => cache.delete(digest));
    if (cache.size > CACHE_LIMIT) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
  }
  return page;
}

/** What PDFKit's object writer accepts (see PDFObject.convert in pdfkit). */
type PdfKitValue =
  | string
  | number
  | boolean
  | null
  | Buffer
  | PDFKit.PDFKitReference
  | PdfKitValue[]
  | { [key: string]: PdfKitValue };

type PdfKitRef = PDFKit.PDFKitReference;

function newRef(doc: PDFKit.PDFDocument, data: Record<string, PdfKitValue>): PdfKitRef {
  return doc.ref(data);
}

/** Sets what PDFKit writes for `ref` (its typings narrow `data` to page resources). */
function setData(ref: PdfKitRef, data: PdfKitValue): void {
  (ref as unknown as { data: PdfKitValue }).data = data;
}

/** Writes a page's objects into one PDFKit document, each at most once. */
class TreeWriter {
  readonly #refs = new Map<string, PdfKitRef>();

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly page: PdfPageSource,
  ) {}

  value(node: Node): PdfKitValue {
    if (node === null || typeof node === 'number' || typeof node === 'boolean') return node;
    if (Array.isArray(node)) return node.map((item: Node) => this.value(item));
    const tagged = node as Exclude<Node, readonly Node[] | number | boolean | null>;
    switch (tagged.t) {
      case 'name':
        return tagged.v;
      case 'bytes':
        return tagged.v;
      case 'dict':
        return this.dict(tagged.v);
      case 'ref':
        return this.ref(tagged.v);
    }
  }

  dict(entries: ReadonlyMap<string, Node>): Record<string, PdfKitValue> {
    const out: Record<string, PdfKitValue> = {};
    for (const [key, value] of entries) out[key] = this.value(value);
    return out;
  }

  ref(key: string): PdfKitValue {
    const existing = this.#refs.get(key);
    if (existing !== undefined) return existing;
    const object = this.page.objects.get(key);
    if (object === undefined) return null;
    // Created before its contents are converted, so cycles (e.g. /Parent) end at this ref.
    const ref = newRef(this.doc, {});
    this.#refs.set(key, ref);
    if (object.dict !== null) {
      const data = this.dict(object.dict);
      setData(ref, data);
      // Stored bytes are copied as they are: deflate only what the source left unfiltered.
      ref.compress = this.doc.compress && data.Filter === undefined;
    } else {
      // A referenced non-dictionary (e.g. an array or number): PDFKit writes `data` as given.
      setData(ref, this.value(object.value));
      ref.compress = false;
    }
    if (object.stream !== null && object.stream.length > 0) ref.write(object.stream);
    else if (object.stream !== null) {
      // PDFKit writes an empty stream as a bare dictionary; one space keeps it a stream.
      const data = ref.data as unknown as Record<string, PdfKitValue>;
      delete data.Filter;
      delete data.DecodeParms;
      ref.compress = false;
      ref.write(Buffer.from(' '));
    }
    ref.end(undefined);
    return ref;
  }
}

/** Forms drawn per document, for unique XObject names that do not depend on other documents. */
const formCounts = new WeakMap<PDFKit.PDFDocument, number>();

/**
 * Draws `page` as a Form XObject stretched over the rectangle (x, y, width, height) of the
 * current PDFKit page (top-left origin, points). The objects are written into `doc` on each
 * call; call it once per document.
 */
export function drawPdfPage(
  doc: PDFKit.PDFDocument,
  page: PdfPageSource,
  area: { x: number; y: number; width: number; height: number },
): void {
  const writer = new TreeWriter(doc, page);
  const formData: Record<string, PdfKitValue> = {
    Type: 'XObject',
    Subtype: 'Form',
    FormType: 1,
    BBox: [...page.bbox],
    Resources: writer.dict(page.resources),
  };
  if (page.group !== undefined) formData.Group = writer.value(page.group);
  const form = newRef(doc, formData);
  form.end(page.content);
  const count = (formCounts.get(doc) ?? 0) + 1;
  formCounts.set(doc, count);
  const name = `CertaPage${count}`;
  const xobjects = (doc.page as unknown as { xobjects: Record<string, PDFKit.PDFKitReference> })
    .xobjects;
  xobjects[name] = form;
  const [x0, y0, x1, y1] = page.bbox;
  const scaleX = area.width / (x1 - x0);
  const scaleY = area.height / (y1 - y0);
  doc.save();
  // Back to PDF's bottom-left origin for the area, then the form's own space onto it.
  doc.transform(1, 0, 0, -1, area.x, area.y + area.height);
  doc.transform(scaleX, 0, 0, scaleY, -x0 * scaleX, -y0 * scaleY);
  doc.addContent(`/${name} Do`);
  doc.restore();
}
