import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../common/bytes.js';

/**
 * Just enough of Bitcoin's transaction encoding to tell whether a message *is* a serialised
 * transaction — `ots info` prints its id when a proof passes through one (the reference uses
 * python-bitcoinlib's `CTransaction.deserialize` for that). This checks structure only, never
 * scripts or signatures.
 */

/** python-bitcoinlib's `MAX_SIZE`: no single read may ask for more. */
const MAX_READ = 0x02000000;

class Cursor {
  offset = 0;
  constructor(readonly bytes: Uint8Array) {}

  skip(length: number): void {
    if (length > MAX_READ || this.offset + length > this.bytes.length) throw new RangeError();
    this.offset += length;
  }

  byte(): number {
    const value = this.bytes[this.offset];
    if (value === undefined) throw new RangeError();
    this.offset += 1;
    return value;
  }

  /** Bitcoin's CompactSize; like python-bitcoinlib, non-minimal forms are accepted. */
  compactSize(): number {
    const first = this.byte();
    if (first < 0xfd) return first;
    const width = first === 0xfd ? 2 : first === 0xfe ? 4 : 8;
    let value = 0;
    let scale = 1;
    for (let i = 0; i < width; i += 1) {
      value += this.byte() * scale;
      scale *= 256;
    }
    return value;
  }

  varBytes(): void {
    this.skip(this.compactSize());
  }
}

function readInputs(cursor: Cursor): number {
  const count = cursor.compactSize();
  for (let i = 0; i < count; i += 1) {
    cursor.skip(36);
    cursor.varBytes();
    cursor.skip(4);
  }
  return count;
}

function readOutputs(cursor: Cursor): void {
  const count = cursor.compactSize();
  for (let i = 0; i < count; i += 1) {
    cursor.skip(8);
    cursor.varBytes();
  }
}

/**
 * True when `bytes` is exactly one serialised Bitcoin transaction (legacy or segwit), with no
 * byte left over — the same rule as python-bitcoinlib's `CTransaction.deserialize`.
 */
export function isBitcoinTransaction(bytes: Uint8Array): boolean {
  const cursor = new Cursor(bytes);
  try {
    cursor.skip(4);
    const segwit = bytes[cursor.offset] === 0x00 && bytes[cursor.offset + 1] === 0x01;
    if (segwit) cursor.skip(2);
    const inputs = readInputs(cursor);
    readOutputs(cursor);
    if (segwit) {
      for (let i = 0; i < inputs; i += 1) {
        const items = cursor.compactSize();
        for (let j = 0; j < items; j += 1) cursor.varBytes();
      }
    }
    cursor.skip(4);
    return cursor.offset === bytes.length;
  } catch {
    return false;
  }
}

/** The transaction id as explorers print it: double SHA-256, byte-reversed, hex. */
export function transactionId(transaction: Uint8Array): string {
  return toHex(sha256(sha256(transaction)).reverse());
}
