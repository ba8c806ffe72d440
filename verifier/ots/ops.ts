import { ripemd160, sha1 } from '@noble/hashes/legacy.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { compareBytes, concatBytes, reversed, toHex, latin1 } from '../common/bytes.js';
import type { BytesReader } from './bytes-reader.js';
import type { BytesWriter } from './bytes-writer.js';
import {
  OpArgumentError,
  OpMessageError,
  OtsDeserializationError,
  UnsupportedOperationError,
} from './errors.js';

/**
 * Timestamp proof operations, the edges of a timestamp tree: each takes a message (and at most
 * one argument) and yields the next message. Tags, names, limits and ordering follow
 * python-opentimestamps `opentimestamps/core/op.py`, which is the de-facto specification.
 */

/**
 * SHA-256 of `data`, synchronously (@noble/hashes: the OpenTimestamps operations are evaluated
 * synchronously, and Web Crypto's digest is asynchronous).
 */
export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}

/** Largest message an operation may be applied to, and largest result it may produce. */
export const MAX_MSG_LENGTH = 4096;
/** Largest result of an operation (also the largest `append`/`prepend` argument). */
export const MAX_RESULT_LENGTH = 4096;

/** Operation tags as they appear on the wire. */
export const OP_TAGS = {
  sha1: 0x02,
  ripemd160: 0x03,
  sha256: 0x08,
  keccak256: 0x67,
  append: 0xf0,
  prepend: 0xf1,
  reverse: 0xf2,
  hexlify: 0xf3,
} as const;

/** An operation: apply it with {@link Op.evaluate}, compare with {@link Op.compare}. */
export abstract class Op {
  /** One-byte wire tag. */
  abstract get tag(): number;
  /** Name used by `ots info` (python's `TAG_NAME`). */
  abstract get name(): string;
  /** Largest message this operation accepts. */
  get maxMsgLength(): number {
    return MAX_MSG_LENGTH;
  }

  protected abstract apply(msg: Uint8Array): Uint8Array;

  /**
   * Applies the operation to `msg`. Throws {@link OpMessageError} when the message is too long or
   * the result would be, exactly where python's `Op.__call__` raises `MsgValueError`.
   */
  evaluate(msg: Uint8Array): Uint8Array {
    if (msg.length > this.maxMsgLength) {
      throw new OpMessageError(
        `${this.name}: message too long; ${msg.length} > ${this.maxMsgLength}`,
      );
    }
    const result = this.apply(msg);
    if (result.length > MAX_RESULT_LENGTH) {
      throw new OpMessageError(
        `${this.name}: result too long; ${result.length} > ${MAX_RESULT_LENGTH}`,
      );
    }
    return result;
  }

  /** Writes the tag (and, for binary operations, the argument). */
  serialize(writer: BytesWriter): void {
    writer.writeUint8(this.tag);
  }

  /**
   * Total order used to sort a node's operations before writing them: by tag, then by argument
   * bytes (python compares `(TAG, arg)` tuples). Negative, zero or positive like `compareBytes`.
   */
  compare(other: Op): number {
    if (this.tag !== other.tag) return this.tag - other.tag;
    return compareBytes(argumentOf(this), argumentOf(other));
  }

  /** Same tag and same argument. */
  equals(other: Op): boolean {
    return this.compare(other) === 0;
  }

  /** As `ots info` prints it: `sha256`, `append 0a1b…`. */
  toString(): string {
    return this.name;
  }
}

const NO_ARGUMENT = new Uint8Array(0);

function argumentOf(op: Op): Uint8Array {
  return op instanceof BinaryOp ? op.arg : NO_ARGUMENT;
}

/** Operations with one bytes argument: `append` and `prepend`. */
export abstract class BinaryOp extends Op {
  /** The argument, 1..4096 bytes. */
  readonly arg: Uint8Array;

  constructor(arg: Uint8Array) {
    super();
    const kind = new.target.name;
    if (arg.length === 0) throw new OpArgumentError(`${kind} argument can't be empty`);
    if (arg.length > MAX_RESULT_LENGTH) {
      throw new OpArgumentError(`${kind} argument too long: ${arg.length} > ${MAX_RESULT_LENGTH}`);
    }
    this.arg = Uint8Array.from(arg);
  }

  override serialize(writer: BytesWriter): void {
    super.serialize(writer);
    writer.writeVarbytes(this.arg);
  }

  override toString(): string {
    return `${this.name} ${toHex(this.arg)}`;
  }
}

/** `append` (0xf0): message ‖ argument. */
export class OpAppend extends BinaryOp {
  get tag(): number {
    return OP_TAGS.append;
  }
  get name(): string {
    return 'append';
  }
  protected apply(msg: Uint8Array): Uint8Array {
    return concatBytes(msg, this.arg);
  }
}

/** `prepend` (0xf1): argument ‖ message. */
export class OpPrepend extends BinaryOp {
  get tag(): number {
    return OP_TAGS.prepend;
  }
  get name(): string {
    return 'prepend';
  }
  protected apply(msg: Uint8Array): Uint8Array {
    return concatBytes(this.arg, msg);
  }
}

