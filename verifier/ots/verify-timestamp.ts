import { equalBytes } from '../common/bytes.js';
import {
  BlockSourceError,
  type BlockHeader,
  type BlockHeaderSource,
} from '../bitcoin/block-header-source.js';
import {
  BitcoinBlockHeaderAttestation,
  PendingAttestation,
  type TimeAttestation,
} from './attestations.js';
import type { DetachedTimestampFile } from './detached-timestamp-file.js';
import type { CommittedAttestation, Timestamp } from './timestamp.js';

/** A Bitcoin attestation whose message is the Merkle root of the block at its height. */
export interface VerifiedAttestationCheck {
  readonly status: 'verified';
  readonly attestation: BitcoinBlockHeaderAttestation;
  /** The message the proof computes at the attestation (internal byte order). */
  readonly message: Uint8Array;
  readonly height: number;
  /** Block time, seconds since the Unix epoch. */
  readonly time: number;
  /** Block hash, display order. */
  readonly blockHash: string;
}

/** A Bitcoin attestation the block header contradicts. */
export interface FailedAttestationCheck {
  readonly status: 'failed';
  readonly attestation: BitcoinBlockHeaderAttestation;
  readonly message: Uint8Array;
  readonly height: number;
  readonly reason: string;
}

/** A Bitcoin attestation that could not be checked because the header source gave no answer. */
export interface UncheckedAttestationCheck {
  readonly status: 'unknown';
  readonly attestation: BitcoinBlockHeaderAttestation;
  readonly message: Uint8Array;
  readonly height: number;
  readonly reason: string;
}

/** A calendar's promise to anchor the message later; proves nothing yet. */
export interface PendingAttestationCheck {
  readonly status: 'pending';
  readonly attestation: PendingAttestation;
  readonly message: Uint8Array;
  /** The calendar to ask for the upgrade. */
  readonly uri: string;
}

/** An attestation this verifier does not check (unknown notary, Litecoin). Never verified. */
export interface UnrecognisedAttestationCheck {
  readonly status: 'unknown-attestation';
  readonly attestation: TimeAttestation;
  readonly message: Uint8Array;
  readonly reason: string;
}

/** Outcome for one attestation of the proof. */
export type AttestationCheck =
  | VerifiedAttestationCheck
  | FailedAttestationCheck
  | UncheckedAttestationCheck
  | PendingAttestationCheck
  | UnrecognisedAttestationCheck;

/** Overall outcome when at least one Bitcoin attestation holds. */
export interface VerifiedTimestamp {
  readonly status: 'verified';
  /** Height of the earliest block that attests the digest. */
  readonly height: number;
  /** That block's time, seconds since the Unix epoch: the digest existed by then. */
  readonly time: number;
  /** The same instant as a `Date`. */
  readonly date: Date;
  readonly blockHash: string;
  readonly attestations: readonly AttestationCheck[];
}

/**
 * Overall outcome when nothing holds:
 * - `unknown`: a Bitcoin attestation could not be checked (source unreachable, block not known
 *   to it), or the proof only has attestations this verifier does not check;
 * - `failed`: the file is not the one timestamped, or any Bitcoin attestation is contradicted by
 *   its block header (even next to one that verifies or one that cannot be checked);
 * - `pending`: only calendar promises so far.
 */
export interface UnverifiedTimestamp {
  readonly status: 'unknown' | 'failed' | 'pending';
  readonly reason: string;
  readonly attestations: readonly AttestationCheck[];
}

/** What {@link verifyTimestamp} concludes. */
export type TimestampVerification = VerifiedTimestamp | UnverifiedTimestamp;

/**
 * Every attestation of `timestamp` with the message it commits to, computed afresh by applying
 * each operation from the root message (rather than trusting the messages stored in the tree).
 */
export function* evaluateAttestations(timestamp: Timestamp): Generator<CommittedAttestation> {
  yield* walk(timestamp, timestamp.msg);
}

function* walk(node: Timestamp, msg: Uint8Array): Generator<CommittedAttestation> {
  for (const attestation of node.attestations) yield { msg, attestation };
  for (const [op, child] of node.ops) yield* walk(child, op.evaluate(msg));
}

