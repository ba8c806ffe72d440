import { AppError } from '../errors.js';
import { checkIssueInput, type IssueInput } from '../documents/document.js';
import { checkTemplateData, type IssuanceTemplate } from '../templates/document-template.js';
import type { ColumnMapping, ColumnTarget, RowProblem } from './batch.js';

/** Header spellings recognised without a saved mapping (lower case, spaces and _ - removed). */
const KNOWN_HEADERS: Record<string, ColumnTarget> = {
  name: 'recipient.name',
  fullname: 'recipient.name',
  recipientname: 'recipient.name',
  recipient: 'recipient.name',
  nom: 'recipient.name',
  nomcomplet: 'recipient.name',
  email: 'recipient.email',
  mail: 'recipient.email',
  emailaddress: 'recipient.email',
  recipientemail: 'recipient.email',
  courriel: 'recipient.email',
  adressecourriel: 'recipient.email',
  title: 'title',
  titre: 'title',
  locale: 'locale',
  language: 'locale',
  langue: 'locale',
  expires: 'expiresAt',
  expiresat: 'expiresAt',
  expiry: 'expiresAt',
  expiration: 'expiresAt',
  validuntil: 'expiresAt',
  externalid: 'externalId',
  studentid: 'externalId',
  reference: 'externalId',
  ref: 'externalId',
  identifiant: 'externalId',
};

function normalise(header: string): string {
  return header.toLowerCase().replace(/[\s_\-.]/g, '');
}

/** Checks a mapping sent by a client: known targets, headers of the file. */
export function checkMapping(raw: unknown, headers: readonly string[]): ColumnMapping {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new AppError('INVALID_INPUT', 'mapping must be an object of column → target.', {
      details: { field: 'mapping' },
    });
  const mapping: ColumnMapping = {};
  for (const [header, target] of Object.entries(raw as Record<string, unknown>)) {
    if (!headers.includes(header)) continue;
    if (
      typeof target !== 'string' ||
      !(
        [
          'recipient.name',
          'recipient.email',
          'title',
          'locale',
          'expiresAt',
          'externalId',
          'ignore',
        ].includes(target) ||
        (target.startsWith('field:') && target.length > 6 && target.length <= 66)
      )
    )
      throw new AppError(
        'INVALID_INPUT',
        'mapping targets are recipient.name, recipient.email, title, locale, expiresAt, externalId, ignore or field:<label>.',
        { details: { field: `mapping.${header}`.slice(0, 80) } },
      );
    mapping[header] = target as ColumnTarget;
  }
  return mapping;
}

/**
 * The mapping for a file's headers: the one given (or saved for the template) for the headers it
 * names, then the known spellings (name, e-mail, title…), then a designed template's field of the
 * same name, and any other column a document field labelled by its header.
 */
export function resolveMapping(
  headers: readonly string[],
  given: ColumnMapping,
  template: IssuanceTemplate | undefined,
): ColumnMapping {
  const mapping: ColumnMapping = {};
  const templateFields = new Map<string, string>();
  for (const field of template?.fields ?? []) {
    templateFields.set(normalise(field.key), field.label);
    templateFields.set(normalise(field.label), field.label);
  }
  for (const header of headers) {
    const chosen = given[header];
    if (chosen !== undefined) mapping[header] = chosen;
    else {
      const key = normalise(header);
      const field = templateFields.get(key);
      mapping[header] =
        field !== undefined
          ? `field:${field}`
          : (KNOWN_HEADERS[key] ?? (header === '' ? 'ignore' : `field:${header}`));
    }
  }
  return mapping;
}

/** Problems that concern the mapping as a whole (e.g. no e-mail column). */
export function mappingProblems(mapping: ColumnMapping, hasDefaultTitle: boolean): string[] {
  const targets = Object.values(mapping);
  const problems: string[] = [];
  if (!targets.includes('recipient.email'))
    problems.push('No column holds the recipients’ e-mail addresses (map one to recipient.email).');
  if (!targets.includes('recipient.name'))
    problems.push('No column holds the recipients’ names (map one to recipient.name).');
  if (!hasDefaultTitle && !targets.includes('title'))
    problems.push('No column holds the title, and no title was given for the whole batch.');
  for (const target of ['recipient.email', 'recipient.name', 'title', 'externalId'] as const)
    if (targets.filter((each) => each === target).length > 1)
      problems.push(`Several columns are mapped to ${target}: keep one.`);
  return problems;
}

export interface MappedRow {
  readonly input: IssueInput;
  readonly externalId: string | null;
}

/**
 * Turns one row's cells into a checked issue input, with the same rules as the API
 * (`checkIssueInput`, the designed template's fields); a problem names the row and the column.
 */
export function mapRow(
  row: number,
  headers: readonly string[],
  cells: readonly string[],
  mapping: ColumnMapping,
  defaults: { template: string; title: string | null; designed: IssuanceTemplate | undefined },
  now: Date,
): MappedRow | RowProblem {
  let name: string | undefined;
  let email: string | undefined;
  let title = defaults.title ?? undefined;
  let locale: string | undefined;
  let expiresAt: string | undefined;
  let externalId: string | null = null;
  const fields: { label: string; value: string }[] = [];
  const fieldColumns: string[] = [];
  const columnOf: Record<string, string> = { title: '(title)' };
  for (const [index, header] of headers.entries()) {
    const target = mapping[header] ?? 'ignore';
    const value = cells[index] ?? '';
    switch (target) {
      case 'recipient.name':
        name = value;
        break;
      case 'recipient.email':
        email = value;
        break;
      case 'title':
        if (value !== '') title = value;
        break;
      case 'locale':
        if (value !== '') locale = value.toLowerCase();
        break;
      case 'expiresAt':
        if (value !== '') expiresAt = value;
        break;
      case 'externalId':
        externalId = value === '' ? null : value;
        break;
      case 'ignore':
        break;
      default:
        if (value !== '' || defaults.designed !== undefined) {
          fields.push({ label: target.slice(6), value });
          fieldColumns.push(header);
        }
    }
    if (target !== 'ignore') columnOf[target] = header;
  }
  try {
    const input = checkIssueInput(
      {
        template: defaults.template,
        title,
        recipient: { name, email },
        fields: fields.filter((field) => field.value !== ''),
        expiresAt,
        locale,
      },
      now,
    );
    if (defaults.designed !== undefined) checkTemplateData(defaults.designed, input.fields);
    return { input, externalId };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'INVALID_INPUT') throw error;
    const field = typeof error.details.field === 'string' ? error.details.field : '';
    const fieldIndex = /^fields\[(\d+)\]/.exec(field)?.[1];
    const templateKey = error.details.missingField ?? error.details.invalidField;
    const templateLabel = defaults.designed?.fields.find((each) => each.key === templateKey)?.label;
    const column =
      templateLabel !== undefined
        ? (columnOf[`field:${templateLabel}`] ?? templateLabel)
        : fieldIndex !== undefined
          ? (fieldColumns.filter((_c, i) => fields[i]?.value !== '')[Number(fieldIndex)] ?? '')
          : (columnOf[field] ??
            (field === 'recipient' ? (columnOf['recipient.email'] ?? '') : field));
    return { row, column, code: 'invalid', message: error.message };
  }
}

/** Whether mapRow returned a problem. */
export function isRowProblem(value: MappedRow | RowProblem): value is RowProblem {
  return 'message' in value;
}
