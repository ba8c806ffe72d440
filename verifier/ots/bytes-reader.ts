import { equalBytes } from '../common/bytes.js';
import {
  BadMagicError,
  OtsDeserializationError,
  TrailingGarbageError,
  TruncationError,
} from './errors.js';

/**
 * Cursor over the bytes of a proof, with the primitive reads of python-opentimestamps'
 * `BytesDeserializationContext`: fixed bytes, `uint8`, LEB128 `varuint` and length-prefixed
 * `varbytes`. Every read that runs past the end throws {@link TruncationError}; returned buffers
 * are copies, so a parsed proof never aliases (or is changed through) the caller's input.
 */
export class BytesReader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** Bytes not read yet. */
  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  /** Reads exactly `length` bytes. */
  readBytes(length: number): Uint8Array {
    if (length > this.remaining) throw new TruncationError(length, this.remaining);
    const out = this.bytes.slice(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  /** Reads one byte as an unsigned integer. */
  readUint8(): number {
    const byte = this.bytes[this.offset];
    if (byte === undefined) throw new TruncationError(1, 0);
    this.offset += 1;
    return byte;
  }

  /**
   * Reads an unsigned LEB128 integer. Like the reference, non-minimal encodings (extra 0x80
   * continuation bytes) are accepted. Unlike the reference (Python has unbounded integers), values
   * above `Number.MAX_SAFE_INTEGER` are rejected rather than silently rounded.
   */
  readVaruint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = this.readUint8();
      const digit = byte & 0x7f;
      if (digit !== 0) {
        value += digit * scale;
        if (!Number.isSafeInteger(value)) {
          throw new OtsDeserializationError(
            'varuint exceeds the largest supported integer (2^53-1)',
          );
        }
      }
      if ((byte & 0x80) === 0) return value;
      scale *= 128;
    }
  }

  /** Reads a varuint length, checks `minLength ≤ length ≤ maxLength`, then that many bytes. */
  readVarbytes(maxLength: number, minLength = 0): Uint8Array {
    const length = this.readVaruint();
    if (length > maxLength) {
      throw new OtsDeserializationError(`varbytes max length exceeded; ${length} > ${maxLength}`);
    }
    if (length < minLength) {
      throw new OtsDeserializationError(`varbytes min length not met; ${length} < ${minLength}`);
    }
    return this.readBytes(length);
  }

  /** Reads `expected.length` bytes and throws {@link BadMagicError} unless they equal `expected`. */
  assertMagic(expected: Uint8Array): void {
    const length = Math.min(expected.length, this.remaining);
    const actual = this.bytes.slice(this.offset, this.offset + length);
    this.offset += length;
    if (!equalBytes(actual, expected)) throw new BadMagicError(expected, actual);
  }

  /** Throws {@link TrailingGarbageError} unless every byte has been read. */
  assertEof(): void {
    if (this.remaining > 0) throw new TrailingGarbageError(this.remaining);
  }
}
