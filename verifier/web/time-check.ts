import type { CheckStatus } from '../verify/check.js';
import { equalBytes, toHex } from './bytes.js';
import type { WebBlockHeaderSource } from './header-sources.js';
import { OtsReadError, readOtsProof, type OtsLeaf } from './ots-proof.js';

/** What the time check found, when a Bitcoin block dates the document. */
export interface TimeEvidence {
  readonly height: number;
  /** The block's time, ISO 8601: the document existed by then. */
  readonly blockTime: string;
  /** The header sources that agreed on the block. */
  readonly sources: readonly string[];
}

export interface TimeOutcome {
  readonly status: CheckStatus;
  readonly code: string;
  readonly message: string;
  readonly evidence: TimeEvidence | null;
}

type LeafResult =
  | { kind: 'verified'; height: number; time: number }
  | { kind: 'failed'; reason: string }
  | { kind: 'unknown'; reason: string }
  | { kind: 'pending'; uri: string }
  | { kind: 'other' };

/**
 * One Bitcoin attestation against every source: verified only when all of them answer with the
 * same header and its Merkle root is the proof's message; contradicted (failed) when they agree
 * on a header whose root differs; unknown when one is silent or they disagree.
 */
async function checkLeaf(
  leaf: OtsLeaf,
  sources: readonly WebBlockHeaderSource[],
): Promise<LeafResult> {
  if (leaf.kind === 'pending') return { kind: 'pending', uri: leaf.uri ?? '' };
  if (leaf.kind !== 'bitcoin' || leaf.height === null) return { kind: 'other' };
  const height = leaf.height;
  if (leaf.message.length !== 32)
    return {
      kind: 'failed',
      reason: `the proof does not compute a Merkle root at block ${height}`,
    };
  const answers = await Promise.allSettled(sources.map((source) => source.headerByHeight(height)));
  const headers = [];
  for (const [index, answer] of answers.entries()) {
    if (answer.status === 'rejected')
      return { kind: 'unknown', reason: `${sources[index]!.label} did not give block ${height}` };
    headers.push(answer.value);
  }
  const [first] = headers;
  if (
    first === undefined ||
    headers.some(
      (header) => !equalBytes(header.merkleRoot, first.merkleRoot) || header.time !== first.time,
    )
  )
    return {
      kind: 'unknown',
      reason: `the block header sources disagree about block ${height}`,
    };
  if (!equalBytes(first.merkleRoot, leaf.message))
    return {
      kind: 'failed',
      reason: `the proof's message is not the Merkle root of block ${height}`,
    };
  return { kind: 'verified', height, time: first.time };
}

/**
 * The time check, made here: the proof must be for this file's SHA-256 and anchored in a
 * Bitcoin block that at least two independent header sources agree on. Any attestation a block
 * contradicts fails it; silence or disagreement leaves it unknown, never passed.
 */
export async function checkTimeWeb(
  sha256: Uint8Array,
  proofBytes: Uint8Array | null,
  whyNoProof: string,
  sources: readonly WebBlockHeaderSource[],
): Promise<TimeOutcome> {
  if (proofBytes === null)
    return { status: 'pending', code: 'no_proof', message: whyNoProof, evidence: null };
  let leaves: readonly OtsLeaf[];
  try {
    const proof = readOtsProof(proofBytes);
    if (proof.fileHash !== 'sha256' || !equalBytes(proof.fileDigest, sha256))
      return {
        status: 'failed',
        code: 'proof_mismatch',
        message: `The timestamp proof is for another file (SHA-256 ${toHex(proof.fileDigest)}), not this one.`,
        evidence: null,
      };
    leaves = proof.leaves;
  } catch (error) {
    const reason = error instanceof OtsReadError ? error.message : 'it cannot be read';
    return {
      status: 'failed',
      code: 'proof_unreadable',
      message: `The timestamp proof is not a valid OpenTimestamps proof: ${reason}.`,
      evidence: null,
    };
  }
  const bitcoin = leaves.some((leaf) => leaf.kind === 'bitcoin');
  if (bitcoin && sources.length < 2)
    return {
      status: 'unknown',
      code: 'header_sources_missing',
      message: 'Unknown: the proof was not checked against two independent block header sources.',
      evidence: null,
    };
  const results = await Promise.all(leaves.map((leaf) => checkLeaf(leaf, sources)));
  const failed = results.find((result) => result.kind === 'failed');
  if (failed !== undefined && failed.kind === 'failed')
    return {
      status: 'failed',
      code: 'proof_invalid',
      message: `The timestamp proof does not verify: ${failed.reason}.`,
      evidence: null,
    };
  const verified = results
    .flatMap((result) => (result.kind === 'verified' ? [result] : []))
    .sort((a, b) => a.time - b.time || a.height - b.height);
  const earliest = verified[0];
  if (earliest !== undefined) {
    const at = new Date(earliest.time * 1000).toISOString();
    const labels = sources.map((source) => source.label);
    return {
      status: 'passed',
      code: 'anchored_in_bitcoin',
      message: `Existed by ${at}: anchored in Bitcoin block ${earliest.height}, checked here against ${labels.join(' and ')}.`,
      evidence: { height: earliest.height, blockTime: at, sources: labels },
    };
  }
  const unknown = results.find((result) => result.kind === 'unknown');
  if (unknown !== undefined && unknown.kind === 'unknown')
    return {
      status: 'unknown',
      code: 'bitcoin_unavailable',
      message: `Unknown: ${unknown.reason}.`,
      evidence: null,
    };
  const pending = results.flatMap((result) => (result.kind === 'pending' ? [result.uri] : []));
  if (pending.length > 0)
    return {
      status: 'pending',
      code: 'anchor_pending',
      message: `Not anchored in Bitcoin yet: pending at ${pending.join(', ')}.`,
      evidence: null,
    };
  return {
    status: 'unknown',
    code: 'no_checkable_attestation',
    message: 'Unknown: the proof has no attestation this verifier can check.',
    evidence: null,
  };
}
