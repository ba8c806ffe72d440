import { Type } from 'typebox';
import type { Static } from 'typebox';

/*
 * The template definition: what a designer page edits and saves, as JSON. Every element has a
 * stable id (the designer's handle on it) and a box in PDF points with the origin at the
 * top-left corner of the page. Style properties may be left out; the renderer then uses the
 * documented defaults (see `resolveTextStyle`), and a GET returns exactly what was saved.
 */

export const MAX_ELEMENTS = 100;
export const MAX_TEXT_LENGTH = 2000;
export const MAX_FIELDS = 50;
export const MAX_FIELD_LABEL = 60;
/** Smallest and largest page side, in points (1 inch to about 70 inches). */
export const MIN_PAGE_SIDE = 72;
export const MAX_PAGE_SIDE = 5000;

const AssetId = Type.String({
  pattern: '^[A-Za-z0-9_-]{22}$',
  description: 'Public id of an uploaded template asset of this organisation.',
});

export const ElementId = Type.String({
  pattern: '^[A-Za-z0-9_-]{1,64}$',
  description: 'Stable id of the element, unique in the template (letters, digits, _ and -).',
});

export const Box = Type.Object(
  {
    x: Type.Number({ description: 'Left edge, points from the left of the page.' }),
    y: Type.Number({ description: 'Top edge, points from the top of the page.' }),
    width: Type.Number({ exclusiveMinimum: 0 }),
    height: Type.Number({ exclusiveMinimum: 0 }),
  },
  { additionalProperties: false, description: 'In points; must lie inside the page.' },
);

const Color = Type.String({ pattern: '^#[0-9A-Fa-f]{6}$', description: "'#RRGGBB'." });

/**
 * A field the template expects in each document's data. Single issuance checks the data against
 * these (required, type), a spreadsheet's columns are mapped onto them, and `{{fields.<key>}}`
 * prints the value. A document's field matches when its label's key (see `fieldKey`) equals the
 * field's key or the key of the field's label.
 */
export const TemplateField = Type.Object(
  {
    key: Type.String({
      pattern: '^[a-z0-9_]{1,60}$',
      description: 'Lower-case letters, digits and "_"; used as {{fields.<key>}}.',
    }),
    label: Type.String({ minLength: 1, maxLength: MAX_FIELD_LABEL }),
    type: Type.Union([Type.Literal('text'), Type.Literal('date'), Type.Literal('number')], {
      description:
        'text: any text; date: an ISO-8601 date (printed in the document language); number: digits with an optional sign and decimal point.',
    }),
    required: Type.Boolean({ description: 'A document without a value for it is refused.' }),
  },
  { additionalProperties: false },
);

export const TextStyle = Type.Object(
  {
    fontFamily: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description:
          "A built-in family ('DejaVu Sans', 'DejaVu Serif', 'sans-serif', 'serif') or the asset id of an uploaded font. Default 'DejaVu Sans'.",
      }),
    ),
    bold: Type.Optional(Type.Boolean({ description: 'Default false.' })),
    size: Type.Optional(
      Type.Number({ minimum: 2, maximum: 400, description: 'Points. Default 14.' }),
    ),
    minSize: Type.Optional(
      Type.Number({
        minimum: 2,
        maximum: 400,
        description: 'Smallest size shrink-to-fit may use. Default the smaller of 6 and size.',
      }),
    ),
    color: Type.Optional(
      Type.String({ pattern: '^#[0-9A-Fa-f]{6}$', description: "'#RRGGBB'. Default '#000000'." }),
    ),
    align: Type.Optional(
      Type.Union([Type.Literal('left'), Type.Literal('center'), Type.Literal('right')], {
        description: "Default 'left'.",
      }),
    ),
    verticalAlign: Type.Optional(
      Type.Union([Type.Literal('top'), Type.Literal('middle'), Type.Literal('bottom')], {
        description: "Default 'top'.",
      }),
    ),
    shrinkToFit: Type.Optional(Type.Boolean({ description: 'Default true.' })),
    maxLines: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 50, description: 'Default 1 (a single line).' }),
    ),
  },
  { additionalProperties: false },
);

/*
 * Element and page objects are unions. Fastify's request validator drops unknown properties
 * (removeAdditional), and Ajv does so while trying each branch of a union, so a strict branch
 * that does not match would strip properties of the element that does. Request bodies use the
 * lenient variant; the domain then checks the strict one, which refuses unknown properties.
 */
function strictness(strict: boolean): { additionalProperties?: false } {
  return strict ? { additionalProperties: false } : {};
}

