import { expect } from 'vitest';
import type { BatchSummary } from '../../src/batches/batch.js';
import { postFile, type TestIssuer } from './factories.js';
import { call } from './http.js';
import type { TestPlatform } from './test-platform.js';

/**
 * Steps an issuer's owner takes over HTTP that many delivery and batch tests repeat, each checking
 * its answer. `baseUrl` is the in-process platform's, or a `certa serve` child's.
 */

/** Uploads `png` as the organisation's logo (answer 2xx). */
export async function uploadLogo(
  platform: TestPlatform,
  issuer: TestIssuer,
  png: Buffer,
): Promise<void> {
  const logo = await postFile(
    platform,
    'PUT',
    `/api/organisations/${issuer.organisationId}/logo`,
    issuer.token,
    { bytes: png, fileName: 'logo.png', type: 'image/png' },
  );
  expect(logo.status, JSON.stringify(logo.body)).toBeLessThan(300);
}

/** Unlocks the organisation for the owner's session with their password (answer 200). */
export async function unlockOrganisation(baseUrl: string, issuer: TestIssuer): Promise<void> {
  const unlocked = await call(baseUrl, 'POST', '/api/sessions/current/unlock', {
    token: issuer.token,
    json: { organisationId: issuer.organisationId, password: issuer.password },
  });
  expect(unlocked.status, JSON.stringify(unlocked.body)).toBe(200);
}

/**
 * Subscribes a webhook endpoint to `eventTypes` (answer 201). Nothing listens on its port 9, so
 * the events stay in `webhookDeliveries` for the test to read; the platform needs
 * WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=true.
 */
export async function addWebhookEndpoint(
  platform: TestPlatform,
  issuer: TestIssuer,
  eventTypes: readonly string[],
): Promise<void> {
  const endpoint = await call(
    platform.baseUrl,
    'POST',
    `/api/organisations/${issuer.organisationId}/webhooks`,
    { token: issuer.token, json: { url: 'http://127.0.0.1:9/hooks', eventTypes } },
  );
  expect(endpoint.status, JSON.stringify(endpoint.body)).toBe(201);
}

/**
 * Uploads a spreadsheet as a batch titled Diploma (answer 201) to `platform.baseUrl`; returns the
 * upload's answer and the batch's API path.
 */
export async function uploadBatch(
  platform: TestPlatform,
  issuer: TestIssuer,
  file: { bytes: Buffer; fileName: string },
): Promise<{ upload: BatchSummary; path: string }> {
  const base = `/api/organisations/${issuer.organisationId}/batches`;
  const upload = await postFile<BatchSummary>(
    platform,
    'POST',
    `${base}?title=Diploma`,
    issuer.token,
    {
      ...file,
      type: 'text/csv',
    },
  );
  expect(upload.status, JSON.stringify(upload.body)).toBe(201);
  return { upload: upload.body, path: `${base}/${upload.body.id}` };
}

/** Confirms every row of the uploaded batch at `path` (answer 202): its run starts. */
export async function confirmBatch(
  baseUrl: string,
  issuer: TestIssuer,
  path: string,
): Promise<void> {
  const confirmed = await call(baseUrl, 'POST', `${path}/confirm`, {
    token: issuer.token,
    json: { mode: 'all' },
  });
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(202);
}

/** Polls the batch at `path` until its run stops (finished or interrupted), at most `timeoutMs`. */
export async function stoppedBatch(
  baseUrl: string,
  issuer: TestIssuer,
  path: string,
  timeoutMs = 30_000,
): Promise<BatchSummary> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const batch = await call<BatchSummary>(baseUrl, 'GET', path, { token: issuer.token });
    if (batch.body.state === 'finished' || batch.body.state === 'interrupted') return batch.body;
    if (Date.now() > deadline) throw new Error(`the batch never stopped (${batch.body.state})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
