import type { Actor } from '../accounts/actor.js';
import { auditActor } from '../accounts/actor.js';
import type { AppContext } from '../context.js';
import { randomPublicId } from '../crypto/random.js';
import type { Executor } from '../db/database.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import {
  advanceTemplateVersion,
  archiveTemplate as markArchived,
  findTemplate,
  findTemplateAssets,
  findTemplateVersion,
  insertTemplate,
  insertTemplateVersion,
} from '../db/repositories/template.repository.js';
import type { Organisation } from '../db/tables/organisations.table.js';
import type {
  TemplateAssetRow,
  TemplateRow,
  TemplateVersionRow,
} from '../db/tables/templates.table.js';
import { AppError } from '../errors.js';
import { checkText } from '../input/check-text.js';
import { checkTemplateDefinition, referencedAssetIds } from './check-template.js';
import { requireTemplateAccess } from './template-access.js';
import type { TemplateDefinitionValue } from './template-definition.js';
import { parseDefinition, templateSummary, templateView } from './template-views.js';
import type { TemplateSummary, TemplateView } from './template-views.js';

export const MAX_TEMPLATE_NAME = 120;
export const MAX_VERSION_NOTE = 500;

/** What a designer saves: a name and a definition (and, for a new version, a note). */
export interface TemplateInput {
  name?: unknown;
  definition?: unknown;
  note?: unknown;
}

function versionNote(note: unknown): string | null {
  if (note === undefined || note === null) return null;
  if (typeof note === 'string' && note.trim() === '') return null;
  return checkText(note, 'note', MAX_VERSION_NOTE);
}

/** Loads the assets a definition refers to, by public id (this organisation's only). */
export async function assetsOf(
  db: Executor,
  organisationId: number,
  definition: TemplateDefinitionValue,
): Promise<Map<string, TemplateAssetRow>> {
  const rows = await findTemplateAssets(db, organisationId, referencedAssetIds(definition));
  return new Map(rows.map((row) => [row.publicId, row]));
}

/** Checks a name and definition fully (schema, page, elements, fonts, assets). */
export async function checkTemplateInput(
  ctx: AppContext,
  organisation: Organisation,
  input: TemplateInput,
): Promise<{ name: string; definition: TemplateDefinitionValue }> {
  const name = checkText(input.name, 'name', MAX_TEMPLATE_NAME);
  const definition = parseDefinition(input.definition);
  checkTemplateDefinition(definition, await assetsOf(ctx.db, organisation.id, definition));
  return { name, definition };
}

async function audit(
  db: Executor,
  actor: Actor,
  organisation: Organisation,
  action: string,
  targetId: string,
  occurredAt: string,
): Promise<void> {
  const who = auditActor(actor);
  await insertAuditEvent(db, {
    occurredAt,
    actorType: who.actorType,
    actorId: who.actorId,
    action,
    organisationId: organisation.id,
    targetId,
  });
}

/** Creates a template with its version 1. */
export async function createTemplate(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
  input: TemplateInput,
): Promise<TemplateView> {
  const organisation = await requireTemplateAccess(ctx, actor, organisationId, 'design');
  const { name, definition } = await checkTemplateInput(ctx, organisation, input);
  const now = ctx.now().toISOString();
  const publicId = randomPublicId();
  return ctx.db.transaction().execute(async (trx) => {
    const template = await insertTemplate(trx, {
      publicId,
      organisationId: organisation.id,
      name,
      status: 'active',
      latestVersion: 1,
      createdAt: now,
      updatedAt: now,
      archivedAt: null,
    });
    const version = await insertTemplateVersion(trx, {
      templateId: template.id,
      version: 1,
      name,
      definition: JSON.stringify(definition),
      note: versionNote(input.note),
      createdAt: now,
      createdByUserId: actor?.kind === 'user' ? actor.userId : null,
    });
    if (actor !== null) await audit(trx, actor, organisation, 'template.created', publicId, now);
    return templateView(template, version);
  });
}

async function requireTemplate(
  db: Executor,
  organisation: Organisation,
  templateId: string,
): Promise<TemplateRow> {
  const template = await findTemplate(db, organisation.id, templateId);
  if (template === undefined) throw new AppError('NOT_FOUND', 'No template with this id.');
  return template;
}

