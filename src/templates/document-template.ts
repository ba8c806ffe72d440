import type { AppContext } from '../context.js';
import {
  findTemplate,
  findTemplateById,
  findTemplateVersion,
  findTemplateVersionById,
} from '../db/repositories/template.repository.js';
import type { Organisation } from '../db/tables/organisations.table.js';
import { AppError } from '../errors.js';
import type { Locale } from '../i18n/locale.js';
import type { PdfAttachment } from '../pdf/pdf-document.js';
import { requiredFieldKeys } from './check-template.js';
import type { TemplateFieldValue } from './template-definition.js';
import { checkFieldValues, printedFieldValues, templateFields } from './template-fields.js';
import { renderDefinition } from './render-template.js';
import { storedDefinition } from './template-views.js';

/** The built-in template's name; anything else names a designed template by its public id. */
export const BUILT_IN_TEMPLATE = 'certificate';

/** A designed template as issuance uses it: its latest version, and the fields it needs. */
export interface IssuanceTemplate {
  readonly templateId: string;
  readonly name: string;
  readonly versionId: number;
  readonly version: number;
  readonly requiredFields: readonly string[];
  /** The fields each document brings (declared, or those the texts use; see `templateFields`). */
  readonly fields: readonly TemplateFieldValue[];
}

/**
 * Finds the latest version of each designed template named by the documents being issued.
 * An unknown (or another organisation's) or archived template is INVALID_INPUT on `template`.
 */
export async function resolveIssuanceTemplates(
  ctx: AppContext,
  organisation: Organisation,
  templateIds: Iterable<string>,
): Promise<Map<string, IssuanceTemplate>> {
  const resolved = new Map<string, IssuanceTemplate>();
  for (const templateId of templateIds) {
    if (templateId === BUILT_IN_TEMPLATE || resolved.has(templateId)) continue;
    const template = await findTemplate(ctx.db, organisation.id, templateId);
    if (template === undefined)
      throw new AppError(
        'INVALID_INPUT',
        `template must be "${BUILT_IN_TEMPLATE}" or the id of one of this organisation's templates.`,
        { details: { field: 'template' } },
      );
    if (template.status === 'archived')
      throw new AppError(
        'INVALID_INPUT',
        `The template '${template.name}' is archived; choose another template.`,
        { details: { field: 'template', template: templateId } },
      );
    const version = await findTemplateVersion(ctx.db, template.id, template.latestVersion);
    if (version === undefined)
      throw new AppError('INTERNAL', 'A template has no row for its latest version.');
    resolved.set(templateId, {
      templateId,
      name: version.name,
      versionId: version.id,
      version: version.version,
      requiredFields: requiredFieldKeys(storedDefinition(version)),
      fields: templateFields(storedDefinition(version)),
    });
  }
  return resolved;
}

/**
 * Checks a document's data against its template's fields: a required field the data lacks (or
 * leaves blank), or a value not of its field's type (date, number), is INVALID_INPUT naming the
 * field and the template.
 */
export function checkTemplateData(
  template: IssuanceTemplate,
  fields: ReadonlyArray<{ label: string; value: string }>,
): void {
  checkFieldValues(template.name, template.templateId, template.fields, fields);
}

/** What a designed document shows; the recipient's data is passed in, never stored here. */
export interface DesignedDocumentContent {
  readonly templateVersionId: number;
  readonly documentId: string;
  readonly title: string;
  readonly recipientName: string;
  readonly fields: ReadonlyArray<{ label: string; value: string }>;
  readonly issuedAt: string;
  readonly expiresAt: string | null;
  readonly activatedAt: string;
  readonly locale: Locale;
  readonly verificationUrl: string;
  readonly attachments?: readonly PdfAttachment[];
}

/**
 * Renders a document with the template version it was issued with (never a later one), so a
 * document looks the same whenever it is activated.
 */
export async function renderDesignedDocument(
  ctx: AppContext,
  organisation: Organisation,
  content: DesignedDocumentContent,
): Promise<Buffer> {
  const version = await findTemplateVersionById(ctx.db, content.templateVersionId);
  const template =
    version === undefined ? undefined : await findTemplateById(ctx.db, version.templateId);
  if (version === undefined || template?.organisationId !== organisation.id)
    throw new AppError('INTERNAL', "The document's template version is missing.");
  const definition = storedDefinition(version);
  return renderDefinition(ctx, organisation, {
    definition,
    data: {
      recipientName: content.recipientName,
      title: content.title,
      issuerName: organisation.name,
      fields: printedFieldValues(definition, content.fields, content.locale),
      issuedAt: content.issuedAt,
      expiresAt: content.expiresAt,
      documentId: content.documentId,
      locale: content.locale,
    },
    verificationUrl: content.verificationUrl,
    metadata: {
      title: content.title,
      author: organisation.name,
      documentId: content.documentId,
      creationDate: new Date(content.activatedAt),
    },
    ...(content.attachments === undefined ? {} : { attachments: content.attachments }),
  });
}

/**
 * The designed template and version number a document was issued with (for its embedded
 * record), or null for the built-in template.
 */
export async function documentTemplateVersion(
  ctx: AppContext,
  templateVersionId: number | null,
): Promise<{ templateId: string; version: number } | null> {
  if (templateVersionId === null) return null;
  const version = await findTemplateVersionById(ctx.db, templateVersionId);
  const template =
    version === undefined ? undefined : await findTemplateById(ctx.db, version.templateId);
  if (version === undefined || template === undefined)
    throw new AppError('INTERNAL', "The document's template version is missing.");
  return { templateId: template.publicId, version: version.version };
}
