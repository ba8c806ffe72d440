import { fromHex } from '../common/bytes.js';
import { BytesReader } from './bytes-reader.js';
import { BytesWriter } from './bytes-writer.js';
import { UnsupportedMajorVersionError } from './errors.js';
import { OpSha256, readCryptOp, type CryptOp } from './ops.js';
import { Timestamp } from './timestamp.js';

/** Magic at the start of every `.ots` file: readable in a hexdump, "data" to `file(1)`. */
export const HEADER_MAGIC = fromHex(
  '004f70656e54696d657374616d7073000050726f6f6600bf89e2e884e89294',
);

/** The only major version of the format. */
export const MAJOR_VERSION = 1;

/**
 * A `.ots` file: magic, major version 1, the hash operation used on the timestamped file, that
 * file's digest, then the timestamp tree for the digest. Mirrors python-opentimestamps'
 * `DetachedTimestampFile`; Certa always writes sha256 files.
 */
export class DetachedTimestampFile {
  constructor(
    /** How the timestamped file was hashed. */
    readonly fileHashOp: CryptOp,
    /** The proof tree; its `msg` is the file digest. */
    readonly timestamp: Timestamp,
  ) {
    if (timestamp.msg.length !== fileHashOp.digestLength) {
      throw new RangeError(
        `timestamp message length (${timestamp.msg.length}) and ${fileHashOp.name} digest length (${fileHashOp.digestLength}) differ`,
      );
    }
  }

  /** A file with an empty timestamp for a sha256 `digest`; add operations to `timestamp`. */
  static forSha256Digest(digest: Uint8Array): DetachedTimestampFile {
    return new DetachedTimestampFile(new OpSha256(), new Timestamp(digest));
  }

  /** Digest of the timestamped file. */
  get fileDigest(): Uint8Array {
    return this.timestamp.msg;
  }

  /** The `.ots` bytes, identical to what python-opentimestamps writes for the same proof. */
  serialize(): Uint8Array {
    const writer = new BytesWriter(512);
    writer.writeBytes(HEADER_MAGIC);
    writer.writeUint8(MAJOR_VERSION);
    this.fileHashOp.serialize(writer);
    writer.writeBytes(this.timestamp.msg);
    this.timestamp.serialize(writer);
    return writer.toBytes();
  }

  /**
   * Parses `.ots` bytes. Throws `BadMagicError` for something that is not an `.ots` file, other
   * `OtsDeserializationError`s for a truncated, damaged, over-deep or over-long proof (trailing
   * bytes included), and `UnsupportedOperationError` for keccak256 inside the tree.
   */
  static deserialize(bytes: Uint8Array): DetachedTimestampFile {
    const reader = new BytesReader(bytes);
    reader.assertMagic(HEADER_MAGIC);
    const major = reader.readUint8();
    if (major !== MAJOR_VERSION) throw new UnsupportedMajorVersionError(major);
    const fileHashOp = readCryptOp(reader);
    const digest = reader.readBytes(fileHashOp.digestLength);
    const timestamp = Timestamp.deserialize(reader, digest);
    reader.assertEof();
    return new DetachedTimestampFile(fileHashOp, timestamp);
  }
}
