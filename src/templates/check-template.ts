import type { TemplateAssetRow } from '../db/tables/templates.table.js';
import { AppError } from '../errors.js';
import { builtInFontLibrary } from '../pdf/text/text-box.js';
import { describeMediaType } from './asset-content.js';
import { parseText, usedFieldKeys } from './placeholders.js';
import { templateFields } from './template-fields.js';
import type { Placeholder } from './placeholders.js';
import { pageDimensions } from './template-definition.js';
import type { BoxValue, TemplateDefinitionValue, TextStyleValue } from './template-definition.js';

/** Room for rounding in a designer's arithmetic, in points. */
const EDGE_TOLERANCE = 0.01;

function invalid(message: string, details: Record<string, string>): AppError {
  return new AppError('INVALID_INPUT', message, { details });
}

const formatPoints = (value: number): string => String(Math.round(value * 100) / 100);

/** Every asset id the definition refers to (background, images, uploaded fonts). */
export function referencedAssetIds(definition: TemplateDefinitionValue): string[] {
  const ids = new Set<string>();
  if (definition.background) ids.add(definition.background.assetId);
  const fonts = builtInFontLibrary();
  for (const element of definition.elements) {
    if (element.kind === 'image') ids.add(element.assetId);
    if ((element.kind === 'text' || element.kind === 'documentId') && element.style?.fontFamily) {
      if (!fonts.hasFamily(element.style.fontFamily)) ids.add(element.style.fontFamily);
    }
  }
  return [...ids];
}

/** The placeholders used by the definition's text elements (already checked to be valid). */
export function usedPlaceholders(definition: TemplateDefinitionValue): Placeholder[] {
  const used: Placeholder[] = [];
  for (const element of definition.elements) {
    if (element.kind !== 'text') continue;
    const parsed = parseText(element.text);
    if ('parts' in parsed)
      for (const part of parsed.parts) if (part.kind !== 'text') used.push(part);
  }
  return used;
}

/**
 * The field keys a document's data must hold: the required declared fields, or (for a template
 * that declares none) every field its texts use, in order of first use.
 */
export function requiredFieldKeys(definition: TemplateDefinitionValue): string[] {
  return templateFields(definition)
    .filter((field) => field.required)
    .map((field) => field.key);
}

function checkFields(definition: TemplateDefinitionValue): void {
  if (definition.fields === undefined) return;
  const keys = new Set<string>();
  definition.fields.forEach((field, index) => {
    if (keys.has(field.key))
      throw invalid(`Two fields have the key '${field.key}'; field keys must be unique.`, {
        field: `fields[${index}].key`,
      });
    keys.add(field.key);
    if (field.label.trim() === '')
      throw invalid(`The field '${field.key}' needs a label.`, { field: `fields[${index}].label` });
  });
  for (const element of definition.elements) {
    if (element.kind !== 'text') continue;
    for (const key of usedFieldKeys([element]))
      if (!keys.has(key))
        throw invalid(
          `Element '${element.id}' uses {{fields.${key}}}, but the template has no field with the key '${key}'; add it to the fields or change the text.`,
          { element: element.id, field: 'text' },
        );
  }
}

function checkBox(elementId: string, box: BoxValue, page: { width: number; height: number }): void {
  const inside =
    box.x >= -EDGE_TOLERANCE &&
    box.y >= -EDGE_TOLERANCE &&
    box.x + box.width <= page.width + EDGE_TOLERANCE &&
    box.y + box.height <= page.height + EDGE_TOLERANCE;
  if (!inside) {
    throw invalid(
      `Element '${elementId}' lies outside the page: its box (x ${formatPoints(box.x)}, y ${formatPoints(box.y)}, width ${formatPoints(box.width)}, height ${formatPoints(box.height)}) must fit inside ${formatPoints(page.width)} × ${formatPoints(page.height)} points.`,
      { element: elementId, field: 'box' },
    );
  }
}

function checkStyle(
  elementId: string,
  style: TextStyleValue | undefined,
  assets: ReadonlyMap<string, TemplateAssetRow>,
): void {
  if (style === undefined) return;
  if (style.size !== undefined && style.minSize !== undefined && style.minSize > style.size) {
    throw invalid(`Element '${elementId}' has a minSize larger than its size.`, {
      element: elementId,
      field: 'style.minSize',
    });
  }
  const family = style.fontFamily;
  if (family === undefined) return;
  const fonts = builtInFontLibrary();
  if (fonts.hasFamily(family)) return;
  const asset = assets.get(family);
  if (asset === undefined) {
    throw invalid(
      `Element '${elementId}' uses the font '${family.slice(0, 100)}', which is neither a built-in family (${fonts.families().join(', ')}, sans-serif, serif) nor the id of a font uploaded by this organisation.`,
      { element: elementId, field: 'style.fontFamily' },
    );
  }
  if (asset.mediaType !== 'font/ttf' && asset.mediaType !== 'font/otf') {
    throw invalid(
      `Element '${elementId}' uses the asset '${family}' as its font, but that asset is ${describeMediaType(asset.mediaType)}, not a font.`,
      { element: elementId, field: 'style.fontFamily' },
    );
  }
}

/**
 * Checks what the JSON schema cannot: every box inside the page, unique element ids, valid
 * placeholders, known fonts, and assets of this organisation of the right kind. `assets` holds
 * the organisation's assets among `referencedAssetIds(definition)`. The error names the element.
 */
export function checkTemplateDefinition(
  definition: TemplateDefinitionValue,
  assets: ReadonlyMap<string, TemplateAssetRow>,
): void {
  const page = pageDimensions(definition.page);
  if (definition.background) {
    const id = definition.background.assetId;
    const asset = assets.get(id);
    if (asset === undefined)
      throw invalid(`The background '${id}' is not an asset uploaded by this organisation.`, {
        field: 'background.assetId',
      });
    if (asset.mediaType.startsWith('font/'))
      throw invalid(
        `The background '${id}' is ${describeMediaType(asset.mediaType)}, not a PDF, PNG or JPEG file.`,
        { field: 'background.assetId' },
      );
  }
  const seen = new Set<string>();
  for (const element of definition.elements) {
    if (seen.has(element.id))
      throw invalid(`Two elements have the id '${element.id}'; element ids must be unique.`, {
        element: element.id,
        field: 'id',
      });
    seen.add(element.id);
    checkBox(element.id, element.box, page);
    switch (element.kind) {
      case 'text': {
        const parsed = parseText(element.text);
        if ('problem' in parsed)
          throw invalid(`Element '${element.id}': ${parsed.problem}.`, {
            element: element.id,
            field: 'text',
          });
        checkStyle(element.id, element.style, assets);
        break;
      }
      case 'documentId':
        checkStyle(element.id, element.style, assets);
        break;
      case 'image': {
        const asset = assets.get(element.assetId);
        if (asset === undefined)
          throw invalid(
            `Element '${element.id}' uses the asset '${element.assetId}', which is not an asset uploaded by this organisation.`,
            { element: element.id, field: 'assetId' },
          );
        if (asset.mediaType !== 'image/png' && asset.mediaType !== 'image/jpeg')
          throw invalid(
            `Element '${element.id}' uses the asset '${element.assetId}', which is ${describeMediaType(asset.mediaType)}, not a PNG or JPEG image.`,
            { element: element.id, field: 'assetId' },
          );
        break;
      }
      case 'qr':
      case 'line':
      case 'rectangle':
        break;
    }
  }
  checkFields(definition);
}
