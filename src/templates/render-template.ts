import type { AppContext } from '../context.js';
import type { Organisation } from '../db/tables/organisations.table.js';
import type { DocumentMetadata, PdfAttachment } from '../pdf/pdf-document.js';
import { renderTemplatePdf } from '../pdf/template-renderer.js';
import type { RenderBackground, RenderElement } from '../pdf/template-renderer.js';
import { layoutTemplate } from '../pdf/template-layout.js';
import type { LaidOutElement } from '../pdf/template-layout.js';
import {
  DEFAULT_FONT_FAMILY,
  builtInFontLibrary,
  createFontLibrary,
} from '../pdf/text/text-box.js';
import type { FontLibrary, TextBoxStyle, UploadedFont } from '../pdf/text/text-box.js';
import { AppError } from '../errors.js';
import { assetsOf } from './manage-templates.js';
import { fillText, parseText } from './placeholders.js';
import type { PlaceholderData } from './placeholders.js';
import { readAssetBytes } from './template-assets.js';
import { pageDimensions } from './template-definition.js';
import type { BoxValue, TemplateDefinitionValue, TextStyleValue } from './template-definition.js';

/** A text style with the documented defaults filled in. */
export function resolveTextStyle(style: TextStyleValue | undefined): TextBoxStyle {
  const size = style?.size ?? 14;
  return {
    fontFamily: style?.fontFamily ?? DEFAULT_FONT_FAMILY,
    bold: style?.bold ?? false,
    size,
    minSize: Math.min(style?.minSize ?? 6, size),
    color: style?.color ?? '#000000',
    align: style?.align ?? 'left',
    verticalAlign: style?.verticalAlign ?? 'top',
    shrinkToFit: style?.shrinkToFit ?? true,
    maxLines: style?.maxLines ?? 1,
  };
}

/** A definition turned into what the renderer draws, with its assets loaded. */
interface PreparedTemplate {
  readonly width: number;
  readonly height: number;
  readonly background: RenderBackground | null;
  readonly elements: RenderElement[];
  readonly fonts: UploadedFont[];
  /** Pixel size of each image asset (for `contain` fitting in the layout). */
  readonly imageSizes: ReadonlyMap<string, { width: number; height: number }>;
}

async function prepareTemplate(
  ctx: AppContext,
  organisation: Organisation,
  definition: TemplateDefinitionValue,
  data: PlaceholderData,
  verificationUrl: string,
): Promise<PreparedTemplate> {
  const assets = await assetsOf(ctx.db, organisation.id, definition);
  const bytes = new Map<string, Buffer>();
  for (const [id, row] of assets) bytes.set(id, await readAssetBytes(ctx, row));
  const assetBytes = (id: string): Buffer => {
    const found = bytes.get(id);
    if (found === undefined)
      throw new AppError('INTERNAL', 'A template refers to an asset that no longer exists.', {
        details: { assetId: id },
      });
    return found;
  };

  const fonts: UploadedFont[] = [];
  const imageSizes = new Map<string, { width: number; height: number }>();
  for (const [id, row] of assets) {
    if (row.mediaType.startsWith('font/')) fonts.push({ id, bytes: assetBytes(id) });
    if (row.width !== null && row.height !== null)
      imageSizes.set(id, { width: row.width, height: row.height });
  }

  let background: RenderBackground | null = null;
  if (definition.background) {
    const row = assets.get(definition.background.assetId);
    const backgroundBytes = assetBytes(definition.background.assetId);
    background =
      row?.mediaType === 'application/pdf'
        ? { kind: 'pdf', bytes: backgroundBytes }
        : { kind: 'image', bytes: backgroundBytes };
  }

  const elements: RenderElement[] = definition.elements.map((element): RenderElement => {
    switch (element.kind) {
      case 'text': {
        const parsed = parseText(element.text);
        const text = 'parts' in parsed ? fillText(parsed.parts, data) : element.text;
        return { kind: 'text', box: element.box, text, style: resolveTextStyle(element.style) };
      }
      case 'documentId':
        return {
          kind: 'text',
          box: element.box,
          text: data.documentId,
          style: resolveTextStyle(element.style),
        };
      case 'image':
        return {
          kind: 'image',
          box: element.box,
          image: assetBytes(element.assetId),
          fit: element.fit ?? 'contain',
        };
      case 'qr':
        return {
          kind: 'qr',
          box: element.box,
          url: verificationUrl,
          color: element.color ?? '#000000',
        };
      case 'line':
        return {
          kind: 'line',
          box: element.box,
          color: element.color ?? '#000000',
          thickness: element.thickness ?? 1,
        };
      case 'rectangle':
        return {
          kind: 'rectangle',
          box: element.box,
          fill: element.fill ?? null,
          stroke: element.stroke === undefined ? '#000000' : element.stroke,
          strokeWidth: element.strokeWidth ?? 1,
          radius: element.radius ?? 0,
        };
    }
  });

  const { width, height } = pageDimensions(definition.page);
  return { width, height, background, elements, fonts, imageSizes };
}

/**
 * Renders a definition with filled-in data: loads the assets it refers to (checked against
 * their digests), fills every placeholder and draws. `verificationUrl` goes into the QR code.
 */
export async function renderDefinition(
  ctx: AppContext,
  organisation: Organisation,
  input: {
    definition: TemplateDefinitionValue;
    data: PlaceholderData;
    verificationUrl: string;
    metadata: DocumentMetadata;
    attachments?: readonly PdfAttachment[];
  },
): Promise<Buffer> {
  const prepared = await prepareTemplate(
    ctx,
    organisation,
    input.definition,
    input.data,
    input.verificationUrl,
  );
  return renderTemplatePdf({
    width: prepared.width,
    height: prepared.height,
    background: prepared.background,
    elements: prepared.elements,
    fonts: prepared.fonts,
    metadata: input.metadata,
    ...(input.attachments === undefined ? {} : { attachments: input.attachments }),
  });
}

/** One element as the renderer lays it out, by its id (see `layoutTemplate`). */
export interface ElementLayout extends LaidOutElement {
  readonly id: string;
  readonly kind: TemplateDefinitionValue['elements'][number]['kind'];
  readonly box: BoxValue;
}

/**
 * Lays a definition out with filled-in data without drawing it: where each element prints,
 * and which texts shrank or were cut. Same rules and fonts as `renderDefinition`.
 */
export async function layoutDefinition(
  ctx: AppContext,
  organisation: Organisation,
  input: { definition: TemplateDefinitionValue; data: PlaceholderData; verificationUrl: string },
): Promise<{ width: number; height: number; elements: ElementLayout[] }> {
  const prepared = await prepareTemplate(
    ctx,
    organisation,
    input.definition,
    input.data,
    input.verificationUrl,
  );
  const library: FontLibrary =
    prepared.fonts.length === 0
      ? builtInFontLibrary()
      : createFontLibrary({ uploaded: prepared.fonts });
  const source = input.definition.elements;
  const laidOut = layoutTemplate(prepared.elements, library, (element) => {
    const index = prepared.elements.indexOf(element);
    const original = source[index];
    return original?.kind === 'image' ? (prepared.imageSizes.get(original.assetId) ?? null) : null;
  });
  return {
    width: prepared.width,
    height: prepared.height,
    elements: laidOut.map((layout, index) => {
      const element = source[index];
      if (element === undefined) throw new AppError('INTERNAL', 'Layout and elements differ.');
      return { id: element.id, kind: element.kind, box: element.box, ...layout };
    }),
  };
}
