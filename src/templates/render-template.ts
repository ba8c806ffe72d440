import type { AppContext } from '../context.js';
import type { Organisation } from '../db/tables/organisations.table.js';
import type { DocumentMetadata, PdfAttachment } from '../pdf/pdf-document.js';
import { renderTemplatePdf } from '../pdf/template-renderer.js';
import type { RenderBackground, RenderElement } from '../pdf/template-renderer.js';
import { DEFAULT_FONT_FAMILY } from '../pdf/text/text-box.js';
import type { TextBoxStyle, UploadedFont } from '../pdf/text/text-box.js';
import { AppError } from '../errors.js';
import { assetsOf } from './manage-templates.js';
import { fillText, parseText } from './placeholders.js';
import type { PlaceholderData } from './placeholders.js';
import { readAssetBytes } from './template-assets.js';
import { pageDimensions } from './template-definition.js';
import type { TemplateDefinitionValue, TextStyleValue } from './template-definition.js';

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
  const { definition, data } = input;
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
  for (const [id, row] of assets)
    if (row.mediaType.startsWith('font/')) fonts.push({ id, bytes: assetBytes(id) });

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
          url: input.verificationUrl,
          color: element.color ?? '#000000',
        };
    }
  });

  const { width, height } = pageDimensions(definition.page);
  return renderTemplatePdf({
    width,
    height,
    background,
    elements,
    fonts,
    metadata: input.metadata,
    ...(input.attachments === undefined ? {} : { attachments: input.attachments }),
  });
}