/** One version of a template; NOT_FOUND when the template has no version with this number. */
async function requireTemplateVersion(
  db: Executor,
  template: TemplateRow,
  version: number,
): Promise<TemplateVersionRow> {
  const row = await findTemplateVersion(db, template.id, version);
  if (row === undefined)
    throw new AppError('NOT_FOUND', 'This template has no version with this number.');
  return row;
}

/**
 * Saves a new version of a template; earlier versions stay as they were, so documents issued
 * with them keep rendering the same. With `basedOnVersion`, the save is refused (CONFLICT) if
 * someone else saved a version after it — a designer page sends the version it loaded.
 */
export async function saveTemplateVersion(
  ctx: AppContext,
  actor: Actor | null,
  input: TemplateInput & { organisationId: string; templateId: string; basedOnVersion?: unknown },
): Promise<TemplateView> {
  const organisation = await requireTemplateAccess(ctx, actor, input.organisationId, 'design');
  const template = await requireTemplate(ctx.db, organisation, input.templateId);
  if (template.status === 'archived')
    throw new AppError('CONFLICT', 'This template is archived; it can no longer be changed.');
  const { name, definition } = await checkTemplateInput(ctx, organisation, input);
  const note = versionNote(input.note);
  const based = input.basedOnVersion;
  if (based !== undefined && based !== null && based !== template.latestVersion) {
    throw new AppError(
      'CONFLICT',
      `Version ${template.latestVersion} was saved after the version this change is based on; reload and try again.`,
      { details: { latestVersion: template.latestVersion } },
    );
  }
  const now = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const moved = await advanceTemplateVersion(trx, template.id, template.latestVersion, {
      name,
      updatedAt: now,
    });
    if (!moved)
      throw new AppError(
        'CONFLICT',
        'Another version of this template was saved at the same time; reload and try again.',
      );
    const version = await insertTemplateVersion(trx, {
      templateId: template.id,
      version: template.latestVersion + 1,
      name,
      definition: JSON.stringify(definition),
      note,
      createdAt: now,
      createdByUserId: actor?.kind === 'user' ? actor.userId : null,
    });
    if (actor !== null)
      await audit(trx, actor, organisation, 'template.version_created', template.publicId, now);
    return templateView(
      { ...template, name, latestVersion: version.version, updatedAt: now },
      version,
    );
  });
}

/**
 * Restores an old version as the newest: a new version with its name and definition (the old
 * one stays as it was), noted "Restored from version N" unless a note is given.
 */
export async function restoreTemplateVersion(
  ctx: AppContext,
  actor: Actor | null,
  input: {
    organisationId: string;
    templateId: string;
    version: number;
    note?: unknown;
    basedOnVersion?: unknown;
  },
): Promise<TemplateView> {
  const organisation = await requireTemplateAccess(ctx, actor, input.organisationId, 'design');
  const template = await requireTemplate(ctx.db, organisation, input.templateId);
  const old = await requireTemplateVersion(ctx.db, template, input.version);
  return saveTemplateVersion(ctx, actor, {
    organisationId: input.organisationId,
    templateId: input.templateId,
    name: old.name,
    definition: JSON.parse(old.definition) as unknown,
    note: versionNote(input.note) ?? `Restored from version ${old.version}`,
    basedOnVersion: input.basedOnVersion,
  });
}

/**
 * Archives a template: it can no longer be chosen for new documents or changed. Documents
 * already issued with it still render with their version.
 */
export async function archiveTemplate(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; templateId: string },
): Promise<TemplateSummary> {
  const organisation = await requireTemplateAccess(ctx, actor, input.organisationId, 'design');
  const template = await requireTemplate(ctx.db, organisation, input.templateId);
  if (template.status === 'archived') return templateSummary(template);
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await markArchived(trx, template.id, now))) return;
    if (actor !== null)
      await audit(trx, actor, organisation, 'template.archived', template.publicId, now);
  });
  const archived = await requireTemplate(ctx.db, organisation, input.templateId);
  return templateSummary(archived);
}

/** A template at its latest version, or at `version`. */
export async function getTemplate(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; templateId: string; version?: number | undefined },
): Promise<TemplateView> {
  const organisation = await requireTemplateAccess(ctx, actor, input.organisationId, 'read');
  const template = await requireTemplate(ctx.db, organisation, input.templateId);
  const version = await requireTemplateVersion(
    ctx.db,
    template,
    input.version ?? template.latestVersion,
  );
  return templateView(template, version);
}

export { requireTemplate, requireTemplateVersion };
