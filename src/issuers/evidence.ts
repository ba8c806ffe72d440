import { PDFDocument } from 'pdf-lib';
import type { AppContext } from '../context.js';
import { openAead, sealAead } from '../crypto/aead.js';
import { sha256Hex } from '../crypto/digest.js';
import { deriveKey } from '../crypto/hkdf.js';
import type { ApplicationEvidence } from '../db/tables/organisations.table.js';
import { AppError } from '../errors.js';
import { looksLikeJpeg, looksLikePng, readJpeg, readPng } from '../templates/image-header.js';

/*
 * Evidence files of an application (registration certificate, proof of address, …): recognised
 * by their content, never by their name or declared type; stored encrypted (AES-256-GCM under a
 * key derived from the master key, bound to the evidence's public id) under a random blob name.
 * The original file name is not kept: it often holds a person's name.
 */

export const EVIDENCE_KINDS = [
  'registration_certificate',
  'proof_of_address',
  'authorisation_letter',
  'other',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const EVIDENCE_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type EvidenceMediaType = (typeof EVIDENCE_MEDIA_TYPES)[number];

const MiB = 1024 * 1024;
/** Largest evidence file. */
export const MAX_EVIDENCE_BYTES = 10 * MiB;
/** Most evidence files one application may hold. */
export const MAX_EVIDENCE_FILES = 10;

const EXTENSIONS: Record<EvidenceMediaType, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};

/** What the applicant and the reviewer see of one evidence file. */
export interface EvidenceView {
  id: string;
  kind: string;
  mediaType: string;
  byteSize: number;
  sha256: string;
  createdAt: string;
}

export function evidenceView(row: ApplicationEvidence): EvidenceView {
  return {
    id: row.publicId,
    kind: row.kind,
    mediaType: row.mediaType,
    byteSize: row.byteSize,
    sha256: row.sha256,
    createdAt: row.createdAt,
  };
}

/** Checks the `kind` form field against the fixed list. */
export function checkEvidenceKind(kind: unknown): EvidenceKind {
  if (typeof kind !== 'string' || !(EVIDENCE_KINDS as readonly string[]).includes(kind)) {
    throw new AppError('INVALID_INPUT', `kind must be one of ${EVIDENCE_KINDS.join(', ')}.`, {
      details: { field: 'kind' },
    });
  }
  return kind as EvidenceKind;
}

export function evidenceTooLarge(): AppError {
  return new AppError(
    'PAYLOAD_TOO_LARGE',
    `The file is larger than ${MAX_EVIDENCE_BYTES / MiB} MiB; scan it at a lower resolution or split it.`,
    { details: { field: 'file' } },
  );
}

function unreadable(message: string): AppError {
  return new AppError('INVALID_INPUT', message, { details: { field: 'file' } });
}

/**
 * What an uploaded evidence file is, from its bytes: a PNG or JPEG whose header decodes, or a PDF
 * that parses and has a page (an encrypted PDF is accepted: the reviewer opens it with its
 * password). Anything else is UNSUPPORTED_MEDIA (415); too large is PAYLOAD_TOO_LARGE (413).
 */
export async function recogniseEvidence(bytes: Buffer): Promise<EvidenceMediaType> {
  if (bytes.length === 0) throw unreadable('The file is empty.');
  if (bytes.length > MAX_EVIDENCE_BYTES) throw evidenceTooLarge();
  if (looksLikePng(bytes) || looksLikeJpeg(bytes)) {
    const image = looksLikePng(bytes) ? readPng(bytes) : readJpeg(bytes);
    if (typeof image === 'string') throw unreadable(image);
    return image.type === 'png' ? 'image/png' : 'image/jpeg';
  }
  if (bytes.subarray(0, 1024).includes('%PDF-')) {
    let pages = 0;
    try {
      const pdf = await PDFDocument.load(bytes, {
        ignoreEncryption: true,
        updateMetadata: false,
        throwOnInvalidObject: false,
      });
      pages = pdf.getPageCount();
    } catch {
      throw unreadable('The file is not a readable PDF.');
    }
    if (pages < 1) throw unreadable('The PDF has no page.');
    return 'application/pdf';
  }
  throw new AppError('UNSUPPORTED_MEDIA', 'Evidence must be a PDF, PNG or JPEG file.', {
    details: { field: 'file' },
  });
}

const PURPOSE = 'certa/application-evidence/v1';

/** The evidence key: an HKDF subkey of the master key used for nothing else. */
function evidenceKey(ctx: AppContext): Buffer {
  return deriveKey(ctx.masterKey, 'certa/application-evidence', PURPOSE);
}

/** Encrypts an evidence file for the blob store, bound to the evidence's public id. */
export function sealEvidence(ctx: AppContext, publicId: string, plaintext: Buffer): Buffer {
  const key = evidenceKey(ctx);
  try {
    return sealAead(key, plaintext, `${PURPOSE}|${publicId}`);
  } finally {
    key.fill(0);
  }
}

/** Reads and decrypts one evidence file; INTEGRITY_FAILURE if it does not open or match. */
export async function readEvidenceFile(
  ctx: AppContext,
  row: ApplicationEvidence,
): Promise<{ bytes: Buffer; mediaType: string; fileName: string }> {
  const key = evidenceKey(ctx);
  let bytes: Buffer;
  try {
    bytes = openAead(key, await ctx.blobs.get(row.blobName), `${PURPOSE}|${row.publicId}`);
  } catch (error) {
    throw new AppError('INTEGRITY_FAILURE', 'An evidence file could not be opened.', {
      details: { evidenceId: row.publicId },
      cause: error,
    });
  } finally {
    key.fill(0);
  }
  if (sha256Hex(bytes) !== row.sha256) {
    throw new AppError('INTEGRITY_FAILURE', 'An evidence file does not match its digest.', {
      details: { evidenceId: row.publicId },
    });
  }
  const extension = EXTENSIONS[row.mediaType as EvidenceMediaType] ?? 'bin';
  return {
    bytes,
    mediaType: row.mediaType,
    fileName: `${row.kind}-${row.publicId}.${extension}`,
  };
}
