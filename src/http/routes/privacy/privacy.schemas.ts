import type { Readable } from 'node:stream';
import { Type } from 'typebox';
import { ISSUER_ERASURE_REASONS } from '../../../privacy/privacy-actions.js';
import { DocumentState, Nullable } from '../../schemas.js';

export const SECRET_DESCRIPTION =
  'The activation secret from the link’s fragment (after #). Sent only in the body, never in a URL.';

export const HolderSecret = Type.String({ maxLength: 100, description: SECRET_DESCRIPTION });

export const HolderData = Type.Object(
  {
    documentId: Type.String(),
    title: Type.String(),
    issuer: Type.Object({ id: Type.String(), name: Type.String() }),
    state: DocumentState,
    restricted: Type.Boolean({
      description: 'Hidden from verification at the holder’s request (not revoked).',
    }),
    restrictedAt: Nullable(Type.String()),
    locale: Type.String(),
    dates: Type.Object({
      issuedAt: Type.String(),
      expiresAt: Nullable(Type.String()),
      activatedAt: Nullable(Type.String()),
      suspendedAt: Nullable(Type.String()),
      revokedAt: Nullable(Type.String()),
    }),
    revocationCode: Nullable(Type.String()),
    record: Type.Object(
      {
        name: Type.String(),
        email: Type.String(),
        fields: Type.Array(Type.Object({ label: Type.String(), value: Type.String() })),
      },
      { description: 'The recipient record the issuer entered, decrypted with the link.' },
    ),
    consents: Type.Array(
      Type.Object({
        termsVersionId: Type.Integer(),
        termsLabel: Nullable(Type.String()),
        language: Nullable(Type.String()),
        method: Type.String(),
        acceptedAt: Type.String(),
      }),
    ),
    proofs: Type.Array(
      Type.Object({
        kind: Type.String({ description: '`commitment` (at issuance) or `pdf` (at activation).' }),
        digest: Type.String(),
        status: Type.String({ description: 'queued, pending or anchored.' }),
        queuedAt: Type.String(),
        bitcoinHeight: Nullable(Type.Integer()),
        bitcoinTime: Nullable(Type.String()),
      }),
    ),
    pdf: Nullable(Type.Object({ fileName: Type.String(), sha256: Type.String() })),
    history: Type.Array(
      Type.Object({
        occurredAt: Type.String(),
        action: Type.String(),
        actorType: Type.String(),
      }),
    ),
  },
  { description: 'Everything the platform holds about one holder’s document.' },
);

export const RestrictionResult = Type.Object({
  documentId: Type.String(),
  restricted: Type.Boolean(),
  restrictedAt: Nullable(Type.String()),
});

export const ErasureResult = Type.Object({
  documentId: Type.String(),
  erasedAt: Type.String(),
  erasedNow: Type.Boolean({ description: 'False when it had already been erased.' }),
});

export const IssuerErasureReason = Type.Union(
  ISSUER_ERASURE_REASONS.map((reason) => Type.Literal(reason)),
  {
    description:
      'Why, from a list (kept in the audit trail): holder_request, issued_in_error, legal_obligation, no_longer_needed or other.',
  },
);

/** A ZIP streamed as it is made. */
export const ZipFile = Type.Unsafe<Readable>({ type: 'string', format: 'binary' });