/**
 * Verifies a detached timestamp for a file whose digest (made with `file.fileHashOp`) is
 * `fileDigest`: the digest must equal the proof's, then every path is evaluated and every
 * attestation judged — Bitcoin ones against the header `source` returns for their height (the
 * computed message must equal the header's Merkle root), pending ones reported as pending,
 * others as `unknown-attestation`. Any attestation its block header contradicts makes the result
 * `failed`; otherwise one verified Bitcoin attestation is enough (the earliest wins), and an
 * unreachable source makes the result `unknown`, never `failed`.
 */
export async function verifyTimestamp(
  file: DetachedTimestampFile,
  fileDigest: Uint8Array,
  source: BlockHeaderSource,
): Promise<TimestampVerification> {
  if (!equalBytes(file.fileDigest, fileDigest)) {
    return {
      status: 'failed',
      reason: `the file's ${file.fileHashOp.name} digest does not match the digest in the proof`,
      attestations: [],
    };
  }
  const headers = new Map<number, Promise<BlockHeader>>();
  const lookup = (height: number): Promise<BlockHeader> => {
    let pending = headers.get(height);
    if (!pending) {
      pending = source.headerByHeight(height);
      headers.set(height, pending);
    }
    return pending;
  };
  const checks = await Promise.all(
    [...evaluateAttestations(file.timestamp)].map(({ msg, attestation }) =>
      checkAttestation(msg, attestation, lookup),
    ),
  );
  return conclude(checks);
}

async function checkAttestation(
  message: Uint8Array,
  attestation: TimeAttestation,
  lookup: (height: number) => Promise<BlockHeader>,
): Promise<AttestationCheck> {
  if (attestation instanceof PendingAttestation) {
    return { status: 'pending', attestation, message, uri: attestation.uri };
  }
  if (!(attestation instanceof BitcoinBlockHeaderAttestation)) {
    return {
      status: 'unknown-attestation',
      attestation,
      message,
      reason: `${attestation.toString()} is not checked by this verifier`,
    };
  }
  const { height } = attestation;
  if (message.length !== 32) {
    return {
      status: 'failed',
      attestation,
      message,
      height,
      reason: `expected a 32-byte Merkle root at height ${height}, got ${message.length} bytes`,
    };
  }
  let header: BlockHeader;
  try {
    header = await lookup(height);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const kind = error instanceof BlockSourceError ? error.kind : 'error';
    return {
      status: 'unknown',
      attestation,
      message,
      height,
      reason: `block header at height ${height} unavailable (${kind}): ${detail}`,
    };
  }
  if (!equalBytes(header.merkleRoot, message)) {
    return {
      status: 'failed',
      attestation,
      message,
      height,
      reason: `the proof's message does not match the Merkle root of block ${height} (${header.hash})`,
    };
  }
  return {
    status: 'verified',
    attestation,
    message,
    height,
    time: header.time,
    blockHash: header.hash,
  };
}

function conclude(checks: AttestationCheck[]): TimestampVerification {
  // A proof that claims something a block header contradicts is a false proof, whatever else it
  // holds: neither a verified attestation nor one the source cannot check may hide it (the
  // reference client fails such a proof too).
  const contradicted = checks.find(
    (check): check is FailedAttestationCheck => check.status === 'failed',
  );
  if (contradicted) return { status: 'failed', reason: contradicted.reason, attestations: checks };
  const verified = checks
    .filter((check): check is VerifiedAttestationCheck => check.status === 'verified')
    .sort((a, b) => a.time - b.time || a.height - b.height);
  const earliest = verified[0];
  if (earliest) {
    return {
      status: 'verified',
      height: earliest.height,
      time: earliest.time,
      date: new Date(earliest.time * 1000),
      blockHash: earliest.blockHash,
      attestations: checks,
    };
  }
  const unchecked = checks.find(
    (check): check is UncheckedAttestationCheck => check.status === 'unknown',
  );
  if (unchecked) return { status: 'unknown', reason: unchecked.reason, attestations: checks };
  const pending = checks.filter(
    (check): check is PendingAttestationCheck => check.status === 'pending',
  );
  if (pending.length > 0) {
    const calendars = pending.map((check) => check.uri).join(', ');
    return {
      status: 'pending',
      reason: `not yet anchored in Bitcoin; pending at ${calendars}`,
      attestations: checks,
    };
  }
  return {
    status: 'unknown',
    reason:
      checks.length === 0
        ? 'the proof has no attestation'
        : 'the proof has no attestation this verifier can check',
    attestations: checks,
  };
}
