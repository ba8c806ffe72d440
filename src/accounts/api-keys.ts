import type { AppContext } from '../context.js';
import { randomPublicId } from '../crypto/random.js';
import { insertApiKey, listApiKeys, revokeApiKey } from '../db/repositories/api-key.repository.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import { AppError } from '../errors.js';
import { checkText } from '../input/check-text.js';
import { API_KEY_SCOPES } from './actor.js';
import type { Actor, ApiKeyScope } from './actor.js';
import { requireOrganisationAccess, requireUser } from './authorize.js';
import { newToken } from './tokens.js';

export interface ApiKeyView {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

function checkScopes(scopes: readonly string[]): ApiKeyScope[] {
  const unknown = scopes.filter((scope) => !(API_KEY_SCOPES as readonly string[]).includes(scope));
  if (scopes.length === 0 || unknown.length > 0) {
    throw new AppError(
      'INVALID_INPUT',
      `scopes must be one or more of ${API_KEY_SCOPES.join(', ')}.`,
      { details: { field: 'scopes' } },
    );
  }
  return [...new Set(scopes as ApiKeyScope[])];
}

/** Creates an API key for machine issuance. The key is returned once and stored only hashed. */
export async function createApiKey(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; name: string; scopes: readonly string[] },
): Promise<ApiKeyView & { key: string }> {
  const user = requireUser(actor);
  const organisation = await requireOrganisationAccess(ctx, user, input.organisationId, 'manage');
  const name = checkText(input.name, 'name', 100);
  const scopes = checkScopes(input.scopes);
  const { token, hash } = newToken('api_key');
  const publicId = randomPublicId();
  const createdAt = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await insertApiKey(trx, {
      publicId,
      organisationId: organisation.id,
      name,
      keyHash: hash,
      scopes: scopes.join(' '),
      createdByUserId: user.userId,
      createdAt,
    });
    await insertAuditEvent(trx, {
      occurredAt: createdAt,
      actorType: 'user',
      actorId: user.userPublicId,
      action: 'api_key.created',
      organisationId: organisation.id,
      targetId: publicId,
    });
  });
  return { id: publicId, name, scopes, createdAt, lastUsedAt: null, revokedAt: null, key: token };
}

/** The organisation's API keys (never the keys themselves). */
export async function listOrganisationApiKeys(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
): Promise<ApiKeyView[]> {
  const organisation = await requireOrganisationAccess(
    ctx,
    requireUser(actor),
    organisationId,
    'manage',
  );
  const rows = await listApiKeys(ctx.db, organisation.id);
  return rows.map((row) => ({
    id: row.publicId,
    name: row.name,
    scopes: row.scopes.split(' ') as ApiKeyScope[],
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  }));
}

/** Revokes an API key at once. */
export async function revokeOrganisationApiKey(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; apiKeyId: string },
): Promise<void> {
  const user = requireUser(actor);
  const organisation = await requireOrganisationAccess(ctx, user, input.organisationId, 'manage');
  const at = ctx.now().toISOString();
  const revoked = await revokeApiKey(ctx.db, organisation.id, input.apiKeyId, at);
  if (!revoked)
    throw new AppError('NOT_FOUND', 'No active API key with this id in this organisation.');
  await insertAuditEvent(ctx.db, {
    occurredAt: at,
    actorType: 'user',
    actorId: user.userPublicId,
    action: 'api_key.revoked',
    organisationId: organisation.id,
    targetId: input.apiKeyId,
  });
}
