import type { ColumnType, Generated, Selectable } from 'kysely';
import type { DeliveryStateColumn } from './batches.table.js';

export type DocumentStatus = 'pending' | 'active' | 'suspended' | 'revoked';

export interface DocumentsTable {
  id: Generated<number>;
  publicId: string;
  organisationId: number;
  organisationKeyId: number;
  template: string;
  /** Document title (e.g. the degree). Not personal data: shown before activation. */
  title: string;
  locale: string;
  status: DocumentStatus;
  /** The recipient record, AES-256-GCM under the DEK, bound to publicId. */
  recordCiphertext: Buffer;
  /** DEK under the activation secret; the secret is never stored. */
  wrapA: Buffer;
  /** DEK sealed to the organisation public key. */
  wrapB: Buffer;
  /** DEK under the master key, once activated. */
  wrapM: Buffer | null;
  /** SHA-256 (hex) of the salted canonical record, queued for anchoring. */
  commitment: string;
  issuedAt: string;
  expiresAt: string | null;
  activatedAt: string | null;
  /** When the revocation takes effect (the issuer may date it back, never before issuance). */
  revokedAt: string | null;
  revocationReason: string | null;
  /** One of REVOCATION_CODES (documents/document.ts); null for revocations before it existed. */
  revocationCode: string | null;
  /** The public id of the corrected document that replaced it (revoked as `superseded`). */
  supersededBy: string | null;
  /** Since when the current suspension holds; null when not suspended. */
  suspendedAt: string | null;
  suspensionReason: string | null;
  pdfSha256: string | null;
  /** Random name of the encrypted PDF in the blob store. */
  pdfFile: string | null;
  failedActivationAttempts: Generated<number>;
  activationLockedUntil: string | null;
  issuedByUserId: number | null;
  issuedByApiKeyId: number | null;
  /** Its random position in the issuer's status lists, given at activation; null before. */
  statusListIndex: number | null;
  /** The designed template version it renders with; null for the built-in 'certificate'. */
  templateVersionId: number | null;
  /** The holder hid it from verification (not revoked); null when not restricted (issue 13). */
  restrictedAt: string | null;
  /** Its wraps, record and PDF were destroyed (crypto-shredding); null while not erased. */
  erasedAt: string | null;
  /** `holder`, `issuer` or `retention` (privacy.table.ts ErasureCause); null while not erased. */
  erasureCause: string | null;
  /** HMAC(master-derived key, normalised e-mail): finds a holder's documents without the address. */
  recipientEmailIndex: string | null;
  /** Random id of its current message (VERP `bounces+<token>@…`); null before it had one. */
  deliveryToken: ColumnType<string | null, string | null | undefined, string | null>;
  /**
   * Delivery of a document issued on its own (a batch's document keeps it on its batch item and
   * leaves these null), with the batch items' vocabulary (src/batches/batch.ts).
   */
  deliveryState: ColumnType<
    DeliveryStateColumn | null,
    DeliveryStateColumn | null | undefined,
    DeliveryStateColumn | null
  >;
  /** The relay's or the delivery report's codes for a refusal, deferral or bounce; no address. */
  deliveryError: ColumnType<string | null, string | null | undefined, string | null>;
  deliveryAttempts: Generated<number>;
  deliveredAt: ColumnType<string | null, string | null | undefined, string | null>;
  /** When `deliveryState` was last recorded (a deferral, refusal or bounce has no other time). */
  deliveryUpdatedAt: ColumnType<string | null, string | null | undefined, string | null>;
}

export type { AnchorDigestKind } from './anchoring.table.js';

export type { AuditEventsTable } from './audit.table.js';

/**
 * One organisation's W3C Bitstring Status Lists (revocation, suspension): their length in bits,
 * how many positions are taken, and the credentials last generated.
 */
export interface StatusListsTable {
  organisationId: number;
  length: number;
  assigned: number;
  /** Counted up by every change the lists show (a document's state, the length). */
  version: number;
  /** The version the stored credentials show; null before the first generation. */
  generatedVersion: number | null;
  generatedAt: string | null;
  /** The signed `application/vc+jwt` credentials, as last generated. */
  revocationCredential: string | null;
  suspensionCredential: string | null;
}

export type DocumentRow = Selectable<DocumentsTable>;
