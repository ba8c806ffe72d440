import { Value } from 'typebox/value';
import type {
  TemplateRow,
  TemplateStatus,
  TemplateVersionRow,
} from '../db/tables/templates.table.js';
import { AppError } from '../errors.js';
import { TemplateDefinition } from './template-definition.js';
import type { TemplateDefinitionValue } from './template-definition.js';

/** A template as listed: no definition. */
export interface TemplateSummary {
  id: string;
  name: string;
  status: TemplateStatus;
  /** The latest version number (1, 2, …); every save adds one. */
  version: number;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

/** A template at one version, with the definition exactly as it was saved. */
export interface TemplateView extends TemplateSummary {
  /** The version shown here (the latest unless a version was asked for). */
  version: number;
  latestVersion: number;
  versionCreatedAt: string;
  /** The note saved with the version shown, if any. */
  versionNote: string | null;
  definition: TemplateDefinitionValue;
}

export function templateSummary(row: TemplateRow): TemplateSummary {
  return {
    id: row.publicId,
    name: row.name,
    status: row.status,
    version: row.latestVersion,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    archivedAt: row.archivedAt,
  };
}

export function templateView(row: TemplateRow, version: TemplateVersionRow): TemplateView {
  return {
    ...templateSummary(row),
    name: version.name,
    version: version.version,
    latestVersion: row.latestVersion,
    versionCreatedAt: version.createdAt,
    versionNote: version.note,
    definition: storedDefinition(version),
  };
}

/**
 * Checks a definition against the JSON schema (the HTTP layer has already done so; the CLI and
 * other callers have not). The error names the first offending path.
 */
export function parseDefinition(raw: unknown): TemplateDefinitionValue {
  if (Value.Check(TemplateDefinition, raw)) return raw;
  const first = Value.Errors(TemplateDefinition, raw)[0];
  const where = first === undefined ? '' : first.instancePath.replace(/\//g, '.');
  throw new AppError(
    'INVALID_INPUT',
    `definition${where} ${first?.message ?? 'is not a valid template definition'}.`,
    { details: { field: `definition${where}` } },
  );
}

/** A stored version's definition (it was checked when saved). */
export function storedDefinition(version: TemplateVersionRow): TemplateDefinitionValue {
  return JSON.parse(version.definition) as TemplateDefinitionValue;
}
