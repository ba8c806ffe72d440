import { toHex } from '../common/bytes.js';

/**
 * Errors of the OpenTimestamps layer. The parse errors mirror python-opentimestamps
 * (`opentimestamps/core/serialize.py`) so callers can tell "not a proof at all" (bad magic) from
 * "a damaged or hostile proof" (everything else) and from "a proof we cannot evaluate"
 * ({@link UnsupportedOperationError}).
 */

/** Base class of every error raised while parsing `.ots` bytes: the input is not a valid proof. */
export class OtsDeserializationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OtsDeserializationError';
  }
}

/** The bytes do not start with the detached-timestamp magic: this is not an `.ots` file. */
export class BadMagicError extends OtsDeserializationError {
  constructor(expected: Uint8Array, actual: Uint8Array) {
    super(`expected magic bytes 0x${toHex(expected)}, got 0x${toHex(actual)} instead`);
    this.name = 'BadMagicError';
  }
}

/** The file declares a major version other than 1. */
export class UnsupportedMajorVersionError extends OtsDeserializationError {
  constructor(readonly version: number) {
    super(`version ${version} detached timestamp files are not supported`);
    this.name = 'UnsupportedMajorVersionError';
  }
}

/** The input ended in the middle of a value. */
export class TruncationError extends OtsDeserializationError {
  constructor(wanted: number, got: number) {
    super(`tried to read ${wanted} bytes but got only ${got} bytes`);
    this.name = 'TruncationError';
  }
}

/** Parsing finished but bytes remain: the reference rejects such files, and so do we. */
export class TrailingGarbageError extends OtsDeserializationError {
  constructor(count: number) {
    super(`trailing garbage found after end of deserialized data (${count} bytes)`);
    this.name = 'TrailingGarbageError';
  }
}

/** The timestamp tree nests deeper than the reference's limit of 256 levels. */
export class RecursionLimitError extends OtsDeserializationError {
  constructor(limit: number) {
    super(`reached timestamp recursion depth limit (${limit}) while deserializing`);
    this.name = 'RecursionLimitError';
  }
}

/**
 * An operation cannot be applied to a message (python's `MsgValueError`): the message or the
 * result is too long, or the message is empty where the operation forbids it.
 */
export class OpMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpMessageError';
  }
}

/** An operation argument is invalid (python's `OpArgValueError`), e.g. an empty `append`. */
export class OpArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpArgumentError';
  }
}

/**
 * The proof uses an operation this library parses but cannot evaluate. Today that is only
 * `keccak256` (tag 0x67): Node's crypto has no Keccak-256 (its `sha3-256` pads differently) and we
 * do not hand-roll hash primitives. Not a sign of tampering; the proof is simply not checkable
 * here.
 */
export class UnsupportedOperationError extends Error {
  constructor(readonly operation: string) {
    super(`unsupported operation: ${operation} cannot be evaluated by this verifier`);
    this.name = 'UnsupportedOperationError';
  }
}

/** A timestamp cannot be written: it is empty somewhere, or nests deeper than readers accept. */
export class OtsSerializationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtsSerializationError';
  }
}
