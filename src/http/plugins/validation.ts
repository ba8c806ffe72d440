import { Ajv } from 'ajv';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.js';

/** PostgreSQL's `integer`: every integer a request carries must fit, or the query fails. */
const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/**
 * A copy of a request schema where every integer without bounds gets the 32-bit range (issue 11
 * #6): `version: 99999999999` is a 400 from validation instead of a database error.
 */
export function boundIntegers(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(boundIntegers);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) copy[key] = boundIntegers(value);
  if (copy.type === 'integer') {
    if (copy.maximum === undefined && copy.exclusiveMaximum === undefined) copy.maximum = INT32_MAX;
    if (copy.minimum === undefined && copy.exclusiveMinimum === undefined) copy.minimum = INT32_MIN;
  }
  return copy;
}

/** Whether a parsed value holds a NUL character in any string (key or value), at any depth. */
export function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 32 || value === null || typeof value !== 'object' || Buffer.isBuffer(value))
    return false;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000') || containsNul(item, depth + 1)) return true;
  }
  return false;
}

/**
 * Request validation. Bodies are checked strictly — a number where a string belongs is a 400, not
 * silently turned into "123" — while query strings and path parameters, which are always text,
 * are coerced to the declared types (e.g. `?limit=20`). Unknown body properties are dropped.
 */
export function registerValidation(app: FastifyInstance): void {
  const strict = new Ajv({
    removeAdditional: true,
    useDefaults: true,
    coerceTypes: false,
    allErrors: false,
    strict: false,
  });
  const coercing = new Ajv({
    removeAdditional: true,
    useDefaults: true,
    coerceTypes: 'array',
    allErrors: false,
    strict: false,
  });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? strict : coercing).compile(boundIntegers(schema) as object),
  );
  // No id or filter we look up may contain NUL (PostgreSQL refuses it in text): a 400 for any
  // path parameter or query value with one, whether or not the route has a schema. Bodies are
  // checked by the use cases, which name the field (a NUL the database refuses is a 400 too).
  app.addHook('preValidation', async (request) => {
    if (containsNul(request.params) || containsNul(request.query)) {
      throw new AppError('INVALID_INPUT', 'The URL contains a NUL character.');
    }
  });
}