function definitionSchema(strict: boolean) {
  const TextElement = Type.Object(
    {
      id: ElementId,
      kind: Type.Literal('text'),
      box: Box,
      text: Type.String({
        minLength: 1,
        maxLength: MAX_TEXT_LENGTH,
        description:
          'Fixed text with optional placeholders: {{recipient.name}}, {{title}}, {{issuer.name}}, {{fields.<key>}}, {{issuedAt}}, {{expiresAt}}, {{documentId}}. A field key matches the field whose label, lower-cased with accents removed and other characters turned into "_", equals it (label "Final grade" → {{fields.final_grade}}).',
      }),
      style: Type.Optional(TextStyle),
    },
    strictness(strict),
  );

  const ImageElement = Type.Object(
    {
      id: ElementId,
      kind: Type.Literal('image'),
      box: Box,
      assetId: AssetId,
      fit: Type.Optional(
        Type.Union([Type.Literal('contain'), Type.Literal('cover')], {
          description:
            'contain (default): the whole image, centred in the box; cover: fills the box, cropped.',
        }),
      ),
    },
    strictness(strict),
  );

  const QrElement = Type.Object(
    {
      id: ElementId,
      kind: Type.Literal('qr'),
      box: Box,
      color: Type.Optional(Type.String({ pattern: '^#[0-9A-Fa-f]{6}$' })),
    },
    {
      ...strictness(strict),
      description:
        'The QR code of the verification URL: the largest square that fits the box, centred.',
    },
  );

  const DocumentIdElement = Type.Object(
    {
      id: ElementId,
      kind: Type.Literal('documentId'),
      box: Box,
      style: Type.Optional(TextStyle),
    },
    { ...strictness(strict), description: "The document's public id as text." },
  );

  const LineElement = Type.Object(
    {
      id: ElementId,
      kind: Type.Literal('line'),
      box: Box,
      color: Type.Optional(Color),
      thickness: Type.Optional(
        Type.Number({ minimum: 0.1, maximum: 50, description: 'Points. Default 1.' }),
      ),
    },
    {
      ...strictness(strict),
      description:
        'A straight line through the middle of its box: horizontal when the box is wider than high, vertical otherwise.',
    },
  );

  const RectangleElement = Type.Object(
    {
      id: ElementId,
      kind: Type.Literal('rectangle'),
      box: Box,
      fill: Type.Optional(Type.Union([Color, Type.Null()], { description: 'Default none.' })),
      stroke: Type.Optional(
        Type.Union([Color, Type.Null()], { description: "Default '#000000'; null for none." }),
      ),
      strokeWidth: Type.Optional(
        Type.Number({ minimum: 0.1, maximum: 50, description: 'Points. Default 1.' }),
      ),
      radius: Type.Optional(
        Type.Number({ minimum: 0, maximum: 500, description: 'Corner radius, points. Default 0.' }),
      ),
    },
    {
      ...strictness(strict),
      description: 'A rectangle; its stroke is drawn inside the box.',
    },
  );

  const TemplateElement = Type.Union([
    TextElement,
    ImageElement,
    QrElement,
    DocumentIdElement,
    LineElement,
    RectangleElement,
  ]);

  const PageSize = Type.Union([
    Type.Object(
      {
        size: Type.Union([Type.Literal('A4'), Type.Literal('Letter'), Type.Literal('A5')]),
        orientation: Type.Union([Type.Literal('portrait'), Type.Literal('landscape')]),
      },
      strictness(strict),
    ),
    Type.Object(
      {
        size: Type.Literal('custom'),
        width: Type.Number({ minimum: MIN_PAGE_SIDE, maximum: MAX_PAGE_SIDE }),
        height: Type.Number({ minimum: MIN_PAGE_SIDE, maximum: MAX_PAGE_SIDE }),
      },
      strictness(strict),
    ),
  ]);

  const TemplateDefinition = Type.Object(
    {
      page: PageSize,
      background: Type.Optional(
        Type.Union([
          Type.Object(
            { assetId: AssetId },
            {
              ...strictness(strict),
              description:
                'An uploaded PDF (its first page, embedded as vectors) or PNG/JPEG, stretched to the page.',
            },
          ),
          Type.Null(),
        ]),
      ),
      elements: Type.Array(TemplateElement, { maxItems: MAX_ELEMENTS }),
      fields: Type.Optional(
        Type.Array(TemplateField, {
          maxItems: MAX_FIELDS,
          description:
            'The fields each document brings. When present, every {{fields.<key>}} must be one of them; when absent, every field a text uses is required.',
        }),
      ),
    },
    strictness(strict),
  );

  return { TemplateElement, PageSize, TemplateDefinition };
}

const strictSchemas = definitionSchema(true);
export const TemplateElement = strictSchemas.TemplateElement;
export const PageSize = strictSchemas.PageSize;
/** The definition as stored and returned; unknown properties are refused. */
export const TemplateDefinition = strictSchemas.TemplateDefinition;
/** The same for request bodies (see `strictness`). */
export const TemplateDefinitionRequest = definitionSchema(false).TemplateDefinition;

export type BoxValue = Static<typeof Box>;
export type TextStyleValue = Static<typeof TextStyle>;
export type TemplateElementValue = Static<typeof TemplateElement>;
export type TemplateFieldValue = Static<typeof TemplateField>;
export type PageSizeValue = Static<typeof PageSize>;
export type TemplateDefinitionValue = Static<typeof TemplateDefinition>;

/** Portrait sizes in points (ISO 216 and US Letter). */
const PAGE_SIZES = {
  A4: { width: 595.28, height: 841.89 },
  Letter: { width: 612, height: 792 },
  A5: { width: 419.53, height: 595.28 },
} as const;

/** The page's width and height in points. */
export function pageDimensions(page: PageSizeValue): { width: number; height: number } {
  if (page.size === 'custom') return { width: page.width, height: page.height };
  const { width, height } = PAGE_SIZES[page.size];
  return page.orientation === 'portrait' ? { width, height } : { width: height, height: width };
}
