import type { Insertable } from 'kysely';
import type { Executor } from '../database.js';
import type {
  TemplateAssetRow,
  TemplateAssetsTable,
  TemplateRow,
  TemplateVersionRow,
  TemplateVersionsTable,
  TemplatesTable,
} from '../tables/templates.table.js';

export async function insertTemplateAsset(
  db: Executor,
  values: Insertable<TemplateAssetsTable>,
): Promise<TemplateAssetRow> {
  return db.insertInto('templateAssets').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findTemplateAsset(
  db: Executor,
  organisationId: number,
  publicId: string,
): Promise<TemplateAssetRow | undefined> {
  return db
    .selectFrom('templateAssets')
    .selectAll()
    .where('organisationId', '=', organisationId)
    .where('publicId', '=', publicId)
    .executeTakeFirst();
}

/** The organisation's assets among `publicIds` (unknown or foreign ids are simply absent). */
export async function findTemplateAssets(
  db: Executor,
  organisationId: number,
  publicIds: readonly string[],
): Promise<TemplateAssetRow[]> {
  if (publicIds.length === 0) return [];
  return db
    .selectFrom('templateAssets')
    .selectAll()
    .where('organisationId', '=', organisationId)
    .where('publicId', 'in', [...publicIds])
    .execute();
}

/** Newest first. */
export async function listTemplateAssets(
  db: Executor,
  organisationId: number,
): Promise<TemplateAssetRow[]> {
  return db
    .selectFrom('templateAssets')
    .selectAll()
    .where('organisationId', '=', organisationId)
    .orderBy('id', 'desc')
    .execute();
}

export async function insertTemplate(
  db: Executor,
  values: Insertable<TemplatesTable>,
): Promise<TemplateRow> {
  return db.insertInto('templates').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function insertTemplateVersion(
  db: Executor,
  values: Insertable<TemplateVersionsTable>,
): Promise<TemplateVersionRow> {
  return db.insertInto('templateVersions').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findTemplate(
  db: Executor,
  organisationId: number,
  publicId: string,
): Promise<TemplateRow | undefined> {
  return db
    .selectFrom('templates')
    .selectAll()
    .where('organisationId', '=', organisationId)
    .where('publicId', '=', publicId)
    .executeTakeFirst();
}

/** Newest first; archived ones only when asked for. */
export async function listTemplates(
  db: Executor,
  organisationId: number,
  includeArchived: boolean,
): Promise<TemplateRow[]> {
  let query = db.selectFrom('templates').selectAll().where('organisationId', '=', organisationId);
  if (!includeArchived) query = query.where('status', '=', 'active');
  return query.orderBy('id', 'desc').execute();
}

/**
 * Moves the template to its next version, only if `expectedVersion` is still the latest: two
 * designers saving at once cannot both become version n + 1 (the unique constraint would also
 * refuse it, but this says so clearly). Returns whether it moved.
 */
export async function advanceTemplateVersion(
  db: Executor,
  templateId: number,
  expectedVersion: number,
  values: { name: string; updatedAt: string },
): Promise<boolean> {
  const result = await db
    .updateTable('templates')
    .set({ latestVersion: expectedVersion + 1, name: values.name, updatedAt: values.updatedAt })
    .where('id', '=', templateId)
    .where('latestVersion', '=', expectedVersion)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function archiveTemplate(
  db: Executor,
  templateId: number,
  archivedAt: string,
): Promise<boolean> {
  const result = await db
    .updateTable('templates')
    .set({ status: 'archived', archivedAt, updatedAt: archivedAt })
    .where('id', '=', templateId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function findTemplateVersion(
  db: Executor,
  templateId: number,
  version: number,
): Promise<TemplateVersionRow | undefined> {
  return db
    .selectFrom('templateVersions')
    .selectAll()
    .where('templateId', '=', templateId)
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function findTemplateVersionById(
  db: Executor,
  id: number,
): Promise<TemplateVersionRow | undefined> {
  return db.selectFrom('templateVersions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Version numbers and dates of a template, newest first (definitions left out). */
export async function listTemplateVersions(
  db: Executor,
  templateId: number,
): Promise<Pick<TemplateVersionRow, 'version' | 'name' | 'note' | 'createdAt'>[]> {
  return db
    .selectFrom('templateVersions')
    .select(['version', 'name', 'note', 'createdAt'])
    .where('templateId', '=', templateId)
    .orderBy('version', 'desc')
    .execute();
}

/** The template a version belongs to (for rendering a document issued with it). */
export async function findTemplateById(db: Executor, id: number): Promise<TemplateRow | undefined> {
  return db.selectFrom('templates').selectAll().where('id', '=', id).executeTakeFirst();
}
