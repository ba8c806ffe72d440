import { Type } from 'typebox';
import { Nullable } from '../../schemas.js';
import { TERMS_LIMITS } from '../../../terms/terms.js';

export const TermsKindSchema = Type.Union([Type.Literal('recipient'), Type.Literal('issuer')], {
  description: 'recipient: accepted at activation; issuer: accepted by issuer users.',
});

export const LanguageSchema = Type.Union([Type.Literal('en'), Type.Literal('fr')]);

export const TermsVersionId = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

/** A published version in one language. */
export const TermsTextSchema = Type.Object({
  version: Type.Integer({ description: 'The version id: what an acceptance names.' }),
  kind: TermsKindSchema,
  label: Type.String(),
  language: LanguageSchema,
  body: Type.String({
    description: 'Plain text, paragraphs separated by blank lines. Show it as text, not HTML.',
  }),
  publishedAt: Type.String(),
  effectiveAt: Type.String({ description: 'When this version came (or comes) into force.' }),
});

/** A version with both texts, as platform admins manage it. */
export const TermsVersionSchema = Type.Object({
  id: Type.Integer(),
  kind: TermsKindSchema,
  label: Type.String(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('published')]),
  bodyEn: Type.String(),
  bodyFr: Type.String(),
  effectiveFrom: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  publishedAt: Nullable(Type.String()),
  effectiveAt: Nullable(Type.String()),
});

export const TermsVersionSummarySchema = Type.Intersect([
  TermsVersionSchema,
  Type.Object({
    current: Type.Boolean({ description: 'The version in force now for its kind.' }),
    scheduled: Type.Boolean({ description: 'Published, waiting for its effective date.' }),
    acceptances: Type.Integer(),
  }),
]);

export const TermsDraftBody = Type.Object({
  label: Type.String({ minLength: 1, maxLength: TERMS_LIMITS.labelLength }),
  bodyEn: Type.String({ minLength: 1, maxLength: TERMS_LIMITS.bodyLength }),
  bodyFr: Type.String({ minLength: 1, maxLength: TERMS_LIMITS.bodyLength }),
  effectiveFrom: Type.Optional(
    Nullable(
      Type.String({
        maxLength: 40,
        description: 'ISO 8601; the version applies from then (else as soon as published).',
      }),
    ),
  ),
});

export const ConsentSchema = Type.Object({
  kind: TermsKindSchema,
  version: Type.Integer(),
  label: Type.String(),
  language: Nullable(LanguageSchema),
  method: Type.Union([
    Type.Literal('console'),
    Type.Literal('activation_page'),
    Type.Literal('api'),
  ]),
  acceptedAt: Type.String(),
});
