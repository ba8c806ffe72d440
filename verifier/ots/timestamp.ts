import { equalBytes } from '../common/bytes.js';
import { readAttestation, type TimeAttestation } from './attestations.js';
import { BytesReader } from './bytes-reader.js';
import { BytesWriter } from './bytes-writer.js';
import {
  OpMessageError,
  OtsDeserializationError,
  OtsSerializationError,
  RecursionLimitError,
} from './errors.js';
import { MAX_MSG_LENGTH, readOpWithTag, type Op } from './ops.js';

/**
 * Nesting limit of python-opentimestamps' deserialiser: a node 256 operations below the root is
 * rejected. We enforce it when reading and, so that we never write a proof the reference cannot
 * read, when writing.
 */
export const MAX_TIMESTAMP_DEPTH = 256;

/** An attestation together with the message it commits to. */
export interface CommittedAttestation {
  /** The message at the attestation (for Bitcoin: the block's Merkle root, internal order). */
  readonly msg: Uint8Array;
  readonly attestation: TimeAttestation;
}

const FORK = 0xff;
const ATTESTATION = 0x00;

/**
 * Proof that attestations commit to a message: a tree whose nodes are messages, whose edges are
 * operations (each child's message is its operation applied to the parent's) and whose leaves
 * are attestations. Mirrors python-opentimestamps' `Timestamp`.
 *
 * Invariants kept by every method: each child's `msg` equals `op.evaluate(parent.msg)`; `ops`
 * holds at most one entry per operation value and `attestations` at most one per attestation
 * value. `ops` keeps insertion order, but it is keyed by object identity, so look children up by
 * value with {@link Timestamp.getOp} / {@link Timestamp.add}, never with `ops.get(new Op…)`.
 */
export class Timestamp {
  /** The message this node is about. */
  readonly msg: Uint8Array;
  /** Operations leading to child nodes, in insertion order (written sorted). */
  readonly ops = new Map<Op, Timestamp>();
  /** Attestations on this very message, in insertion order (written sorted). */
  readonly attestations: TimeAttestation[] = [];

  constructor(msg: Uint8Array) {
    if (msg.length > MAX_MSG_LENGTH) {
      throw new RangeError(`message exceeds op length limit; ${msg.length} > ${MAX_MSG_LENGTH}`);
    }
    this.msg = Uint8Array.from(msg);
  }

  /** True when the node has neither operations nor attestations (it cannot be serialised). */
  get isEmpty(): boolean {
    return this.ops.size === 0 && this.attestations.length === 0;
  }

  /** The child reached through an operation equal to `op`, if any. */
  getOp(op: Op): Timestamp | undefined {
    const key = this.keyFor(op);
    return key === undefined ? undefined : this.ops.get(key);
  }

  /**
   * The child reached through `op`, created (with message `op.evaluate(msg)`) when missing —
   * python's `ops.add(op)`. Chain calls to build a path: `ts.add(a).add(b)`.
   */
  add(op: Op): Timestamp {
    const existing = this.getOp(op);
    if (existing) return existing;
    const child = new Timestamp(op.evaluate(this.msg));
    this.ops.set(op, child);
    return child;
  }

  /**
   * Sets the child reached through `op` to `stamp`, replacing any child for an equal operation
   * in place. Throws when `stamp.msg` is not what `op` yields from this message.
   */
  setOp(op: Op, stamp: Timestamp): void {
    if (!equalBytes(op.evaluate(this.msg), stamp.msg)) {
      throw new Error(`cannot attach timestamp: ${op.toString()} does not lead to its message`);
    }
    this.putOp(op, stamp);
  }

  private putOp(op: Op, stamp: Timestamp): void {
    this.ops.set(this.keyFor(op) ?? op, stamp);
  }

  private keyFor(op: Op): Op | undefined {
    for (const key of this.ops.keys()) if (key.equals(op)) return key;
    return undefined;
  }

  /** Adds `attestation` unless an equal one is already on this node. */
  addAttestation(attestation: TimeAttestation): void {
    if (!this.attestations.some((existing) => existing.equals(attestation))) {
      this.attestations.push(attestation);
    }
  }

  /**
   * Adds every operation and attestation of `other` (a timestamp for the same message) to this
   * one, recursively — how a calendar's answer or a Merkle path is grafted onto a proof.
   */
  merge(other: Timestamp): void {
    if (!equalBytes(this.msg, other.msg)) {
      throw new Error("can't merge timestamps for different messages together");
    }
    for (const attestation of other.attestations) this.addAttestation(attestation);
    for (const [op, stamp] of other.ops) this.add(op).merge(stamp);
  }

