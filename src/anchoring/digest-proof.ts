import type { Actor } from '../accounts/actor.js';
import { requireOrganisationAccess } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { findDigestAnchor, type DigestAnchorRow } from '../db/repositories/anchoring.repository.js';
import { findDocumentByPublicId } from '../db/repositories/document.repository.js';
import type { AnchorDigestKind } from '../db/tables/anchoring.table.js';
import { loadDocument } from '../documents/document-access.js';
import { AppError } from '../errors.js';
import {
  DetachedTimestampFile,
  HEADER_MAGIC,
  MAJOR_VERSION,
  OP_TAGS,
} from '../../verifier/index.js';
import { anchorStateOf, type AnchorState } from './anchor-status.js';
import { asBuffer } from '../verifier-node.js';

/** A downloadable `.ots` proof. */
export interface ProofFile {
  readonly fileName: string;
  readonly bytes: Buffer;
  /** `pending` (calendar promises) or `anchored` (Bitcoin attestation). */
  readonly status: Exclude<AnchorState, 'queued'>;
}

/**
 * The `.ots` file of one digest: header, sha256, the digest, the leaf's stored Merkle path, then
 * the batch's root timestamp. Because each path step is a node with a single operation, these
 * bytes are exactly what serialising the proof tree gives; they are parsed and re-serialised
 * before leaving, so the platform never hands out a file that does not round-trip.
 */
export function buildDigestProof(
  digest: Buffer,
  merklePath: Buffer,
  rootTimestamp: Buffer,
): Buffer {
  const bytes = Buffer.concat([
    HEADER_MAGIC,
    Buffer.from([MAJOR_VERSION, OP_TAGS.sha256]),
    digest,
    merklePath,
    rootTimestamp,
  ]);
  if (!asBuffer(DetachedTimestampFile.deserialize(bytes).serialize()).equals(bytes)) {
    throw new AppError('INTERNAL', 'A proof did not serialise back to its own bytes.');
  }
  return bytes;
}

/** The proof of a digest row, or null while it waits in the queue. */
export function proofOfDigest(row: DigestAnchorRow): Buffer | null {
  const state = anchorStateOf(row);
  if (state === 'queued' || row.merklePath === null || row.rootTimestamp === null) return null;
  return buildDigestProof(Buffer.from(row.digest, 'hex'), row.merklePath, row.rootTimestamp);
}

async function proofFor(
  ctx: AppContext,
  documentRowId: number,
  kind: AnchorDigestKind,
  fileName: string,
): Promise<ProofFile> {
  const row = await findDigestAnchor(ctx.db, documentRowId, kind);
  const what = kind === 'pdf' ? "the PDF's digest" : "the issuance commitment's digest";
  if (row === undefined) throw new AppError('NOT_FOUND', `No proof: ${what} was never queued.`);
  const bytes = proofOfDigest(row);
  const state = anchorStateOf(row);
  if (bytes === null || state === 'queued') {
    throw new AppError(
      'CONFLICT',
      state === 'queued'
        ? `The proof is not ready yet: ${what} waits in the anchoring queue.`
        : `The proof is not ready yet: ${what} was sent to Bitcoin and waits for a block.`,
      { details: { anchorStatus: state } },
    );
  }
  return { fileName, bytes, status: state };
}

/**
 * The public `<id>.pdf.ots` of an activated document: the OpenTimestamps proof for the SHA-256 of
 * its PDF. It holds digests and hashes only — nothing personal. NOT_FOUND until the PDF exists,
 * CONFLICT while there is nothing to prove yet (queued, or an own transaction not yet mined).
 */
export async function pdfProof(ctx: AppContext, documentId: string): Promise<ProofFile> {
  const row = await loadDocument(ctx, documentId);
  if (row.pdfSha256 === null) {
    throw new AppError('NOT_FOUND', 'This document has no PDF yet, so it has no proof.');
  }
  return proofFor(ctx, row.id, 'pdf', `${row.publicId}.pdf.ots`);
}

/**
 * The proof for a document's issuance commitment (the SHA-256 of its salted canonical record),
 * for its issuer (`read` permission): it shows the record existed at issuance.
 */
export async function commitmentProof(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; documentId: string },
): Promise<ProofFile> {
  const organisation = await requireOrganisationAccess(ctx, actor, input.organisationId, 'read');
  const row = await findDocumentByPublicId(ctx.db, input.documentId);
  if (row === undefined || row.organisationId !== organisation.id)
    throw new AppError('NOT_FOUND', 'No document with this id in this organisation.');
  return proofFor(ctx, row.id, 'commitment', `${row.publicId}.commitment.ots`);
}
