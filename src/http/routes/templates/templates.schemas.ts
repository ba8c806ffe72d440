import { Type } from 'typebox';
import {
  TemplateDefinition,
  TemplateDefinitionRequest,
} from '../../../templates/template-definition.js';
import { Nullable } from '../../schemas.js';

const VersionNote = Type.String({
  maxLength: 500,
  description: 'What changed, for the version history ("moved the seal"). Optional.',
});

export const TemplateBody = Type.Object(
  {
    name: Type.String({
      maxLength: 120,
      description: 'Shown to issuers and in error messages; not printed unless placed as text.',
    }),
    definition: TemplateDefinitionRequest,
    note: Type.Optional(VersionNote),
  },
  { additionalProperties: false },
);

export const NewVersionBody = Type.Object(
  {
    name: Type.String({ maxLength: 120 }),
    definition: TemplateDefinitionRequest,
    note: Type.Optional(VersionNote),
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
  versionNote: Nullable(Type.String()),
  definition: TemplateDefinition,
});

export const TemplateVersionSummary = Type.Object({
  version: Type.Integer(),
  name: Type.String(),
  note: Nullable(Type.String()),
  createdAt: Type.String(),
});

export const RestoreVersionBody = Type.Object(
  {
    note: Type.Optional(VersionNote),
    basedOnVersion: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'The latest version the designer knew of; a 409 if another was saved since.',
      }),
    ),
  },
  { additionalProperties: false },
);

const LaidOutBox = Type.Object({
  x: Type.Number(),
  y: Type.Number(),
  width: Type.Number(),
  height: Type.Number(),
});

export const TemplateLayout = Type.Object({
  width: Type.Number({ description: 'Page width, points.' }),
  height: Type.Number({ description: 'Page height, points.' }),
  elements: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.String(),
      box: LaidOutBox,
      drawn: Type.Union([LaidOutBox, Type.Null()], {
        description: 'What the element occupies when printed (points); null for empty text.',
      }),
      lines: Type.Optional(
        Type.Array(Type.Object({ text: Type.String(), box: LaidOutBox }), {
          description: 'Text: each printed line and its box.',
        }),
      ),
      size: Type.Optional(Type.Number({ description: 'Text: the font size used.' })),
      shrunk: Type.Boolean({ description: 'Text printed smaller than its size.' }),
      truncated: Type.Boolean({ description: 'Text cut, ending with an ellipsis.' }),
    }),
  ),
});

export const TemplateStarter = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  definition: TemplateDefinition,
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