/** Operations without argument. */
export abstract class UnaryOp extends Op {}

/** `reverse` (0xf2): the message's bytes in reverse order; deprecated upstream, still parsed. */
export class OpReverse extends UnaryOp {
  get tag(): number {
    return OP_TAGS.reverse;
  }
  get name(): string {
    return 'reverse';
  }
  protected apply(msg: Uint8Array): Uint8Array {
    if (msg.length === 0) throw new OpMessageError("reverse: can't reverse an empty message");
    return reversed(msg);
  }
}

/** `hexlify` (0xf3): lower-case hex text of the message; messages up to 2048 bytes. */
export class OpHexlify extends UnaryOp {
  get tag(): number {
    return OP_TAGS.hexlify;
  }
  get name(): string {
    return 'hexlify';
  }
  override get maxMsgLength(): number {
    return MAX_RESULT_LENGTH / 2;
  }
  protected apply(msg: Uint8Array): Uint8Array {
    if (msg.length === 0) throw new OpMessageError("hexlify: can't hexlify an empty message");
    return latin1(toHex(msg));
  }
}

/**
 * Hash operations: fixed-size result for any input. The only operations allowed as the file hash
 * of a detached timestamp.
 */
export abstract class CryptOp extends UnaryOp {
  /** Length of the digest in bytes. */
  abstract get digestLength(): number;

  /** Digest of `data` (also used to hash the timestamped file itself). */
  abstract digest(data: Uint8Array): Uint8Array;

  protected apply(msg: Uint8Array): Uint8Array {
    return this.digest(msg);
  }
}

/** `sha256` (0x08). */
export class OpSha256 extends CryptOp {
  get tag(): number {
    return OP_TAGS.sha256;
  }
  get name(): string {
    return 'sha256';
  }
  get digestLength(): number {
    return 32;
  }
  digest(data: Uint8Array): Uint8Array {
    return sha256(data);
  }
}

/** `sha1` (0x02): collisions do not matter for timestamping (both messages existed). */
export class OpSha1 extends CryptOp {
  get tag(): number {
    return OP_TAGS.sha1;
  }
  get name(): string {
    return 'sha1';
  }
  get digestLength(): number {
    return 20;
  }
  digest(data: Uint8Array): Uint8Array {
    return sha1(data);
  }
}

/** `ripemd160` (0x03). */
export class OpRipemd160 extends CryptOp {
  get tag(): number {
    return OP_TAGS.ripemd160;
  }
  get name(): string {
    return 'ripemd160';
  }
  get digestLength(): number {
    return 20;
  }
  digest(data: Uint8Array): Uint8Array {
    return ripemd160(data);
  }
}

/**
 * `keccak256` (0x67): parsed and written, never evaluated — {@link OpKeccak256.digest} throws
 * {@link UnsupportedOperationError} (no proof Certa reads uses it).
 */
export class OpKeccak256 extends CryptOp {
  get tag(): number {
    return OP_TAGS.keccak256;
  }
  get name(): string {
    return 'keccak256';
  }
  get digestLength(): number {
    return 32;
  }
  digest(_data: Uint8Array): Uint8Array {
    throw new UnsupportedOperationError('keccak256');
  }
}

const CRYPT_OPS: ReadonlyMap<number, () => CryptOp> = new Map<number, () => CryptOp>([
  [OP_TAGS.sha1, () => new OpSha1()],
  [OP_TAGS.ripemd160, () => new OpRipemd160()],
  [OP_TAGS.sha256, () => new OpSha256()],
  [OP_TAGS.keccak256, () => new OpKeccak256()],
]);

const UNARY_OPS: ReadonlyMap<number, () => UnaryOp> = new Map<number, () => UnaryOp>([
  ...CRYPT_OPS,
  [OP_TAGS.reverse, () => new OpReverse()],
  [OP_TAGS.hexlify, () => new OpHexlify()],
]);

/**
 * Reads the rest of an operation whose tag byte has already been read. Unknown tags (including
 * python's `secp256k1commitment` 0x09, which the JS reference also lacks) are a parse error.
 */
export function readOpWithTag(reader: BytesReader, tag: number): Op {
  const unary = UNARY_OPS.get(tag);
  if (unary) return unary();
  if (tag === OP_TAGS.append) return new OpAppend(reader.readVarbytes(MAX_RESULT_LENGTH, 1));
  if (tag === OP_TAGS.prepend) return new OpPrepend(reader.readVarbytes(MAX_RESULT_LENGTH, 1));
  throw new OtsDeserializationError(`unknown operation tag 0x${tag.toString(16)}`);
}

/** Reads a hash operation (the file hash op of a detached timestamp header). */
export function readCryptOp(reader: BytesReader): CryptOp {
  const tag = reader.readUint8();
  const make = CRYPT_OPS.get(tag);
  if (!make) throw new OtsDeserializationError(`unknown crypt operation tag 0x${tag.toString(16)}`);
  return make();
}
