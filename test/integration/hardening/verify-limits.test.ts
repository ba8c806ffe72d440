import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

const NOT_A_REAL_DOCUMENT = Buffer.from('%PDF-1.7\n%not issued here\n%%EOF\n');

describe('anonymous verify uploads are bounded (issue 11 #4)', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform('sqlite');
  });
  afterAll(async () => platform.close());

  const post = (type: string, body: Buffer | string) =>
    fetch(`${platform.baseUrl}/api/verify`, {
      method: 'POST',
      headers: { 'content-type': type },
      body,
    });

  it('a JSON body is small: 2 KiB of JSON is 413, a PDF body may still be large', async () => {
    const big = await post('application/json', JSON.stringify({ sha256: 'a'.repeat(2048) }));
    expect(big.status).toBe(413);
    const small = await post('application/json', JSON.stringify({ sha256: 'a'.repeat(64) }));
    expect(small.status).toBe(200);
  });

  it('PDF uploads are limited to 20 a minute per client, digest lookups are not', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 22; attempt += 1)
      statuses.push((await post('application/pdf', NOT_A_REAL_DOCUMENT)).status);
    expect(statuses.slice(0, 20).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    for (let attempt = 0; attempt < 25; attempt += 1) {
      const answer = await post('application/json', JSON.stringify({ sha256: 'b'.repeat(64) }));
      expect(answer.status).toBe(200);
    }
  });
});
