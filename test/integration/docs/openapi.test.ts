import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../helpers/http.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

interface OpenApiDocument {
  openapi: string;
  paths: Record<
    string,
    Record<string, { summary?: string; tags?: string[]; responses?: Record<string, unknown> }>
  >;
}

describe('OpenAPI documentation', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform('sqlite');
  });
  afterAll(async () => platform.close());

  it('serves an OpenAPI 3 document in which every API operation has a summary, a tag and its error responses', async () => {
    const response = await call<OpenApiDocument>(platform.baseUrl, 'GET', '/docs/json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toMatch(/^3\./);
    const operations = Object.entries(response.body.paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
      );
    expect(operations.length).toBeGreaterThanOrEqual(20);
    for (const { path, method, operation } of operations) {
      expect(operation.summary, `${method} ${path} has no summary`).toBeTruthy();
      expect(operation.tags?.length, `${method} ${path} has no tag`).toBeGreaterThan(0);
      const statuses = Object.keys(operation.responses ?? {});
      expect(
        statuses.some((status) => status.startsWith('2')),
        `${method} ${path} documents no success`,
      ).toBe(true);
      expect(
        statuses.some((status) => /^[45]/.test(status)),
        `${method} ${path} documents no error`,
      ).toBe(true);
    }
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/verify',
        '/api/activations/{documentId}',
        '/api/organisations/{organisationId}/documents',
      ]),
    );
  });

  it('serves the browsable documentation at /docs', async () => {
    const response = await fetch(`${platform.baseUrl}/docs/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('swagger');
  });
});
