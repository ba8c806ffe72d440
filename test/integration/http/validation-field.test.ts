import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApprovedIssuer } from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

/*
 * A validation error names the field it is about (`details.field`, a dotted path), so that the
 * console can show the message next to that field instead of at the top of the form.
 */

describe('validation errors name their field', () => {
  let platform: TestPlatform;
  let issuer: TestIssuer;

  beforeAll(async () => {
    platform = await startTestPlatform('sqlite');
    issuer = await newApprovedIssuer(platform, 'Field Naming College');
  });
  afterAll(async () => platform?.close());

  it('gives the path of a wrong nested value and of a missing property', async () => {
    const url = `/api/organisations/${issuer.organisationId}/documents`;
    const wrong = await call<{ error: { code: string; details?: { field?: string } } }>(
      platform.baseUrl,
      'POST',
      url,
      {
        token: issuer.token,
        json: { title: 'Diploma', recipient: { name: 'Ada', email: 42 }, locale: 'en' },
      },
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('INVALID_INPUT');
    expect(wrong.body.error.details?.field).toBe('recipient.email');

    const missing = await call<{ error: { details?: { field?: string } } }>(
      platform.baseUrl,
      'POST',
      url,
      { token: issuer.token, json: { recipient: { name: 'Ada', email: 'ada@example.org' } } },
    );
    expect(missing.status).toBe(400);
    expect(missing.body.error.details?.field).toBe('title');
  });

  it('names no field for a body that is not JSON', async () => {
    const broken = await call<{ error: { code: string; details?: unknown } }>(
      platform.baseUrl,
      'POST',
      `/api/organisations/${issuer.organisationId}/documents`,
      { token: issuer.token, body: '{"title":', contentType: 'application/json' },
    );
    expect(broken.status).toBe(400);
    expect(broken.body.error.details).toBeUndefined();
  });
});
