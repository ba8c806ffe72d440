/**
 * Canonical JSON (the RFC 8785 subset we need): object keys sorted by UTF-16 code units, no
 * white space, strings and numbers as `JSON.stringify` writes them. Two equal records always give
 * the same bytes, so their digests can be compared and anchored.
 */
export type CanonicalValue =
  | string
  | number
  | boolean
  | null
  | readonly CanonicalValue[]
  | { readonly [key: string]: CanonicalValue };

export function canonicalJson(value: CanonicalValue): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new TypeError('canonical JSON cannot hold a non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item: CanonicalValue) => canonicalJson(item)).join(',')}]`;
  }
  const record = value as { readonly [key: string]: CanonicalValue };
  const keys = Object.keys(record).sort();
  const members = keys.map(
    (key) => `${JSON.stringify(key)}:${canonicalJson(record[key] as CanonicalValue)}`,
  );
  return `{${members.join(',')}}`;
}
