import type { Actor } from '../accounts/actor.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { checkText } from '../input/check-text.js';
import { isLocale } from '../i18n/locale.js';
import { checkTemplateInput, requireTemplate, requireTemplateVersion } from './manage-templates.js';
import { fieldKey, type PlaceholderData } from './placeholders.js';
import type { TemplateFieldValue } from './template-definition.js';
import { printedFieldValues, templateFields } from './template-fields.js';
import { layoutDefinition, renderDefinition } from './render-template.js';
import { requireTemplateAccess } from './template-access.js';
import type { TemplateDefinitionValue } from './template-definition.js';
import { storedDefinition } from './template-views.js';

/** The document id printed on previews (and encoded in their QR code): clearly not a real one. */
export const PREVIEW_DOCUMENT_ID = 'PREVIEW-not-a-document';

/** Data a preview may be given; what is left out is filled with samples. */
export interface PreviewData {
  recipient?: { name?: unknown } | null;
  title?: unknown;
  fields?: unknown;
  issuedAt?: unknown;
  expiresAt?: unknown;
  locale?: unknown;
}

function date(value: unknown, field: string, fallback: string): string {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
    throw new AppError('INVALID_INPUT', `data.${field} must be an ISO-8601 date or date-time.`, {
      details: { field: `data.${field}` },
    });
  return new Date(value).toISOString();
}

function sampleValue(field: TemplateFieldValue, now: Date): string {
  switch (field.type) {
    case 'date':
      return now.toISOString().slice(0, 10);
    case 'number':
      return '42';
    case 'text':
      return `Sample ${field.label.toLowerCase()}`;
  }
}

/** Placeholder data for a preview: the given data, samples for the rest. */
function previewData(
  definition: TemplateDefinitionValue,
  issuerName: string,
  raw: PreviewData,
  now: Date,
): PlaceholderData {
  const given: Array<{ label: string; value: string }> = [];
  if (raw.fields !== undefined && raw.fields !== null) {
    if (!Array.isArray(raw.fields))
      throw new AppError('INVALID_INPUT', 'data.fields must be a list of { label, value }.');
    raw.fields.forEach((field: unknown, index) => {
      const { label, value } = (field ?? {}) as { label?: unknown; value?: unknown };
      given.push({
        label: checkText(label, `data.fields[${index}].label`, 60),
        value:
          typeof value === 'string' && value.trim() === ''
            ? ''
            : checkText(value, `data.fields[${index}].value`, 500),
      });
    });
  }
  // Without data, every field shows a sample; with data, only missing required ones do (so a
  // sample set can leave an optional field empty).
  for (const field of templateFields(definition)) {
    if (raw.fields !== undefined && raw.fields !== null && !field.required) continue;
    if (given.some((entry) => fieldKey(entry.label) === field.key && entry.value.trim() !== ''))
      continue;
    given.push({ label: field.key, value: sampleValue(field, now) });
  }
  const locale = raw.locale ?? 'en';
  if (!isLocale(locale)) throw new AppError('INVALID_INPUT', 'data.locale must be "en" or "fr".');
  const issuedAt = date(raw.issuedAt, 'issuedAt', now.toISOString());
  const nextYear = new Date(issuedAt);
  nextYear.setUTCFullYear(nextYear.getUTCFullYear() + 1);
  return {
    recipientName:
      raw.recipient?.name === undefined
        ? 'Alex Sample'
        : checkText(raw.recipient.name, 'data.recipient.name', 200),
    title: raw.title === undefined ? 'Sample title' : checkText(raw.title, 'data.title', 200),
    issuerName,
    fields: printedFieldValues(definition, given, locale),
    issuedAt,
    expiresAt: date(raw.expiresAt, 'expiresAt', nextYear.toISOString()),
    documentId: PREVIEW_DOCUMENT_ID,
    locale,
  };
}

async function render(
  ctx: AppContext,
  organisation: Parameters<typeof renderDefinition>[1],
  name: string,
  definition: TemplateDefinitionValue,
  data: PreviewData,
): Promise<Buffer> {
  const now = ctx.now();
  return renderDefinition(ctx, organisation, {
    definition,
    data: previewData(definition, organisation.name, data, now),
    verificationUrl: `${ctx.publicUrl}/verify/${PREVIEW_DOCUMENT_ID}`,
    metadata: { title: `Preview: ${name}`, author: organisation.name, creationDate: now },
  });
}

/**
 * Renders a saved template (latest version, or `version`) with sample data or the data given.
 * Issues nothing and stores nothing.
 */
export async function previewTemplate(
  ctx: AppContext,
  actor: Actor | null,
  input: {
    organisationId: string;
    templateId: string;
    version?: number | undefined;
    data?: PreviewData;
  },
): Promise<Buffer> {
  const organisation = await requireTemplateAccess(ctx, actor, input.organisationId, 'read');
  const template = await requireTemplate(ctx.db, organisation, input.templateId);
  const version = await requireTemplateVersion(
    ctx.db,
    template,
    input.version ?? template.latestVersion,
  );
  return render(ctx, organisation, version.name, storedDefinition(version), input.data ?? {});
}

/**
 * Lays out a definition that has not been saved, with the same data a preview would use: where
 * each element prints and which texts shrank or were cut (the designer's warnings).
 */
export async function layoutPreview(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; definition?: unknown; data?: PreviewData },
): Promise<Awaited<ReturnType<typeof layoutDefinition>>> {
  const organisation = await requireTemplateAccess(ctx, actor, input.organisationId, 'design');
  const { definition } = await checkTemplateInput(ctx, organisation, {
    name: 'Layout',
    definition: input.definition,
  });
  return layoutDefinition(ctx, organisation, {
    definition,
    data: previewData(definition, organisation.name, input.data ?? {}, ctx.now()),
    verificationUrl: `${ctx.publicUrl}/verify/${PREVIEW_DOCUMENT_ID}`,
  });
}

/** Renders a definition that has not been saved (the designer's current state); stores nothing. */
export async function previewDefinition(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; name?: unknown; definition?: unknown; data?: PreviewData },
): Promise<Buffer> {
  const organisation = await requireTemplateAccess(ctx, actor, input.organisationId, 'design');
  const { name, definition } = await checkTemplateInput(ctx, organisation, {
    name: input.name ?? 'Untitled template',
    definition: input.definition,
  });
  return render(ctx, organisation, name, definition, input.data ?? {});
}
