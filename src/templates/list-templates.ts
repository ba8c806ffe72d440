import type { Actor } from '../accounts/actor.js';
import type { AppContext } from '../context.js';
import { listTemplates, listTemplateVersions } from '../db/repositories/template.repository.js';
import { requireTemplate } from './manage-templates.js';
import { requireTemplateAccess } from './template-access.js';
import { templateSummary } from './template-views.js';
import type { TemplateSummary } from './template-views.js';

/** The organisation's templates, newest first; archived ones only when asked for. */
export async function listOrganisationTemplates(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; includeArchived: boolean },
): Promise<TemplateSummary[]> {
  const organisation = await requireTemplateAccess(ctx, actor, input.organisationId, 'read');
  return (await listTemplates(ctx.db, organisation.id, input.includeArchived)).map(templateSummary);
}

/** A template's versions, newest first (numbers, names, notes and dates). */
export async function listVersions(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; templateId: string },
): Promise<Array<{ version: number; name: string; note: string | null; createdAt: string }>> {
  const organisation = await requireTemplateAccess(ctx, actor, input.organisationId, 'read');
  const template = await requireTemplate(ctx.db, organisation, input.templateId);
  return listTemplateVersions(ctx.db, template.id);
}
