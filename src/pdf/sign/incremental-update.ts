import {
  PdfSyntaxError,
  asDict,
  dict,
  name,
  num,
  raw,
  readCrossReference,
  readObject,
  ref,
  resolve,
  serialize,
} from '../../../verifier/pdf-signature/pdf-syntax.js';
import type { CrossReference, PdfValue } from '../../../verifier/pdf-signature/pdf-syntax.js';

export { signedBytes } from '../../../verifier/pdf-signature/pdf-syntax.js';

/** The PDF with a signature dictionary appended, waiting for its CMS in `/Contents`. */
export interface PreparedSignature {
  readonly bytes: Buffer;
  /** `[0, a, b, c]`: the signed bytes are `[0, a)` and `[b, b + c)`; `[a, b)` is `<hex…>`. */
  readonly byteRange: readonly [number, number, number, number];
}

export interface SignatureUpdateOptions {
  /** Bytes reserved for the DER CMS (written as twice as many hex digits). */
  readonly contentsLength: number;
  /** The claimed signing time, written as the signature dictionary's `/M`. */
  readonly signingTime: Date;
  /** DER certificates for a Document Security Store (PAdES B-LT); none: no DSS. */
  readonly dssCertificates?: readonly Uint8Array[];
}

const BYTE_RANGE_WIDTH = 40;

