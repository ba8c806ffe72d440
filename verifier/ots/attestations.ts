import { compareBytes, equalBytes, fromHex, fromLatin1, latin1 } from '../common/bytes.js';
import { BytesReader } from './bytes-reader.js';
import { BytesWriter } from './bytes-writer.js';
import { OtsDeserializationError } from './errors.js';
import { pythonBytesRepr, pythonStrRepr } from './python-repr.js';

/**
 * Time attestations, the leaves of a timestamp tree: on the wire `0x00`, an 8-byte notary tag and
 * a varbytes payload. Tags, payloads, limits and ordering follow python-opentimestamps
 * `opentimestamps/core/notary.py`.
 */

/** Size of a notary tag. */
export const ATTESTATION_TAG_SIZE = 8;
/** Largest attestation payload accepted. */
export const MAX_ATTESTATION_PAYLOAD_SIZE = 8192;
/** Largest calendar URI accepted in a pending attestation. */
export const MAX_PENDING_URI_LENGTH = 1000;

/** Notary tags of the attestations this library knows. */
export const ATTESTATION_TAGS = {
  bitcoin: fromHex('0588960d73d71901'),
  litecoin: fromHex('06869a0d73d71b45'),
  pending: fromHex('83dfe30d2ef90c8e'),
} as const;

const ALLOWED_URI_CHARS = /^[A-Za-z0-9._/:-]*$/;

/** Common shape of all attestations. */
export abstract class TimeAttestation {
  /** The 8-byte notary tag. */
  abstract get tag(): Uint8Array;

  protected abstract writePayload(writer: BytesWriter): void;

  /**
   * Order used to sort attestations on one node before writing them (python ≥ 0.4.x): by notary
   * tag, then within one kind by height, URI, or payload.
   */
  compare(other: TimeAttestation): number {
    return compareBytes(this.tag, other.tag);
  }

  /** Same notary and same payload. */
  equals(other: TimeAttestation): boolean {
    return this.compare(other) === 0;
  }

  /** Writes tag and payload. */
  serialize(writer: BytesWriter): void {
    writer.writeBytes(this.tag);
    const payload = new BytesWriter(32);
    this.writePayload(payload);
    writer.writeVarbytes(payload.toBytes());
  }

  /** The Python `repr`, as `ots info` prints it after `verify `. */
  abstract toString(): string;
}

function checkHeight(height: number): void {
  if (!Number.isSafeInteger(height) || height < 0) {
    throw new RangeError(`block height must be a non-negative integer, got ${height}`);
  }
}

/** The message is the Merkle root (internal byte order) of the Bitcoin block at `height`. */
export class BitcoinBlockHeaderAttestation extends TimeAttestation {
  constructor(readonly height: number) {
    super();
    checkHeight(height);
  }
  get tag(): Uint8Array {
    return ATTESTATION_TAGS.bitcoin;
  }
  protected writePayload(writer: BytesWriter): void {
    writer.writeVaruint(this.height);
  }
  override compare(other: TimeAttestation): number {
    if (other instanceof BitcoinBlockHeaderAttestation) return this.height - other.height;
    return super.compare(other);
  }
  toString(): string {
    return `BitcoinBlockHeaderAttestation(${this.height})`;
  }
}

/** Same design as Bitcoin's, for Litecoin. Parsed and kept; this verifier does not check it. */
export class LitecoinBlockHeaderAttestation extends TimeAttestation {
  constructor(readonly height: number) {
    super();
    checkHeight(height);
  }
  get tag(): Uint8Array {
    return ATTESTATION_TAGS.litecoin;
  }
  protected writePayload(writer: BytesWriter): void {
    writer.writeVaruint(this.height);
  }
  override compare(other: TimeAttestation): number {
    if (other instanceof LitecoinBlockHeaderAttestation) return this.height - other.height;
    return super.compare(other);
  }
  toString(): string {
    return `LitecoinBlockHeaderAttestation(${this.height})`;
  }
}

/**
 * Throws unless `uri` is a URI the reference accepts in a pending attestation: at most 1000 bytes
 * of `A-Z a-z 0-9 - . _ / :` (no query, fragment, userinfo or percent-encoding, on purpose).
 */
