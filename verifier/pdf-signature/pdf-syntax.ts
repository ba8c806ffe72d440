/**
 * Just enough PDF syntax to add a signature as an incremental update: read the classic
 * cross-reference tables, parse an indirect object's dictionary and write it back. Strings are
 * kept as their source bytes so that writing an object back never changes its text content.
 */

export type PdfValue =
  | { readonly kind: 'name'; readonly value: string }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'ref'; readonly num: number; readonly gen: number }
  | { readonly kind: 'raw'; readonly text: string }
  | { readonly kind: 'array'; readonly items: PdfValue[] }
  | { readonly kind: 'dict'; readonly entries: Map<string, PdfValue> };

/** A PDF that this module cannot update (not a mistake of the caller's input format). */
export class PdfSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfSyntaxError';
  }
}

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

function isRegular(byte: number): boolean {
  return !WHITESPACE.has(byte) && !DELIMITERS.has(byte);
}

/** Each PDF's bytes as latin1 text, made once per byte array (readers of one file share it). */
const TEXT_OF = new WeakMap<Uint8Array, string>();

/** `bytes` as latin1 text: one UTF-16 code unit per byte, so offsets are byte offsets. */
export function latin1Text(bytes: Uint8Array): string {
  const cached = TEXT_OF.get(bytes);
  if (cached !== undefined) return cached;
  const chunks: string[] = [];
  for (let at = 0; at < bytes.length; at += 0x8000)
    chunks.push(String.fromCharCode(...bytes.subarray(at, at + 0x8000)));
  const text = chunks.join('');
  TEXT_OF.set(bytes, text);
  return text;
}

/** A cursor over PDF bytes (read as latin1 so offsets are byte offsets). */
export class PdfReader {
  readonly text: string;
  pos: number;

  constructor(bytes: Uint8Array, pos = 0) {
    this.text = latin1Text(bytes);
    this.pos = pos;
  }

  private code(at = this.pos): number {
    return this.text.charCodeAt(at);
  }

  skipSpace(): void {
    while (this.pos < this.text.length) {
      const byte = this.code();
      if (WHITESPACE.has(byte)) this.pos += 1;
      else if (byte === 0x25) {
        while (this.pos < this.text.length && this.code() !== 0x0a && this.code() !== 0x0d)
          this.pos += 1;
      } else break;
    }
  }

  /** The next run of regular characters (a number or keyword), without consuming it. */
  peekToken(): string {
    this.skipSpace();
    let end = this.pos;
    while (end < this.text.length && isRegular(this.code(end))) end += 1;
    return this.text.slice(this.pos, end);
  }

  readToken(): string {
    const token = this.peekToken();
    this.pos += token.length;
    return token;
  }

  readValue(depth = 0): PdfValue {
    if (depth > 100) throw new PdfSyntaxError('objects nested too deeply');
    this.skipSpace();
    const start = this.pos;
    const char = this.text[this.pos];
    if (char === '/') {
      this.pos += 1;
      let end = this.pos;
      while (end < this.text.length && isRegular(this.code(end))) end += 1;
      const value = this.text.slice(this.pos, end);
      this.pos = end;
      return { kind: 'name', value };
    }
    if (char === '<' && this.text[this.pos + 1] === '<') {
      this.pos += 2;
      const entries = new Map<string, PdfValue>();
      for (;;) {
        this.skipSpace();
        if (this.text.startsWith('>>', this.pos)) {
          this.pos += 2;
          return { kind: 'dict', entries };
        }
        const key = this.readValue();
        if (key.kind !== 'name') throw new PdfSyntaxError(`dictionary key expected at ${start}`);
        entries.set(key.value, this.readValue(depth + 1));
      }
    }
    if (char === '<') {
      const end = this.text.indexOf('>', this.pos);
      if (end < 0) throw new PdfSyntaxError(`unterminated hex string at ${start}`);
      this.pos = end + 1;
      return { kind: 'raw', text: this.text.slice(start, this.pos) };
    }
    if (char === '(') {
      let depth = 0;
      while (this.pos < this.text.length) {
        const c = this.text[this.pos];
        if (c === '\\') this.pos += 2;
        else {
          if (c === '(') depth += 1;
          else if (c === ')') depth -= 1;
          this.pos += 1;
          if (depth === 0) return { kind: 'raw', text: this.text.slice(start, this.pos) };
        }
      }
      throw new PdfSyntaxError(`unterminated string at ${start}`);
    }
    if (char === '[') {
      this.pos += 1;
      const items: PdfValue[] = [];
      for (;;) {
        this.skipSpace();
        if (this.text[this.pos] === ']') {
          this.pos += 1;
          return { kind: 'array', items };
        }
        items.push(this.readValue(depth + 1));
      }
    }
    const token = this.readToken();
    if (token === '') throw new PdfSyntaxError(`unexpected character at ${start}`);
    if (/^\d+$/.test(token)) {
      const save = this.pos;
      const gen = this.readToken();
      if (/^\d+$/.test(gen) && this.readToken() === 'R')
        return { kind: 'ref', num: Number(token), gen: Number(gen) };
      this.pos = save;
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(token)) return { kind: 'number', text: token };
    return { kind: 'raw', text: token };
  }
}

