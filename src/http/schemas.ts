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
      code: Type.String({ description: 'Stable error code (see src/errors.ts).' }),
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
  },
  { $id: 'IssuerProfile' },
);

export const DocumentState = Type.Union(
  [
    Type.Literal('pending'),
    Type.Literal('active'),
    Type.Literal('revoked'),
    Type.Literal('expired'),
  ],
  {
    description:
      'pending (not activated yet), active, revoked (by the issuer) or expired (past its expiry date).',
  },
);

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const BearerSecurity = [{ bearer: [] }];