export function checkCalendarUri(uri: string): void {
  if (uri.length > MAX_PENDING_URI_LENGTH) {
    throw new RangeError(`calendar URI exceeds ${MAX_PENDING_URI_LENGTH} bytes`);
  }
  if (!ALLOWED_URI_CHARS.test(uri)) {
    throw new RangeError(`calendar URI contains a character outside [A-Za-z0-9._/:-]`);
  }
}

/** The calendar at `uri` holds the commitment and will upgrade it once it is in a block. */
export class PendingAttestation extends TimeAttestation {
  constructor(readonly uri: string) {
    super();
    checkCalendarUri(uri);
  }
  get tag(): Uint8Array {
    return ATTESTATION_TAGS.pending;
  }
  protected writePayload(writer: BytesWriter): void {
    writer.writeVarbytes(latin1(this.uri));
  }
  override compare(other: TimeAttestation): number {
    if (other instanceof PendingAttestation) {
      return compareBytes(latin1(this.uri), latin1(other.uri));
    }
    return super.compare(other);
  }
  toString(): string {
    return `PendingAttestation(${pythonStrRepr(this.uri)})`;
  }
}

/**
 * An attestation from a notary this library does not know, kept byte for byte so the proof
 * re-serialises unchanged. Never counts as verified.
 */
export class UnknownAttestation extends TimeAttestation {
  private readonly notaryTag: Uint8Array;
  /** The raw payload (without its length prefix). */
  readonly payload: Uint8Array;

  constructor(tag: Uint8Array, payload: Uint8Array) {
    super();
    if (tag.length !== ATTESTATION_TAG_SIZE) {
      throw new RangeError(`attestation tag must be ${ATTESTATION_TAG_SIZE} bytes`);
    }
    if (payload.length > MAX_ATTESTATION_PAYLOAD_SIZE) {
      throw new RangeError(`attestation payload exceeds ${MAX_ATTESTATION_PAYLOAD_SIZE} bytes`);
    }
    this.notaryTag = Uint8Array.from(tag);
    this.payload = Uint8Array.from(payload);
  }
  get tag(): Uint8Array {
    return this.notaryTag;
  }
  protected writePayload(writer: BytesWriter): void {
    writer.writeBytes(this.payload);
  }
  override compare(other: TimeAttestation): number {
    const byTag = super.compare(other);
    if (byTag !== 0 || !(other instanceof UnknownAttestation)) return byTag;
    return compareBytes(this.payload, other.payload);
  }
  toString(): string {
    return `UnknownAttestation(${pythonBytesRepr(this.tag)}, ${pythonBytesRepr(this.payload)})`;
  }
}

function readKnownPayload<T>(payload: Uint8Array, read: (reader: BytesReader) => T): T {
  const reader = new BytesReader(payload);
  const value = read(reader);
  reader.assertEof();
  return value;
}

/**
 * Reads an attestation whose `0x00` marker has already been read. Known payloads must be consumed
 * exactly (as in the reference); unknown notaries are kept as {@link UnknownAttestation}.
 */
export function readAttestation(reader: BytesReader): TimeAttestation {
  const tag = reader.readBytes(ATTESTATION_TAG_SIZE);
  const payload = reader.readVarbytes(MAX_ATTESTATION_PAYLOAD_SIZE);
  if (equalBytes(tag, ATTESTATION_TAGS.bitcoin)) {
    return readKnownPayload(payload, (r) => new BitcoinBlockHeaderAttestation(r.readVaruint()));
  }
  if (equalBytes(tag, ATTESTATION_TAGS.litecoin)) {
    return readKnownPayload(payload, (r) => new LitecoinBlockHeaderAttestation(r.readVaruint()));
  }
  if (equalBytes(tag, ATTESTATION_TAGS.pending)) {
    return readKnownPayload(payload, (r) => {
      const uri = fromLatin1(r.readVarbytes(MAX_PENDING_URI_LENGTH));
      try {
        return new PendingAttestation(uri);
      } catch (error) {
        throw new OtsDeserializationError(`invalid calendar URI: ${(error as Error).message}`);
      }
    });
  }
  return new UnknownAttestation(tag, payload);
}
