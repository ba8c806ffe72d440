import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApprovedIssuer } from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

/**
 * Schema-driven fuzzing (issue 11, acceptance): every route of the OpenAPI document gets
 * malformed input derived from its own schema — wrong types, out-of-range integers, NUL,
 * oversized strings, broken JSON and broken multipart — as the owner of an approved issuer (so
 * requests get past authentication to validation and the database). No answer may be ≥ 500, and
 * the server must be healthy and ready afterwards. Bounded: at most PER_ROUTE requests a route.
 */

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  maxLength?: number;
}

interface Operation {
  parameters?: Array<{ name: string; in: string; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

type OpenApi = { paths: Record<string, Record<string, Operation>> };

interface FuzzCase {
  label: string;
  path: string;
  body?: { kind: 'json'; value: unknown } | { kind: 'raw'; type: string; text: string };
}

const PER_ROUTE = 10;
const BIG = 2 ** 40;
const NUL = 'a\u0000b';

function typeOf(schema: JsonSchema | undefined): string {
  if (schema === undefined) return 'unknown';
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type !== undefined) return type;
  const first = schema.anyOf?.find((s) => s.type !== 'null') ?? schema.oneOf?.[0];
  return typeOf(first);
}

/** Wrong values for a schema: another type, the limits of its type, NUL, oversized. */
function wrongValues(schema: JsonSchema | undefined): unknown[] {
  switch (typeOf(schema)) {
    case 'integer':
    case 'number':
      return ['12', BIG, -BIG, 1.5, null];
    case 'string':
      return [42, NUL, 'x'.repeat(Math.max(100_000, (schema?.maxLength ?? 0) + 1)), ['a'], {}];
    case 'boolean':
      return ['true', 1];
    case 'array':
      return ['not a list', [NUL, BIG, {}], Array.from({ length: 5000 }, () => 'x')];
    case 'object':
      return ['text', [], { [NUL]: NUL }];
    default:
      return [NUL, BIG, {}];
  }
}

/** A plausible-looking value, so other fields pass and the wrong one reaches its check. */
function plausible(schema: JsonSchema | undefined): unknown {
  switch (typeOf(schema)) {
    case 'integer':
    case 'number':
      return 1;
    case 'string':
      return 'plausible';
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return Object.fromEntries(
        Object.entries(schema?.properties ?? {}).map(([key, value]) => [key, plausible(value)]),
      );
    default:
      return null;
  }
}

const BROKEN_MULTIPART: Array<[string, string, string]> = [
  ['multipart without boundary', 'multipart/form-data', '--x\r\n\r\nhello'],
  ['multipart with empty boundary', 'multipart/form-data; boundary=', '--\r\n\r\nhello'],
  [
    'multipart part never ended',
    'multipart/form-data; boundary=zz',
    '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7 unterminated',
  ],
  [
    'multipart header garbage',
    'multipart/form-data; boundary=zz',
    '--zz\r\n\u0000\u0000garbage\r\n\r\nbody\r\n--zz--\r\n',
  ],
];

function casesFor(
  template: string,
  method: string,
  operation: Operation,
  fill: (name: string) => string,
): FuzzCase[] {
  const pathParams = (operation.parameters ?? []).filter((p) => p.in === 'path');
  const queryParams = (operation.parameters ?? []).filter((p) => p.in === 'query');
  const build = (override: Record<string, string> = {}, query = '') =>
    template.replace(/\{(\w+)\}/g, (_m, name: string) =>
      encodeURIComponent(override[name] ?? fill(name)),
    ) + query;
  const cases: FuzzCase[] = [];
  for (const param of pathParams) {
    for (const value of [NUL, 'x'.repeat(250), '99999999999', '-1', '%zz'])
      cases.push({
        label: `path ${param.name}=${JSON.stringify(value).slice(0, 20)}`,
        path: build({ [param.name]: value }),
      });
  }
  for (const param of queryParams.slice(0, 3)) {
    for (const value of wrongValues(param.schema).slice(0, 3))
      cases.push({
        label: `query ${param.name}`,
        path: build(
          {},
          `?${param.name}=${encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value))}`,
        ),
      });
  }
  const content = operation.requestBody?.content ?? {};
  const jsonSchema = content['application/json']?.schema;
  if (
    jsonSchema !== undefined ||
    (method !== 'get' && method !== 'delete' && Object.keys(content).length === 0)
  ) {
    const base = plausible(jsonSchema) as Record<string, unknown>;
    for (const [name, property] of Object.entries(jsonSchema?.properties ?? {})) {
      for (const value of wrongValues(property).slice(0, 2))
        cases.push({
          label: `body ${name}`,
          path: build(),
          body: { kind: 'json', value: { ...base, [name]: value } },
        });
    }
    cases.push({ label: 'body is an array', path: build(), body: { kind: 'json', value: [base] } });
    cases.push({
      label: 'body is broken JSON',
      path: build(),
      body: { kind: 'raw', type: 'application/json', text: '{"a":' },
    });
  }
  if (content['multipart/form-data'] !== undefined) {
    for (const [label, type, text] of BROKEN_MULTIPART)
      cases.push({ label, path: build(), body: { kind: 'raw', type, text } });
  }
  // Keep the walk bounded: multipart and the first cases of each kind first.
  const multipart = cases.filter((c) => c.label.startsWith('multipart'));
  const rest = cases.filter((c) => !c.label.startsWith('multipart'));
  const step = Math.max(1, Math.ceil(rest.length / Math.max(1, PER_ROUTE - multipart.length)));
  return [...multipart, ...rest.filter((_c, index) => index % step === 0)];
}

for (const dialect of DIALECTS) {
  describe(`schema-driven fuzzing of every route (${dialect})`, () => {
    let platform: TestPlatform;
    let issuer: TestIssuer;
    beforeAll(async () => {
      platform = await startTestPlatform(dialect);
      issuer = await newApprovedIssuer(platform);
    }, 120_000);
    afterAll(async () => platform.close());

    it('no malformed request gets a 5xx, and the server is healthy and ready afterwards', async () => {
      const document = await call<OpenApi>(platform.baseUrl, 'GET', '/docs/json');
      const fill = (name: string) =>
        name === 'organisationId' || name === 'id'
          ? issuer.organisationId
          : 'AAAAAAAAAAAAAAAAAAAAAA';
      const failures: string[] = [];
      let sent = 0;
      for (const [template, operations] of Object.entries(document.body.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
          for (const fuzz of casesFor(template, method, operation, fill)) {
            sent += 1;
            const headers: Record<string, string> = { authorization: `Bearer ${issuer.token}` };
            let body: string | undefined;
            if (fuzz.body?.kind === 'json') {
              headers['content-type'] = 'application/json';
              body = JSON.stringify(fuzz.body.value);
            } else if (fuzz.body?.kind === 'raw') {
              headers['content-type'] = fuzz.body.type;
              body = fuzz.body.text;
            }
            const response = await fetch(`${platform.baseUrl}${fuzz.path}`, {
              method: method.toUpperCase(),
              headers,
              ...(body === undefined ? {} : { body }),
            });
            const text = await response.text();
            if (response.status >= 500)
              failures.push(
                `${method.toUpperCase()} ${template} [${fuzz.label}] → ${response.status} ${text.slice(0, 160)}`,
              );
          }
        }
      }
      // Pages are not in the OpenAPI document; their path parameters reach the database too.
      for (const page of ['/issuers/%00', '/activate/%00', '/verify/%00', '/api/issuers/%00']) {
        sent += 1;
        const response = await fetch(`${platform.baseUrl}${page}`);
        await response.arrayBuffer();
        if (response.status >= 500) failures.push(`GET ${page} → ${response.status}`);
      }
      expect(failures).toEqual([]);
      expect(sent).toBeGreaterThan(200);
      expect((await call(platform.baseUrl, 'GET', '/api/health')).status).toBe(200);
      expect((await call(platform.baseUrl, 'GET', '/api/health/ready')).status).toBe(200);
    }, 90_000);
  });
}
