import { Ajv } from 'ajv';
import type { FastifyInstance } from 'fastify';

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
    (httpPart === 'body' ? strict : coercing).compile(schema),
  );
}
