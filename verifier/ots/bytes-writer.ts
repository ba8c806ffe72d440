/**
 * Growable output buffer with the primitive writes of python-opentimestamps'
 * `BytesSerializationContext`. Integers are written in minimal LEB128, which is what makes our
 * output byte-identical to the reference's.
 */
export class BytesWriter {
  private buffer: Uint8Array;
  private length = 0;

  constructor(initialCapacity = 256) {
    this.buffer = new Uint8Array(Math.max(16, initialCapacity));
  }

  private ensure(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  /** Appends `bytes` as they are. */
  writeBytes(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** Appends one byte (0..255). */
  writeUint8(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > 0xff) {
      throw new RangeError(`uint8 out of range: ${value}`);
    }
    this.ensure(1);
    this.buffer[this.length] = value;
    this.length += 1;
  }

  /** Appends a non-negative safe integer as minimal unsigned LEB128 (0 is the single byte 0x00). */
  writeVaruint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`varuint must be a non-negative safe integer, got ${value}`);
    }
    let rest = value;
    for (;;) {
      const digit = rest % 128;
      rest = Math.floor(rest / 128);
      if (rest === 0) {
        this.writeUint8(digit);
        return;
      }
      this.writeUint8(digit | 0x80);
    }
  }

  /** Appends the varuint length of `bytes`, then `bytes`. */
  writeVarbytes(bytes: Uint8Array): void {
    this.writeVaruint(bytes.length);
    this.writeBytes(bytes);
  }

  /** A copy of everything written so far. */
  toBytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}
