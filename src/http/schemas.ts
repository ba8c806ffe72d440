import { ERROR_CODES } from '../errors.js';
import { Type } from 'typebox';
import type { TSchema } from 'typebox';

/** Schemas shared by several routes (TypeBox → JSON Schema → OpenAPI). */

export const PublicId = Type.String({
  pattern: '^[A-Za-z0-9_-]{22}$',
  minLength: 1,
  maxLength: 64,
  description: 'Random public id (22 characters, base64url).',
});

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.Union(
        Object.values(ERROR_CODES).map((code) => Type.Literal(code)),
        { description: 'Stable error code (see src/errors.ts).' },
      ),
      message: Type.String({ description: 'One sentence, safe to show.' }),
      details: Type.Optional(
        Type.Record(
          Type.String(),
          Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]),
        ),
      ),
      requestId: Type.Optional(Type.String()),
    }),
  },
  { $id: 'ErrorResponse', description: 'Every error has this shape.' },
);

/** The error responses a route can give, all with the same body. */
export function errors(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((status) => [status, Type.Ref('ErrorResponse')]));
}

export const IssuerProfile = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    status: Type.String({
      description: 'draft, submitted, more_info_requested, approved, rejected or suspended.',
    }),
    verified: Type.Boolean({
      description: 'Whether a platform admin has checked and approved the issuer.',
    }),
    verifiedAt: Type.Union([Type.String(), Type.Null()]),
    identityReviewedAt: Type.Union([Type.String(), Type.Null()], {
      description: 'When a platform admin reviewed the issuer’s identity and approved it.',
    }),
    domain: Type.Union([Type.String(), Type.Null()], {
      description:
        'The domain the issuer proved it controls (DNS or .well-known); null when not verified: an issuer may be approved without a domain proof.',
    }),
    domainVerifiedAt: Type.Union([Type.String(), Type.Null()]),
    profileUrl: Type.Union([Type.String(), Type.Null()], {
      description:
        'The issuer’s public profile (verified identity, domain, keys): a page, and JSON at /api/issuers/{id}. Null while the issuer is not approved.',
    }),
  },
  {
    $id: 'IssuerProfile',
    description: 'The issuer as documents and reports name it, linking to its public profile.',
  },
);

/** The platform certificates that sign PDFs and embedded records (issuer profiles, verify lookups). */
export const DocumentSigning = Type.Object(
  {
    algorithm: Type.String({ description: 'ES256 or PS256.' }),
    certificates: Type.Array(
      Type.Object({
        fingerprint: Type.String({
          description: 'SHA-256 of the DER certificate, lower-case hex.',
        }),
        subject: Type.String(),
        issuer: Type.String(),
        notBefore: Type.String(),
        notAfter: Type.String(),
        status: Type.Union([Type.Literal('current'), Type.Literal('former')], {
          description:
            'current: the chain that signs new documents; former: signing certificates used before a renewal or an import, kept so that the documents they signed still verify.',
        }),
      }),
    ),
  },
  {
    description:
      'The platform certificates that sign PDFs and embedded records (PAdES, JWS): the current signer first, then its chain, then former signers.',
  },
);

/** The full public profile of an approved (or suspended) issuer: GET /api/issuers/{issuerId}. */
export const PublicIssuerProfile = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    legalName: Type.Union([Type.String(), Type.Null()], {
      description: 'The legal name a platform admin checked.',
    }),
    country: Type.Union([Type.String(), Type.Null()], { description: 'ISO 3166-1 alpha-2.' }),
    website: Type.Union([Type.String(), Type.Null()]),
    domain: Type.Union([Type.String(), Type.Null()], {
      description: 'The domain the issuer proved it controls (DNS or .well-known); null if none.',
    }),
    domainVerifiedAt: Type.Union([Type.String(), Type.Null()]),
    domainVerified: Type.Boolean({
      description:
        'Whether the issuer proved it controls its domain. An admin may approve an issuer without a domain proof (with a recorded reason): then false.',
    }),
    identityReviewedAt: Type.Union([Type.String(), Type.Null()], {
      description: 'When a platform admin reviewed the issuer’s identity and approved it.',
    }),
    status: Type.Union([Type.Literal('approved'), Type.Literal('suspended')]),
    verified: Type.Boolean({ description: 'True while approved; false when suspended.' }),
    verifiedAt: Type.Union([Type.String(), Type.Null()], {
      description: 'When a platform admin approved the issuer.',
    }),
    logoUrl: Type.Union([Type.String(), Type.Null()]),
    profileUrl: Type.String({ description: 'The human-readable profile page.' }),
    keys: Type.Array(
      Type.Object({
        fingerprint: Type.String({
          description: 'SHA-256 of the raw public key, base64url.',
        }),
        algorithm: Type.Literal('X25519'),
        use: Type.Literal('encryption'),
        publicKey: Type.String({ description: 'The raw 32-byte public key, base64url.' }),
        status: Type.Union([
          Type.Literal('active'),
          Type.Literal('retired'),
          Type.Literal('revoked'),
        ]),
        createdAt: Type.String(),
        retiredAt: Type.Union([Type.String(), Type.Null()]),
        revokedAt: Type.Union([Type.String(), Type.Null()]),
      }),
      {
        description:
          'The issuer’s encryption keys, newest first: active (new documents), retired (rotated; kept for older documents) or revoked (compromised).',
      },
    ),
    documentSigning: DocumentSigning,
  },
  { description: 'What a platform admin checked about an issuer, and its public keys.' },
);

export const DocumentState = Type.Union(
  [
    Type.Literal('pending'),
    Type.Literal('active'),
    Type.Literal('suspended'),
    Type.Literal('revoked'),
    Type.Literal('expired'),
  ],
  {
    description:
      'pending (not activated yet), active, suspended (by the issuer, until reinstated), revoked (by the issuer, final) or expired (past its expiry date).',
  },
);

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A bearer token (session or API key) or the session cookie (with x-csrf-token for changes). */
export const BearerSecurity: Array<Record<string, string[]>> = [
  { bearer: [] },
  { sessionCookie: [] },
];
