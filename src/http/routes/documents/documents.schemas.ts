import { Type } from 'typebox';
import { DocumentState, Nullable } from '../../schemas.js';

const Field = Type.Object({
  label: Type.String({ maxLength: 60 }),
  value: Type.String({ maxLength: 500 }),
});

export const IssueDocumentBody = Type.Object({
  template: Type.Optional(
    Type.String({
      maxLength: 40,
      description:
        '"certificate" (built-in, the default) or the id of one of the organisation’s templates: the document renders with its latest version at issuance, and every field its placeholders use must be in `fields`.',
    }),
  ),
  title: Type.String({
    maxLength: 200,
    description:
      'Document title, e.g. the degree. Shown before activation: put no personal data here.',
  }),
  recipient: Type.Object({
    name: Type.String({ maxLength: 200 }),
    email: Type.String({ maxLength: 254 }),
  }),
  fields: Type.Optional(
    Type.Array(Field, {
      maxItems: 20,
      description: 'Free fields printed on the document (e.g. grade, date of award).',
    }),
  ),
  expiresAt: Type.Optional(
    Nullable(
      Type.String({
        maxLength: 40,
        description: 'YYYY-MM-DD (valid through that day, UTC) or an ISO-8601 date-time.',
      }),
    ),
  ),
  locale: Type.Optional(
    Type.String({
      maxLength: 5,
      description: 'Language of the e-mail, pages and PDF: en (default) or fr.',
    }),
  ),
});

export const IssuedDocument = Type.Object({
  id: Type.String(),
  status: Type.Literal('pending'),
  title: Type.String(),
  issuedAt: Type.String(),
  expiresAt: Nullable(Type.String()),
  commitment: Type.String({
    description: 'SHA-256 of the salted canonical record, queued for anchoring.',
  }),
});

export const IssuerDocument = Type.Object({
  id: Type.String(),
  title: Type.String(),
  template: Type.String(),
  status: Type.String(),
  state: DocumentState,
  issuedAt: Type.String(),
  expiresAt: Nullable(Type.String()),
  activatedAt: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
  revocationReason: Nullable(Type.String()),
  sha256: Nullable(Type.String({ description: 'SHA-256 of the PDF, once activated.' })),
  recipient: Nullable(
    Type.Object(
      { name: Type.String(), email: Type.String(), fields: Type.Array(Field) },
      { description: 'Present only when this session has unlocked the organisation key.' },
    ),
  ),
});
