import { agreeingHeaderSources, type LabelledHeaderSource } from '../bitcoin/agreeing-sources.js';
import { equalBytes, toHex } from '../common/bytes.js';
import { BitcoinBlockHeaderAttestation } from '../ots/attestations.js';
import { DetachedTimestampFile } from '../ots/detached-timestamp-file.js';
import { verifyTimestamp } from '../ots/verify-timestamp.js';
import type { CheckStatus } from '../verify/check.js';
import { describeNotAProof } from '../verify/time-check.js';

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

/**
 * The browser's time check: the proof (the package's OpenTimestamps reader and
 * `verifyTimestamp`) must be for this file's SHA-256 and anchored in a Bitcoin block that at
 * least two independent header sources agree on ({@link agreeingHeaderSources}). Any
 * attestation a block contradicts fails it; silence or disagreement leaves it unknown, never
 * passed.
 */
export async function checkTimeAgainstSources(
  sha256: Uint8Array,
  proofBytes: Uint8Array | null,
  whyNoProof: string,
  sources: readonly LabelledHeaderSource[],
): Promise<TimeOutcome> {
  if (proofBytes === null)
    return { status: 'pending', code: 'no_proof', message: whyNoProof, evidence: null };
  let proof: DetachedTimestampFile;
  try {
    proof = DetachedTimestampFile.deserialize(proofBytes);
  } catch (error) {
    return {
      status: 'failed',
      code: 'proof_unreadable',
      message: `The timestamp proof ${describeNotAProof(proofBytes, error)}.`,
      evidence: null,
    };
  }
  if (proof.fileHashOp.name !== 'sha256' || !equalBytes(proof.fileDigest, sha256))
    return {
      status: 'failed',
      code: 'proof_mismatch',
      message: `The timestamp proof is for another file (${proof.fileHashOp.name} ${toHex(proof.fileDigest)}), not this one.`,
      evidence: null,
    };
  const bitcoin = [...proof.timestamp.allAttestations()].some(
    ({ attestation }) => attestation instanceof BitcoinBlockHeaderAttestation,
  );
  if (bitcoin && sources.length < 2)
    return {
      status: 'unknown',
      code: 'header_sources_missing',
      message: 'Unknown: the proof was not checked against two independent block header sources.',
      evidence: null,
    };
  const result = await verifyTimestamp(proof, sha256, agreeingHeaderSources(sources));
  const labels = sources.map((source) => source.label);
  switch (result.status) {
    case 'verified': {
      const at = result.date.toISOString();
      return {
        status: 'passed',
        code: 'anchored_in_bitcoin',
        message: `Existed by ${at}: anchored in Bitcoin block ${result.height}, checked here against ${labels.join(' and ')}.`,
        evidence: { height: result.height, blockTime: at, sources: labels },
      };
    }
    case 'failed':
      return {
        status: 'failed',
        code: 'proof_invalid',
        message: `The timestamp proof does not verify: ${result.reason}.`,
        evidence: null,
      };
    case 'unknown':
      return {
        status: 'unknown',
        code: 'bitcoin_unavailable',
        message: `Unknown: ${result.reason}.`,
        evidence: null,
      };
    case 'pending':
      return {
        status: 'pending',
        code: 'anchor_pending',
        message: `Not anchored in Bitcoin yet: ${result.reason}.`,
        evidence: null,
      };
  }
}
