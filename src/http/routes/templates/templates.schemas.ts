import { Type } from 'typebox';
import {
  TemplateDefinition,
  TemplateDefinitionRequest,
} from '../../../templates/template-definition.js';
import { Nullable } from '../../schemas.js';

export const TemplateBody = Type.Object(
  {
    name: Type.String({
      maxLength: 120,
      description: 'Shown to issuers and in error messages; not printed unless placed as text.',
    }),
    definition: TemplateDefinitionRequest,
  },
  { additionalProperties: false },
);

export const NewVersionBody = Type.Object(
  {
    name: Type.String({ maxLength: 120 }),
    definition: TemplateDefinitionRequest,
    basedOnVersion: Type.Optional(
      Type.Integer({
        minimum: 1,
        description:
          'The version the designer loaded; if a later one was saved meanwhile, the save is a 409.',
      }),
    ),
  },
  { additionalProperties: false },
);

const TemplateStatus = Type.Union([Type.Literal('active'), Type.Literal('archived')]);

const summaryProperties = {
  id: Type.String(),
  name: Type.String(),
  status: TemplateStatus,
  version: Type.Integer({ description: 'Latest version number (server-assigned, 1, 2, …).' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  archivedAt: Nullable(Type.String()),
};

export const TemplateSummary = Type.Object(summaryProperties);

export const TemplateView = Type.Object({
  ...summaryProperties,
  version: Type.Integer({
    description: 'The version shown (the latest unless one was asked for).',
  }),
  latestVersion: Type.Integer(),
  versionCreatedAt: Type.String(),
  definition: TemplateDefinition,
});

export const TemplateVersionSummary = Type.Object({
  version: Type.Integer(),
  name: Type.String(),
  createdAt: Type.String(),
});

export const TemplateAsset = Type.Object({
  id: Type.String({ description: 'Use as assetId (backgrounds, images) or fontFamily (fonts).' }),
  mediaType: Type.Union(
    [
      Type.Literal('application/pdf'),
      Type.Literal('image/png'),
      Type.Literal('image/jpeg'),
      Type.Literal('font/ttf'),
      Type.Literal('font/otf'),
    ],
    { description: 'What the bytes are, as sniffed and parsed (not as declared).' },
  ),
  fileName: Type.String(),
  byteSize: Type.Integer(),
  sha256: Type.String(),
  width: Nullable(Type.Integer({ description: 'Pixels (images) or points (PDF page).' })),
  height: Nullable(Type.Integer()),
  fontFamily: Nullable(Type.String({ description: 'The family a font file declares.' })),
  createdAt: Type.String(),
});

const PreviewField = Type.Object({
  label: Type.String({ maxLength: 60 }),
  value: Type.String({ maxLength: 500 }),
});

export const PreviewData = Type.Object(
  {
    recipient: Type.Optional(Type.Object({ name: Type.Optional(Type.String({ maxLength: 200 })) })),
    title: Type.Optional(Type.String({ maxLength: 200 })),
    fields: Type.Optional(Type.Array(PreviewField, { maxItems: 20 })),
    issuedAt: Type.Optional(Type.String({ maxLength: 40 })),
    expiresAt: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    locale: Type.Optional(Type.String({ maxLength: 5 })),
  },
  {
    description:
      'Data to fill the placeholders with, as an issuance would send it; sample values fill in what is left out.',
  },
);
