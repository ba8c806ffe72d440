import type { JsonValue } from './canonical-json.js';

/** The file name of the record inside every Certa PDF. */
export const RECORD_FILE_NAME = 'certa-credential.json';
export const RECORD_MIME_TYPE = 'application/json';
export const RECORD_TYPE = 'CertaDocumentRecord';

/**
 * Where to learn whether the document still holds: the live lookup (which names the document to
 * the platform) and, for documents activated since status lists exist, a W3C
 * `BitstringStatusListEntry` per list (revocation, suspension) — the verifier fetches the whole
 * list and reads the bit at `statusListIndex`, so nobody learns which document was checked.
 */
export type StatusReference =
  | {
      readonly type: 'CertaStatusLookup';
      readonly statusPurpose: 'revocation';
      /** GET it for the document's live state (JSON). */
      readonly statusUrl: string;
    }
  | {
      readonly id: string;
      readonly type: 'BitstringStatusListEntry';
      readonly statusPurpose: 'revocation' | 'suspension';
      /** The position, as a decimal string (W3C). */
      readonly statusListIndex: string;
      /** URL of the `application/vc+jwt` BitstringStatusListCredential. */
      readonly statusListCredential: string;
    };

/**
 * The signed, machine-readable record of a document: what its pixels say, in JSON. The signed
 * payload is the canonical JSON of every member but `proof`. Type aliases (not interfaces)
 * keep it assignable to a JSON value.
 */
export type UnsignedRecord = {
  readonly type: typeof RECORD_TYPE;
  readonly version: 1;
  readonly documentId: string;
  readonly title: string;
  readonly recipient: { readonly name: string };
  readonly fields: readonly { readonly label: string; readonly value: string }[];
  readonly template: { readonly id: string; readonly version: number | null };
  readonly issuer: {
    readonly id: string;
    readonly name: string;
    /** The issuer's public profile (JSON). */
    readonly profileUrl: string;
  };
  /** ISO-8601 UTC. */
  readonly issuedAt: string;
  readonly activatedAt: string;
  readonly expiresAt: string | null;
  /** The salt printed on the PDF, base64url. */
  readonly salt: string;
  /** The document's public verification page (also in its QR code). */
  readonly verificationUrl: string;
  readonly status: readonly StatusReference[];
};

export type RecordProof = {
  readonly type: 'JWS';
  /** Compact JWS with a detached payload (RFC 7515 Appendix F): `header..signature`. */
  readonly jws: string;
};

export type SignedRecord = UnsignedRecord & { readonly proof: RecordProof };

/** A JSON object of any members (a record as read back, before it is trusted). */
export type JsonObject = { readonly [key: string]: JsonValue };
