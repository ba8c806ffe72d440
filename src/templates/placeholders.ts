import type { Locale } from '../i18n/locale.js';

/*
 * Placeholders in a template's text: `{{name}}` with optional spaces inside the braces. Known
 * names are fixed; `fields.<key>` picks a field of the document by its key (see `fieldKey`).
 */

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const FIELD_KEY = /^[a-z0-9_]{1,60}$/;

export const PLACEHOLDER_NAMES = [
  'recipient.name',
  'title',
  'issuer.name',
  'issuedAt',
  'expiresAt',
  'documentId',
] as const;
export type PlaceholderName = (typeof PLACEHOLDER_NAMES)[number];

export type Placeholder = { kind: 'value'; name: PlaceholderName } | { kind: 'field'; key: string };

/** A piece of a parsed text: fixed text, or a placeholder to fill in. */
export type TextPart = { kind: 'text'; text: string } | Placeholder;

/**
 * A field's key: its label lower-cased, accents removed, every run of other characters turned
 * into one "_" ("Final grade" → "final_grade", "Mention" → "mention").
 */
export function fieldKey(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Why a placeholder cannot be used, as the end of a sentence; null when it is fine. */
function placeholderOf(inside: string): Placeholder | string {
  if ((PLACEHOLDER_NAMES as readonly string[]).includes(inside))
    return { kind: 'value', name: inside as PlaceholderName };
  if (inside.startsWith('fields.')) {
    const key = inside.slice('fields.'.length);
    if (FIELD_KEY.test(key)) return { kind: 'field', key };
    return `"{{${inside}}}" has an invalid field key: use lower-case letters, digits and "_" (e.g. {{fields.final_grade}})`;
  }
  return `"{{${inside.slice(0, 60)}}}" is not a known placeholder (use ${PLACEHOLDER_NAMES.map((name) => `{{${name}}}`).join(', ')} or {{fields.<key>}})`;
}

/** Splits `text` into fixed text and placeholders; returns the problem when one is invalid. */
export function parseText(text: string): { parts: TextPart[] } | { problem: string } {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const index = match.index;
    if (index > last) parts.push({ kind: 'text', text: text.slice(last, index) });
    const placeholder = placeholderOf(match[1] ?? '');
    if (typeof placeholder === 'string') return { problem: placeholder };
    parts.push(placeholder);
    last = index + match[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return { parts };
}

/** The data a template's placeholders are filled from. */
export interface PlaceholderData {
  recipientName: string;
  title: string;
  issuerName: string;
  /** Field values by key (see `fieldKey`). */
  fields: ReadonlyMap<string, string>;
  issuedAt: string;
  expiresAt: string | null;
  documentId: string;
  locale: Locale;
}

const DATE_LOCALES: Record<Locale, string> = { en: 'en-GB', fr: 'fr-FR' };

/** A date as the document's language writes it (UTC, long form: "27 November 2026"). */
export function formatDate(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(DATE_LOCALES[locale], {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(new Date(iso));
}

function valueOf(placeholder: Placeholder, data: PlaceholderData): string {
  if (placeholder.kind === 'field') return data.fields.get(placeholder.key) ?? '';
  switch (placeholder.name) {
    case 'recipient.name':
      return data.recipientName;
    case 'title':
      return data.title;
    case 'issuer.name':
      return data.issuerName;
    case 'issuedAt':
      return formatDate(data.issuedAt, data.locale);
    case 'expiresAt':
      return data.expiresAt === null ? '' : formatDate(data.expiresAt, data.locale);
    case 'documentId':
      return data.documentId;
  }
}

/** The text with its placeholders filled in. */
export function fillText(parts: readonly TextPart[], data: PlaceholderData): string {
  return parts.map((part) => (part.kind === 'text' ? part.text : valueOf(part, data))).join('');
}

/** Field values by key; with two labels of one key, the first wins. */
export function fieldsByKey(
  fields: ReadonlyArray<{ label: string; value: string }>,
): Map<string, string> {
  const byKey = new Map<string, string>();
  for (const field of fields) {
    const key = fieldKey(field.label);
    if (!byKey.has(key)) byKey.set(key, field.value);
  }
  return byKey;
}

/** The field keys the texts among `elements` use, in order of first use (invalid texts skipped). */
export function usedFieldKeys(
  elements: ReadonlyArray<{ readonly kind: string; readonly text?: string }>,
): string[] {
  const keys: string[] = [];
  for (const element of elements) {
    if (element.kind !== 'text' || element.text === undefined) continue;
    const parsed = parseText(element.text);
    if (!('parts' in parsed)) continue;
    for (const part of parsed.parts)
      if (part.kind === 'field' && !keys.includes(part.key)) keys.push(part.key);
  }
  return keys;
}
