/**
 * The fields a designed template needs, read from its definition the way the server does
 * (src/templates/placeholders.ts): every `{{fields.<key>}}` in a text element. A field's key is
 * its label lower-cased, accents removed, other characters turned into "_".
 */
const FIELD_PLACEHOLDER = /\{\{\s*fields\.([a-z0-9_]{1,60})\s*\}\}/g;

/** The key the server derives from a field's label ("Final grade" → "final_grade"). */
export function fieldKey(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** A label for a key that maps back to the same key ("final_grade" → "Final grade"). */
export function labelOf(key: string): string {
  const words = key.replace(/_+/g, ' ').trim();
  const label = words.charAt(0).toUpperCase() + words.slice(1);
  return fieldKey(label) === key ? label : key;
}

/** The field keys a definition's text elements use, in order of first use. */
export function requiredFieldKeys(definition: { elements: ReadonlyArray<unknown> }): string[] {
  const keys: string[] = [];
  for (const element of definition.elements) {
    const text = (element as { kind?: unknown; text?: unknown }).text;
    if (typeof text !== 'string') continue;
    for (const match of text.matchAll(FIELD_PLACEHOLDER)) {
      const key = match[1];
      if (key !== undefined && !keys.includes(key)) keys.push(key);
    }
  }
  return keys;
}
