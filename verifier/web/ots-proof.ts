import { ripemd160, sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, equalBytes, fromHex, fromUtf8, toHex, utf8 } from './bytes.js';

/**
 * An OpenTimestamps proof (`.ots`) read for verification in the browser: the wire format of
 * python-opentimestamps (the same rules as the Node reader in `ots/`: magic, major version 1,
 * LEB128 varuints, length and nesting limits, no trailing bytes), evaluated as it is read into
 * the list of attestations with the message each one commits to. Hashing is @noble/hashes
 * (synchronous, audited): OpenTimestamps operations are evaluated while parsing.
 */
export interface OtsLeaf {
  readonly kind: 'bitcoin' | 'pending' | 'other';
  /** The message the proof computes at this attestation. */
  readonly message: Uint8Array;
  /** The block height (bitcoin). */
  readonly height: number | null;
  /** The calendar (pending). */
  readonly uri: string | null;
}

export interface OtsProof {
  /** The digest the proof is for (SHA-256 of the file for Certa's proofs). */
  readonly fileDigest: Uint8Array;
  readonly fileHash: 'sha256' | 'sha1' | 'ripemd160' | 'keccak256';
  readonly leaves: readonly OtsLeaf[];
}

export class OtsReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtsReadError';
  }
}

const MAGIC = fromHex('004f70656e54696d657374616d7073000050726f6f6600bf89e2e884e89294');
const BITCOIN = '0588960d73d71901';
const PENDING = '83dfe30d2ef90c8e';
const MAX_MSG_LENGTH = 4096;
const MAX_PAYLOAD = 8192;
const MAX_URI = 1000;
const MAX_DEPTH = 256;
const URI_CHARS = /^[A-Za-z0-9._/:-]*$/;

const CRYPT: Record<
  number,
  { name: OtsProof['fileHash']; length: number; hash?: (data: Uint8Array) => Uint8Array }
> = {
  0x08: { name: 'sha256', length: 32, hash: sha256 },
  0x02: { name: 'sha1', length: 20, hash: sha1 },
  0x03: { name: 'ripemd160', length: 20, hash: ripemd160 },
  // Parsed, not evaluated (as in the Node reader): no Keccak is used by Certa or its calendars.
  0x67: { name: 'keccak256', length: 32 },
};

class Reader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  byte(): number {
    const value = this.bytes[this.at];
    if (value === undefined) throw new OtsReadError('the proof is truncated');
    this.at += 1;
    return value;
  }

  take(length: number): Uint8Array {
    if (this.at + length > this.bytes.length) throw new OtsReadError('the proof is truncated');
    const out = this.bytes.slice(this.at, this.at + length);
    this.at += length;
    return out;
  }

  varuint(): number {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = this.byte();
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) break;
      shift += 7;
      if (shift > 49) throw new OtsReadError('a varuint is too large');
    }
    return value;
  }

  varbytes(max: number, min = 0): Uint8Array {
    const length = this.varuint();
    if (length > max || length < min)
      throw new OtsReadError(`a length of ${length} is out of bounds`);
    return this.take(length);
  }

  get done(): boolean {
    return this.at === this.bytes.length;
  }
}

function evaluate(tag: number, reader: Reader, msg: Uint8Array): Uint8Array {
  if (tag === 0xf0 || tag === 0xf1) {
    const arg = reader.varbytes(MAX_MSG_LENGTH, 1);
    const result = tag === 0xf0 ? concatBytes(msg, arg) : concatBytes(arg, msg);
    if (result.length > MAX_MSG_LENGTH) throw new OtsReadError('an operation result is too long');
    return result;
  }
  if (tag === 0xf2) {
    if (msg.length === 0) throw new OtsReadError('reverse of an empty message');
    return msg.slice().reverse();
  }
  if (tag === 0xf3) {
    if (msg.length === 0 || msg.length > MAX_MSG_LENGTH / 2)
      throw new OtsReadError('hexlify of a message of bad length');
    return utf8(toHex(msg));
  }
  const crypt = CRYPT[tag];
  if (crypt === undefined) throw new OtsReadError(`unknown operation 0x${tag.toString(16)}`);
  if (crypt.hash === undefined)
    throw new OtsReadError(`the proof uses ${crypt.name}, which this verifier does not evaluate`);
  return crypt.hash(msg);
}

function readAttestation(reader: Reader, message: Uint8Array): OtsLeaf {
  const tag = toHex(reader.take(8));
  const payload = new Reader(reader.varbytes(MAX_PAYLOAD));
  if (tag === BITCOIN) {
    const height = payload.varuint();
    if (!payload.done) throw new OtsReadError('trailing bytes in a Bitcoin attestation');
    return { kind: 'bitcoin', message, height, uri: null };
  }
  if (tag === PENDING) {
    const uriBytes = payload.varbytes(MAX_URI);
    if (!payload.done) throw new OtsReadError('trailing bytes in a pending attestation');
    let uri: string;
    try {
      uri = fromUtf8(uriBytes);
    } catch {
      throw new OtsReadError('a calendar URI is not UTF-8');
    }
    if (!URI_CHARS.test(uri)) throw new OtsReadError('a calendar URI has invalid characters');
    return { kind: 'pending', message, height: null, uri };
  }
  return { kind: 'other', message, height: null, uri: null };
}

function readTimestamp(reader: Reader, msg: Uint8Array, depth: number, leaves: OtsLeaf[]): void {
  if (depth > MAX_DEPTH) throw new OtsReadError('the proof is nested too deeply');
  const branch = (tag: number): void => {
    if (tag === 0x00) leaves.push(readAttestation(reader, msg));
    else readTimestamp(reader, evaluate(tag, reader, msg), depth + 1, leaves);
  };
  let tag = reader.byte();
  while (tag === 0xff) {
    branch(reader.byte());
    tag = reader.byte();
  }
  branch(tag);
}

/** Reads and evaluates a detached `.ots` file; throws {@link OtsReadError} with the reason. */
export function readOtsProof(bytes: Uint8Array): OtsProof {
  if (bytes.length < MAGIC.length || !equalBytes(bytes.subarray(0, MAGIC.length), MAGIC))
    throw new OtsReadError('it does not start with the OpenTimestamps header');
  const reader = new Reader(bytes.subarray(MAGIC.length));
  const major = reader.varuint();
  if (major !== 1) throw new OtsReadError(`unsupported major version ${major}`);
  const crypt = CRYPT[reader.byte()];
  if (crypt === undefined) throw new OtsReadError('unknown file hash operation');
  const fileDigest = reader.take(crypt.length);
  const leaves: OtsLeaf[] = [];
  readTimestamp(reader, fileDigest, 0, leaves);
  if (!reader.done) throw new OtsReadError('trailing bytes after the proof');
  return { fileDigest, fileHash: crypt.name, leaves };
}
