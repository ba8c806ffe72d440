import { anchorStateOf, type AnchorState } from '../anchoring/anchor-status.js';
import { proofOfDigest } from '../anchoring/digest-proof.js';
import type { AppContext } from '../context.js';
import type { DigestAnchorRow } from '../db/repositories/anchoring.repository.js';
import type { DocumentRow } from '../db/tables/documents.table.js';
import { DetachedTimestampFile, verifyTimestamp } from '../../verifier/index.js';
import type { Check } from './verification-report.js';

/** The PDF's timestamp in the verify report: where it stands and, once checked, its block. */
export interface AnchorSummary {
  status: AnchorState;
  /** The Bitcoin block whose header the proof was checked against (only when the check passed). */
  bitcoinHeight: number | null;
  /** That block's time: the PDF existed by then. */
  bitcoinTime: string | null;
  /** The `.ots` proof to download (null while queued). */
  proofUrl: string | null;
}

/**
 * How far a block's time may read earlier than the moment it was mined: a block is valid with a
 * time just above the median of the eleven before it, about an hour behind; two hours is safe.
 */
export const BLOCK_TIME_TOLERANCE_MS = 2 * 3600 * 1000;

/**
 * The time check of a verify report, from the stored proof of the PDF's digest: a Bitcoin
 * attestation checked against the platform's header source passes (block height and time); a
 * proof with calendar promises only is pending, as is a digest still queued; an unreachable
 * source is unknown — never invalid —; a proof that does not verify fails, and so does one whose
 * block is older than the document's issuance (more than {@link BLOCK_TIME_TOLERANCE_MS}): the
 * file cannot have been anchored before it existed.
 */
export async function checkTime(
  ctx: AppContext,
  row: DocumentRow | undefined,
  /** The document's digests (`findDigestAnchors`), which the report's anchor list shows too. */
  digestRows: readonly DigestAnchorRow[],
): Promise<{ check: Check; anchor: AnchorSummary | null }> {
  if (row === undefined) {
    return {
      check: {
        id: 'time',
        status: 'unknown',
        code: 'no_document',
        message: 'No time: the document is not known here.',
      },
      anchor: null,
    };
  }
  const digest = digestRows.filter((candidate) => candidate.kind === 'pdf').at(-1);
  const state = digest === undefined ? 'queued' : anchorStateOf(digest);
  const proof = digest === undefined ? null : proofOfDigest(digest);
  const anchor: AnchorSummary = {
    status: state,
    bitcoinHeight: null,
    bitcoinTime: null,
    proofUrl:
      proof === null
        ? null
        : `${ctx.publicUrl}/api/documents/${encodeURIComponent(row.publicId)}/proof.ots`,
  };
  if (digest !== undefined && state === 'pending' && proof === null) {
    return {
      check: {
        id: 'time',
        status: 'pending',
        code: 'anchor_pending',
        message: `Sent for anchoring on Bitcoin${digest.pendingAt === null ? '' : ` on ${digest.pendingAt}`}; waiting for a block to confirm it.`,
      },
      anchor,
    };
  }
  if (digest === undefined || proof === null) {
    return {
      check: {
        id: 'time',
        status: 'pending',
        code: 'not_anchored_yet',
        message: `Issued ${row.issuedAt}, activated ${row.activatedAt ?? 'not yet'}; not anchored on Bitcoin yet.`,
      },
      anchor,
    };
  }
  const file = DetachedTimestampFile.deserialize(proof);
  const result = await verifyTimestamp(
    file,
    Buffer.from(row.pdfSha256 ?? digest.digest, 'hex'),
    ctx.bitcoinHeaders,
  );
  switch (result.status) {
    case 'verified': {
      const time = result.date.toISOString();
      if (result.date.getTime() < Date.parse(row.issuedAt) - BLOCK_TIME_TOLERANCE_MS) {
        return {
          check: {
            id: 'time',
            status: 'failed',
            code: 'time_inconsistent',
            message: `Inconsistent: the proof dates the file to Bitcoin block ${result.height} (${time}), before the document was issued (${row.issuedAt}).`,
          },
          anchor: { ...anchor, bitcoinHeight: result.height, bitcoinTime: time },
        };
      }
      return {
        check: {
          id: 'time',
          status: 'passed',
          code: 'anchored_in_bitcoin',
          message: `Existed by ${time}: its SHA-256 is anchored in Bitcoin block ${result.height}, checked against the block header.`,
        },
        anchor: { ...anchor, bitcoinHeight: result.height, bitcoinTime: time },
      };
    }
    case 'pending':
      return {
        check: {
          id: 'time',
          status: 'pending',
          code: 'anchor_pending',
          message: `Sent for anchoring on Bitcoin${digest.pendingAt === null ? '' : ` on ${digest.pendingAt}`}; waiting for a block to confirm it.`,
        },
        anchor,
      };
    case 'unknown':
      return {
        check: {
          id: 'time',
          status: 'unknown',
          code: 'bitcoin_unavailable',
          message: `Anchored on Bitcoin${digest.bitcoinHeight === null ? '' : ` in block ${digest.bitcoinHeight}`}, but the block header could not be looked up to check it now.`,
        },
        anchor,
      };
    case 'failed':
      return {
        check: {
          id: 'time',
          status: 'failed',
          code: 'proof_invalid',
          message: 'The stored timestamp proof does not verify against Bitcoin.',
        },
        anchor,
      };
  }
}
