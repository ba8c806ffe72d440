import { AppError } from '../errors.js';
import type { Locale } from '../i18n/locale.js';
import { fieldKey, formatDate, usedFieldKeys } from './placeholders.js';
import type { TemplateDefinitionValue, TemplateFieldValue } from './template-definition.js';

/*
 * A template's fields: what each document must (or may) bring, checked at issuance and mapped
 * from spreadsheet columns. A template saved before fields existed declares none; its fields
 * are then the ones its texts use, all required text.
 */

const NUMBER = /^[+-]?(\d+([.,]\d+)?|[.,]\d+)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The fields a definition expects: its declared ones, or those its texts use. */
export function templateFields(definition: TemplateDefinitionValue): TemplateFieldValue[] {
  if (definition.fields !== undefined) return definition.fields;
  return usedFieldKeys(definition.elements).map((key) => ({
    key,
    label: key,
    type: 'text',
    required: true,
  }));
}

/** Whether a document's field (by its label) is the template's `field`. */
function matches(field: TemplateFieldValue, label: string): boolean {
  const key = fieldKey(label);
  return key === field.key || key === fieldKey(field.label);
}

/** The value a document gives for `field`, or undefined (blank counts as missing). */
function valueFor(
  field: TemplateFieldValue,
  data: ReadonlyArray<{ label: string; value: string }>,
): string | undefined {
  const found = data.find((entry) => matches(field, entry.label));
  if (found === undefined || found.value.trim() === '') return undefined;
  return found.value.trim();
}

/** Why `value` is not a valid value of a field of `type`, as the end of a sentence; or null. */
export function fieldValueProblem(type: TemplateFieldValue['type'], value: string): string | null {
  switch (type) {
    case 'text':
      return null;
    case 'number':
      return NUMBER.test(value.replace(/[\s\u00a0\u202f]/g, ''))
        ? null
        : 'must be a number (digits, an optional sign and decimal point)';
    case 'date':
      return ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))
        ? null
        : 'must be a date written YYYY-MM-DD';
  }
}

/**
 * Checks a document's field values against the template's fields: every required field present
 * and not blank, every value of its type. The error is INVALID_INPUT naming the field.
 */
export function checkFieldValues(
  templateName: string,
  templateId: string,
  fields: readonly TemplateFieldValue[],
  data: ReadonlyArray<{ label: string; value: string }>,
): void {
  for (const field of fields) {
    const value = valueFor(field, data);
    if (value === undefined) {
      if (!field.required) continue;
      throw new AppError(
        'INVALID_INPUT',
        `The template '${templateName}' needs the field '${field.label}'${field.label === field.key ? '' : ` (${field.key})`}, which is missing.`,
        { details: { field: 'fields', missingField: field.key, template: templateId } },
      );
    }
    const problem = fieldValueProblem(field.type, value);
    if (problem !== null)
      throw new AppError(
        'INVALID_INPUT',
        `The field '${field.label}' of the template '${templateName}' ${problem}.`,
        { details: { field: 'fields', invalidField: field.key, template: templateId } },
      );
  }
}

/**
 * The values to print, by key: every declared field's value (dates written in the document's
 * language), then the document's other fields by their label's key.
 */
export function printedFieldValues(
  definition: TemplateDefinitionValue,
  data: ReadonlyArray<{ label: string; value: string }>,
  locale: Locale,
): Map<string, string> {
  const values = new Map<string, string>();
  for (const field of definition.fields ?? []) {
    const value = valueFor(field, data);
    if (value === undefined) continue;
    values.set(
      field.key,
      field.type === 'date' && fieldValueProblem('date', value) === null
        ? formatDate(value, locale)
        : value,
    );
  }
  for (const entry of data) {
    const key = fieldKey(entry.label);
    if (!values.has(key)) values.set(key, entry.value);
  }
  return values;
}
