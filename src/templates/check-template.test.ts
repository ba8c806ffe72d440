import { describe, expect, it } from 'vitest';
import type { TemplateAssetRow } from '../db/tables/templates.table.js';
import { AppError } from '../errors.js';
import {
  checkTemplateDefinition,
  referencedAssetIds,
  requiredFieldKeys,
} from './check-template.js';
import { pageDimensions } from './template-definition.js';
import type { TemplateDefinitionValue } from './template-definition.js';
import { parseDefinition } from './template-views.js';

const LOGO = 'L'.repeat(22);
const FONT = 'F'.repeat(22);
const PDF = 'P'.repeat(22);

function asset(publicId: string, mediaType: TemplateAssetRow['mediaType']): TemplateAssetRow {
  return {
    id: 1,
    publicId,
    organisationId: 1,
    mediaType,
    fileName: 'file',
    byteSize: 1,
    sha256: '0'.repeat(64),
    blobName: 'x'.repeat(22),
    width: null,
    height: null,
    fontFamily: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    createdByUserId: null,
  };
}

const ASSETS = new Map([
  [LOGO, asset(LOGO, 'image/png')],
  [FONT, asset(FONT, 'font/ttf')],
  [PDF, asset(PDF, 'application/pdf')],
]);

function definition(elements: unknown[]): TemplateDefinitionValue {
  return parseDefinition({
    page: { size: 'A5', orientation: 'portrait' },
    background: { assetId: PDF },
    elements,
  });
}

function problem(def: TemplateDefinitionValue): string {
  try {
    checkTemplateDefinition(def, ASSETS);
  } catch (error) {
    if (error instanceof AppError) return error.message;
    throw error;
  }
  return 'accepted';
}

const box = { x: 10, y: 10, width: 100, height: 40 };

describe('checkTemplateDefinition', () => {
  it('accepts a sound definition and lists what it uses', () => {
    const def = definition([
      {
        id: 'name',
        kind: 'text',
        box,
        text: '{{recipient.name}} {{fields.grade}}',
        style: { fontFamily: FONT },
      },
      { id: 'logo', kind: 'image', box, assetId: LOGO },
      { id: 'qr', kind: 'qr', box },
      { id: 'id', kind: 'documentId', box, style: { fontFamily: 'serif' } },
    ]);
    expect(problem(def)).toBe('accepted');
    expect(referencedAssetIds(def).sort()).toEqual([FONT, LOGO, PDF].sort());
    expect(requiredFieldKeys(def)).toEqual(['grade']);
  });

  it('names the element that is wrong', () => {
    expect(problem(definition([{ id: 'a', kind: 'qr', box: { ...box, x: 400 } }]))).toMatch(
      /^Element 'a' lies outside the page: .* 419\.53 × 595\.28 points\.$/,
    );
    expect(
      problem(
        definition([{ id: 'b', kind: 'text', box, text: 'x', style: { fontFamily: 'Papyrus' } }]),
      ),
    ).toMatch(/^Element 'b' uses the font 'Papyrus', which is neither a built-in family/);
    expect(problem(definition([{ id: 'c', kind: 'image', box, assetId: FONT }]))).toMatch(
      /Element 'c' .* is a font, not a PNG or JPEG image\./,
    );
    expect(problem(definition([{ id: 'd', kind: 'image', box, assetId: PDF }]))).toMatch(
      /is a PDF, not a PNG or JPEG image\./,
    );
    expect(
      problem(definition([{ id: 'e', kind: 'text', box, text: 'x', style: { fontFamily: LOGO } }])),
    ).toMatch(/is a PNG image, not a font\./);
    expect(
      problem(
        definition([
          { id: 'f', kind: 'qr', box },
          { id: 'f', kind: 'qr', box },
        ]),
      ),
    ).toMatch(/Two elements have the id 'f'/);
    expect(
      problem(
        definition([{ id: 'g', kind: 'text', box, text: 'x', style: { size: 8, minSize: 12 } }]),
      ),
    ).toMatch(/'g' has a minSize larger than its size/);
  });

  it('refuses a background that is a font, and unknown properties', () => {
    const def = parseDefinition({
      page: { size: 'A4', orientation: 'landscape' },
      background: { assetId: FONT },
      elements: [],
    });
    expect(problem(def)).toMatch(/background .* is a font, not a PDF, PNG or JPEG file\./);
    expect(() =>
      parseDefinition({ page: { size: 'A4', orientation: 'landscape' }, elements: [], extra: 1 }),
    ).toThrow(/^definition/);
    expect(() =>
      parseDefinition({ page: { size: 'custom', width: 10, height: 500 }, elements: [] }),
    ).toThrow(AppError);
  });

  it('knows the page sizes in points', () => {
    expect(pageDimensions({ size: 'A4', orientation: 'landscape' })).toEqual({
      width: 841.89,
      height: 595.28,
    });
    expect(pageDimensions({ size: 'Letter', orientation: 'portrait' })).toEqual({
      width: 612,
      height: 792,
    });
    expect(pageDimensions({ size: 'custom', width: 500, height: 300 })).toEqual({
      width: 500,
      height: 300,
    });
  });
});