function pdfDate(date: Date): string {
  const iso = date.toISOString();
  return `D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

function firstPage(
  pdf: Uint8Array,
  xref: CrossReference,
  catalog: Map<string, PdfValue>,
): { num: number; gen: number } {
  let node = catalog.get('Pages');
  for (let depth = 0; depth < 64; depth += 1) {
    if (node?.kind !== 'ref') throw new PdfSyntaxError('page tree node is not a reference');
    const entries = asDict(readObject(pdf, xref, node.num), 'page tree node');
    const type = entries.get('Type');
    if (type?.kind === 'name' && type.value === 'Page') return { num: node.num, gen: node.gen };
    const kids = resolve(pdf, xref, entries.get('Kids') ?? raw('null'));
    if (kids.kind !== 'array' || kids.items.length === 0)
      throw new PdfSyntaxError('page tree has no kids');
    node = kids.items[0];
  }
  throw new PdfSyntaxError('page tree too deep');
}

/**
 * Appends, as an incremental update (ISO 32000-1 §7.5.6), an invisible signature field on the
 * first page, its signature dictionary with a zero-filled `/Contents` placeholder, and, when
 * certificates are given, a DSS. The original bytes are kept as they are, so earlier
 * signatures and PDF/A conformance stay intact.
 */
export function prepareSignatureUpdate(
  pdf: Uint8Array,
  options: SignatureUpdateOptions,
): PreparedSignature {
  const xref = readCrossReference(pdf);
  const { trailer } = xref;
  if (trailer.has('Encrypt')) throw new PdfSyntaxError('encrypted PDFs cannot be signed here');
  const rootRef = trailer.get('Root');
  const sizeValue = trailer.get('Size');
  if (rootRef?.kind !== 'ref' || sizeValue?.kind !== 'number')
    throw new PdfSyntaxError('trailer has no /Root or /Size');
  let nextObject = Number(sizeValue.text);

  const catalog = new Map(asDict(readObject(pdf, xref, rootRef.num), 'catalog'));
  const page = firstPage(pdf, xref, catalog);
  const pageDict = new Map(asDict(readObject(pdf, xref, page.num), 'page'));

  const written: { num: number; gen: number; body: string | Buffer }[] = [];
  const sigNum = nextObject++;
  const widgetNum = nextObject++;

  // The AcroForm: extend an existing one (inline or indirect) or create it inline.
  const existingForm = catalog.get('AcroForm');
  const form = new Map(
    existingForm === undefined ? [] : asDict(resolve(pdf, xref, existingForm), 'AcroForm'),
  );
  const fieldsValue = form.get('Fields');
  const fields =
    fieldsValue === undefined
      ? { kind: 'array' as const, items: [] }
      : resolve(pdf, xref, fieldsValue);
  if (fields.kind !== 'array') throw new PdfSyntaxError('AcroForm /Fields is not an array');
  const fieldName = `Signature${fields.items.length + 1}`;
  const newFields: PdfValue = { kind: 'array', items: [...fields.items, ref(widgetNum)] };
  if (fieldsValue?.kind === 'ref')
    written.push({ num: fieldsValue.num, gen: fieldsValue.gen, body: serialize(newFields) });
  else form.set('Fields', newFields);
  form.set('SigFlags', num(3));
  if (existingForm?.kind === 'ref')
    written.push({
      num: existingForm.num,
      gen: existingForm.gen,
      body: serialize({ kind: 'dict', entries: form }),
    });
  else catalog.set('AcroForm', { kind: 'dict', entries: form });

  // The widget goes into the first page's annotations.
  const annotsValue = pageDict.get('Annots');
  const annots =
    annotsValue === undefined
      ? { kind: 'array' as const, items: [] }
      : resolve(pdf, xref, annotsValue);
  if (annots.kind !== 'array') throw new PdfSyntaxError('page /Annots is not an array');
  const newAnnots: PdfValue = { kind: 'array', items: [...annots.items, ref(widgetNum)] };
  if (annotsValue?.kind === 'ref')
    written.push({ num: annotsValue.num, gen: annotsValue.gen, body: serialize(newAnnots) });
  else {
    pageDict.set('Annots', newAnnots);
    written.push({
      num: page.num,
      gen: page.gen,
      body: serialize({ kind: 'dict', entries: pageDict }),
    });
  }

  if (options.dssCertificates !== undefined && options.dssCertificates.length > 0) {
    const certRefs: PdfValue[] = [];
    for (const certificate of options.dssCertificates) {
      const certNum = nextObject++;
      certRefs.push(ref(certNum));
      written.push({
        num: certNum,
        gen: 0,
        body: Buffer.concat([
          Buffer.from(`<</Length ${certificate.byteLength}>>\nstream\n`, 'latin1'),
          Buffer.from(certificate),
          Buffer.from('\nendstream', 'latin1'),
        ]),
      });
    }
    catalog.set('DSS', dict({ Type: name('DSS'), Certs: { kind: 'array', items: certRefs } }));
  }
  written.push({
    num: rootRef.num,
    gen: rootRef.gen,
    body: serialize({ kind: 'dict', entries: catalog }),
  });

  const widget = dict({
    Type: name('Annot'),
    Subtype: name('Widget'),
    FT: name('Sig'),
    T: raw(`(${fieldName})`),
    V: ref(sigNum),
    P: { kind: 'ref', num: page.num, gen: page.gen },
    Rect: { kind: 'array', items: [num(0), num(0), num(0), num(0)] },
    F: num(4),
  });
  written.push({ num: widgetNum, gen: 0, body: serialize(widget) });

  const contentsHex = '0'.repeat(options.contentsLength * 2);
  const sigBody =
    `<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ` +
    `/M (${pdfDate(options.signingTime)}) /ByteRange [${' '.repeat(BYTE_RANGE_WIDTH)}] /Contents <${contentsHex}>>>`;

  // Serialise the update; the signature dictionary goes first so its offsets are simple.
  const head = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const last = head[head.length - 1];
  const parts: Buffer[] = [head];
  let length = head.length;
  const push = (chunk: Buffer): void => {
    parts.push(chunk);
    length += chunk.length;
  };
  if (last !== 0x0a && last !== 0x0d) push(Buffer.from('\n', 'latin1'));

  const offsets: { num: number; gen: number; offset: number }[] = [];
  offsets.push({ num: sigNum, gen: 0, offset: length });
  const sigHeader = `${sigNum} 0 obj\n`;
  const sigStart = length + sigHeader.length;
  push(Buffer.from(`${sigHeader}${sigBody}\nendobj\n`, 'latin1'));
  const byteRangeAt = sigStart + sigBody.indexOf('/ByteRange [') + '/ByteRange ['.length;
  const contentsStart = sigStart + sigBody.indexOf('/Contents <') + '/Contents '.length;
  const contentsEnd = contentsStart + contentsHex.length + 2;

  for (const object of written) {
    offsets.push({ num: object.num, gen: object.gen, offset: length });
    push(Buffer.from(`${object.num} ${object.gen} obj\n`, 'latin1'));
    push(typeof object.body === 'string' ? Buffer.from(object.body, 'latin1') : object.body);
    push(Buffer.from('\nendobj\n', 'latin1'));
  }

  const xrefOffset = length;
  offsets.sort((a, b) => a.num - b.num);
  let table = 'xref\n';
  for (let index = 0; index < offsets.length;) {
    let end = index + 1;
    while (end < offsets.length && offsets[end]!.num === offsets[end - 1]!.num + 1) end += 1;
    table += `${offsets[index]!.num} ${end - index}\n`;
    for (const entry of offsets.slice(index, end))
      table += `${String(entry.offset).padStart(10, '0')} ${String(entry.gen).padStart(5, '0')} n\r\n`;
    index = end;
  }
  const newTrailer = new Map<string, PdfValue>([
    ['Size', num(nextObject)],
    ['Root', rootRef],
    ['Prev', num(xref.startXref)],
  ]);
  for (const key of ['Info', 'ID']) {
    const value = trailer.get(key);
    if (value !== undefined) newTrailer.set(key, value);
  }
  push(
    Buffer.from(
      `${table}trailer\n${serialize({ kind: 'dict', entries: newTrailer })}\nstartxref\n${xrefOffset}\n%%EOF\n`,
      'latin1',
    ),
  );

  const bytes = Buffer.concat(parts, length);
  const byteRange: [number, number, number, number] = [
    0,
    contentsStart,
    contentsEnd,
    bytes.length - contentsEnd,
  ];
  const rangeText = byteRange.join(' ');
  if (rangeText.length > BYTE_RANGE_WIDTH) throw new PdfSyntaxError('PDF too large to sign');
  bytes.write(rangeText.padEnd(BYTE_RANGE_WIDTH, ' '), byteRangeAt, 'latin1');
  return { bytes, byteRange };
}

/** Writes the DER CMS into the placeholder; throws when it does not fit. */
export function fillSignature(prepared: PreparedSignature, cms: Uint8Array): Buffer {
  const [, start, end] = prepared.byteRange;
  const room = (end - start - 2) / 2;
  if (cms.byteLength > room) throw new RangeError(`CMS of ${cms.byteLength} bytes exceeds ${room}`);
  prepared.bytes.write(Buffer.from(cms).toString('hex'), start + 1, 'latin1');
  return prepared.bytes;
}