  /** Every attestation in the tree with the message it commits to, depth first. */
  *allAttestations(): Generator<CommittedAttestation> {
    for (const attestation of this.attestations) yield { msg: this.msg, attestation };
    for (const stamp of this.ops.values()) yield* stamp.allAttestations();
  }

  /** Attestations in the order the reference writes them. */
  sortedAttestations(): TimeAttestation[] {
    return [...this.attestations].sort((a, b) => a.compare(b));
  }

  /** Operations in the order the reference writes them. */
  sortedOps(): [Op, Timestamp][] {
    return [...this.ops].sort(([a], [b]) => a.compare(b));
  }

  /** Structural equality (message, attestations and operations as sets), like python's `==`. */
  equals(other: Timestamp): boolean {
    if (!equalBytes(this.msg, other.msg)) return false;
    if (this.attestations.length !== other.attestations.length) return false;
    if (!this.attestations.every((a) => other.attestations.some((b) => a.equals(b)))) return false;
    if (this.ops.size !== other.ops.size) return false;
    for (const [op, stamp] of this.ops) {
      const theirs = other.getOp(op);
      if (!theirs || !stamp.equals(theirs)) return false;
    }
    return true;
  }

  /**
   * Writes the tree exactly as python-opentimestamps does: attestations sorted, all but the last
   * item of a node prefixed with the fork marker 0xff, operations sorted by tag then argument.
   * Throws {@link OtsSerializationError} for an empty node or nesting beyond
   * {@link MAX_TIMESTAMP_DEPTH}.
   */
  serialize(writer: BytesWriter, depth = 0): void {
    if (depth >= MAX_TIMESTAMP_DEPTH) {
      throw new OtsSerializationError(
        `timestamp nests deeper than ${MAX_TIMESTAMP_DEPTH} levels; readers would reject it`,
      );
    }
    if (this.isEmpty) throw new OtsSerializationError("an empty timestamp can't be serialized");
    const attestations = this.sortedAttestations();
    const ops = this.sortedOps();
    const items = attestations.length + ops.length;
    let written = 0;
    const marker = (): void => {
      written += 1;
      if (written < items) writer.writeUint8(FORK);
    };
    for (const attestation of attestations) {
      marker();
      writer.writeUint8(ATTESTATION);
      attestation.serialize(writer);
    }
    for (const [op, stamp] of ops) {
      marker();
      op.serialize(writer);
      stamp.serialize(writer, depth + 1);
    }
  }

  /** The serialised tree (without any file header). */
  toBytes(): Uint8Array {
    const writer = new BytesWriter();
    this.serialize(writer);
    return writer.toBytes();
  }

  /**
   * Parses a bare serialised timestamp (no file header) for `msg`, rejecting trailing bytes — the
   * form a calendar returns from `POST /digest` and `GET /timestamp/<commitment>`.
   */
  static fromBytes(bytes: Uint8Array, msg: Uint8Array): Timestamp {
    const reader = new BytesReader(bytes);
    const timestamp = Timestamp.deserialize(reader, msg);
    reader.assertEof();
    return timestamp;
  }

  /**
   * Reads a tree for the message `msg` (the format does not carry it). Operations are evaluated
   * while reading, as in the reference, so an operation invalid for its message is a parse error.
   * Throws {@link OtsDeserializationError} subclasses on malformed input, and
   * `UnsupportedOperationError` for an operation this library cannot evaluate (keccak256).
   */
  static deserialize(
    reader: BytesReader,
    msg: Uint8Array,
    depthLimit = MAX_TIMESTAMP_DEPTH,
  ): Timestamp {
    if (depthLimit <= 0) throw new RecursionLimitError(MAX_TIMESTAMP_DEPTH);
    const self = new Timestamp(msg);
    const readItem = (tag: number): void => {
      if (tag === ATTESTATION) {
        self.addAttestation(readAttestation(reader));
        return;
      }
      const op = readOpWithTag(reader, tag);
      let result: Uint8Array;
      try {
        result = op.evaluate(self.msg);
      } catch (error) {
        if (!(error instanceof OpMessageError)) throw error;
        throw new OtsDeserializationError(
          `invalid timestamp; message invalid for op ${op.toString()}: ${error.message}`,
          { cause: error },
        );
      }
      self.putOp(op, Timestamp.deserialize(reader, result, depthLimit - 1));
    };
    let tag = reader.readUint8();
    while (tag === FORK) {
      readItem(reader.readUint8());
      tag = reader.readUint8();
    }
    readItem(tag);
    return self;
  }
}