/** Writes a value back as PDF syntax. */
export function serialize(value: PdfValue): string {
  switch (value.kind) {
    case 'name':
      return `/${value.value}`;
    case 'number':
      return value.text;
    case 'ref':
      return `${value.num} ${value.gen} R`;
    case 'raw':
      return value.text;
    case 'array':
      return `[${value.items.map(serialize).join(' ')}]`;
    case 'dict':
      return `<<${[...value.entries].map(([key, item]) => `/${key} ${serialize(item)}`).join(' ')}>>`;
  }
}

export const name = (value: string): PdfValue => ({ kind: 'name', value });
export const num = (value: number): PdfValue => ({ kind: 'number', text: String(value) });
export const ref = (objectNumber: number): PdfValue => ({
  kind: 'ref',
  num: objectNumber,
  gen: 0,
});
export const raw = (text: string): PdfValue => ({ kind: 'raw', text });
export const dict = (entries: Record<string, PdfValue>): PdfValue & { kind: 'dict' } => ({
  kind: 'dict',
  entries: new Map(Object.entries(entries)),
});

/** Byte offset of each in-use object (newest revision wins), the merged trailer and startxref. */
export interface CrossReference {
  readonly offsets: ReadonlyMap<number, { offset: number; gen: number }>;
  readonly trailer: Map<string, PdfValue>;
  readonly startXref: number;
}

/** Reads the chain of classic cross-reference tables from the last `startxref` backwards. */
export function readCrossReference(pdf: Uint8Array): CrossReference {
  const reader = new PdfReader(pdf);
  const tail = reader.text.lastIndexOf('startxref');
  if (tail < 0) throw new PdfSyntaxError('no startxref');
  reader.pos = tail + 'startxref'.length;
  const startXref = Number(reader.readToken());
  if (!Number.isSafeInteger(startXref)) throw new PdfSyntaxError('bad startxref');
  const offsets = new Map<number, { offset: number; gen: number }>();
  const freed = new Set<number>();
  let trailer: Map<string, PdfValue> | undefined;
  const seen = new Set<number>();
  let at: number | undefined = startXref;
  while (at !== undefined) {
    if (seen.has(at)) throw new PdfSyntaxError('cross-reference loop');
    seen.add(at);
    reader.pos = at;
    if (reader.readToken() !== 'xref')
      throw new PdfSyntaxError('only classic cross-reference tables are supported');
    while (reader.peekToken() !== 'trailer') {
      const first = reader.readToken();
      const count = reader.readToken();
      if (!/^\d{1,10}$/.test(first) || !/^\d{1,10}$/.test(count))
        throw new PdfSyntaxError('bad cross-reference subsection');
      for (let index = 0; index < Number(count); index += 1) {
        const offsetToken = reader.readToken();
        const gen = Number(reader.readToken());
        const type = reader.readToken();
        if (!/^\d+$/.test(offsetToken) || (type !== 'n' && type !== 'f'))
          throw new PdfSyntaxError('bad cross-reference entry');
        const offset = Number(offsetToken);
        const objectNumber = Number(first) + index;
        if (offsets.has(objectNumber) || freed.has(objectNumber)) continue;
        if (type === 'n') offsets.set(objectNumber, { offset, gen });
        else freed.add(objectNumber);
      }
    }
    reader.readToken();
    const section = reader.readValue();
    if (section.kind !== 'dict') throw new PdfSyntaxError('bad trailer');
    if (trailer === undefined) trailer = section.entries;
    const prev = section.entries.get('Prev');
    at = prev?.kind === 'number' ? Number(prev.text) : undefined;
  }
  if (trailer === undefined) throw new PdfSyntaxError('no trailer');
  return { offsets, trailer, startXref };
}

/** A reader at the value of indirect object `objectNumber` (just after its `n g obj`). */
export function objectReader(
  pdf: Uint8Array,
  xref: CrossReference,
  objectNumber: number,
): PdfReader {
  const entry = xref.offsets.get(objectNumber);
  if (entry === undefined) throw new PdfSyntaxError(`object ${objectNumber} is not in use`);
  const reader = new PdfReader(pdf, entry.offset);
  const header = [reader.readToken(), reader.readToken(), reader.readToken()];
  if (header[0] !== String(objectNumber) || header[2] !== 'obj')
    throw new PdfSyntaxError(`object ${objectNumber} is not where the table says`);
  return reader;
}

/** Reads indirect object `objectNumber` (its value, not a stream's data). */
export function readObject(pdf: Uint8Array, xref: CrossReference, objectNumber: number): PdfValue {
  return objectReader(pdf, xref, objectNumber).readValue();
}

/** Follows a reference (or returns the value itself). */
export function resolve(pdf: Uint8Array, xref: CrossReference, value: PdfValue): PdfValue {
  return value.kind === 'ref' ? readObject(pdf, xref, value.num) : value;
}

export function asDict(value: PdfValue | undefined, what: string): Map<string, PdfValue> {
  if (value?.kind !== 'dict') throw new PdfSyntaxError(`${what} is not a dictionary`);
  return value.entries;
}

/** The bytes a signature covers: everything but the `/Contents` hex string. */
export function signedBytes(pdf: Uint8Array, byteRange: readonly number[]): Uint8Array {
  let total = 0;
  for (let index = 1; index < byteRange.length; index += 2) total += byteRange[index]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (let index = 0; index + 1 < byteRange.length; index += 2) {
    const start = byteRange[index]!;
    const count = byteRange[index + 1]!;
    out.set(pdf.subarray(start, start + count), at);
    at += count;
  }
  return out;
}
