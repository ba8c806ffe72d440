import type { AppContext } from '../context.js';
import type { Executor } from '../db/database.js';
import { loadDocument } from '../documents/document-access.js';
import { AppError } from '../errors.js';
import { anchorStateOf, type AnchorState } from './anchor-status.js';
import { buildDigestProof, type ProofFile } from './digest-proof.js';

/** One anchored status change of a document, as the API lists it. */
export interface StatusProof {
  /** `revoked`, `suspended`, `reinstated` or `superseded`. */
  transition: string;
  /** The canonical JSON statement; its SHA-256 is `digest`. */
  statement: string;
  digest: string;
  status: AnchorState;
  queuedAt: string;
  bitcoinHeight: number | null;
  bitcoinTime: string | null;
  /** The `.ots` proof to download; null while queued. */
  proofUrl: string | null;
}

function statementRows(db: Executor, documentRowId: number) {
  return db
    .selectFrom('statusStatements')
    .innerJoin('anchorDigests', 'anchorDigests.id', 'statusStatements.anchorDigestId')
    .leftJoin('anchorLeaves', 'anchorLeaves.digestId', 'anchorDigests.id')
    .leftJoin('anchorBatches', 'anchorBatches.id', 'anchorLeaves.batchId')
    .select([
      'statusStatements.transition',
      'statusStatements.statement',
      'anchorDigests.digest',
      'anchorDigests.queuedAt',
      'anchorLeaves.merklePath',
      'anchorBatches.status as batchStatus',
      'anchorBatches.rootTimestamp',
      'anchorBatches.bitcoinHeight',
      'anchorBatches.bitcoinTime',
    ])
    .where('statusStatements.documentId', '=', documentRowId)
    .orderBy('statusStatements.id')
    .execute();
}

/** The URL of a status change's `.ots` proof. */
export function statusProofUrl(publicUrl: string, documentId: string, digest: string): string {
  return `${publicUrl}/api/documents/${documentId}/status-proofs/${digest}.ots`;
}

/**
 * Every anchored status change of a document (revocation, suspension, reinstatement,
 * supersession), oldest first: the statement anyone can hash, and where its anchor stands.
 */
export async function statusProofsOf(
  ctx: AppContext,
  document: { id: number; publicId: string },
): Promise<StatusProof[]> {
  const rows = await statementRows(ctx.db, document.id);
  return rows.map((row) => {
    const status = anchorStateOf(row);
    return {
      transition: row.transition,
      statement: row.statement,
      digest: row.digest,
      status,
      queuedAt: row.queuedAt,
      bitcoinHeight: status === 'anchored' ? row.bitcoinHeight : null,
      bitcoinTime: status === 'anchored' ? row.bitcoinTime : null,
      proofUrl:
        status === 'queued' ? null : statusProofUrl(ctx.publicUrl, document.publicId, row.digest),
    };
  });
}

/**
 * The public `.ots` proof of one status change of a document (named by its statement's digest):
 * hashes only, like the PDF's proof. NOT_FOUND for a digest that is not one of the document's
 * status changes; CONFLICT while it waits in the queue.
 */
export async function statusChangeProof(
  ctx: AppContext,
  documentId: string,
  digest: string,
): Promise<ProofFile> {
  const document = await loadDocument(ctx, documentId);
  const rows = await statementRows(ctx.db, document.id);
  const row = rows.find((candidate) => candidate.digest === digest.toLowerCase());
  if (row === undefined)
    throw new AppError('NOT_FOUND', 'This document has no status change with this digest.');
  const state = anchorStateOf(row);
  if (state === 'queued' || row.merklePath === null || row.rootTimestamp === null) {
    throw new AppError(
      'CONFLICT',
      'The proof is not ready yet: the status change waits in the anchoring queue.',
      { details: { anchorStatus: 'queued' } },
    );
  }
  return {
    fileName: `${document.publicId}.${row.transition}.${digest.slice(0, 12)}.ots`,
    bytes: buildDigestProof(Buffer.from(row.digest, 'hex'), row.merklePath, row.rootTimestamp),
    status: state,
  };
}
