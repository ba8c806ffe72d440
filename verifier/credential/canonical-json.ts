/**
 * Canonical JSON as Certa signs it (the RFC 8785 subset for strings, integers, booleans, null,
 * arrays and objects): keys sorted by UTF-16 code units, no white space, strings and numbers as
 * `JSON.stringify` writes them. The one implementation: the server signs and digests records
 * with it, the verifier (Node and browser) checks them with it.
 */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new TypeError('canonical JSON cannot hold a non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item: JsonValue) => canonicalJson(item)).join(',')}]`;
  }
  const record = value as { readonly [key: string]: JsonValue };
  const members = Object.keys(record)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key] as JsonValue)}`);
  return `{${members.join(',')}}`;
}
