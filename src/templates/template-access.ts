import type { Actor } from '../accounts/actor.js';
import { requireOrganisationAccess } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import type { Organisation } from '../db/tables/organisations.table.js';

/**
 * Who may do what with templates, from the existing permissions: every member may read them
 * (and preview a saved one); designing them — uploading assets, saving, archiving, previewing
 * an unsaved definition — is `manage` (owners and admins, never API keys). An API key may read
 * templates with the `read` or the `issue` scope: a key that issues needs to find its template.
 */
export async function requireTemplateAccess(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
  need: 'read' | 'design',
): Promise<Organisation> {
  if (need === 'design') return requireOrganisationAccess(ctx, actor, organisationId, 'manage');
  if (actor?.kind === 'api_key' && !actor.scopes.includes('read') && actor.scopes.includes('issue'))
    return requireOrganisationAccess(ctx, actor, organisationId, 'issue');
  return requireOrganisationAccess(ctx, actor, organisationId, 'read');
}
