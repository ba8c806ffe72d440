import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCertaProcess } from '../../helpers/certa-process.js';
import { activationLinkFor, issueOne, newApprovedIssuer } from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { createTempDir } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

function mount(directory: string, options: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', directory], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function fill(file: string): void {
  const fd = fs.openSync(file, 'w');
  try {
    for (;;) fs.writeSync(fd, Buffer.alloc(16 * 1024));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
}

const probeDir = createTempDir('certa-mount-probe-');
const canMount = mount(probeDir.path, 'size=64k');
if (canMount) execFileSync('umount', [probeDir.path]);
probeDir.remove();

describe.skipIf(!canMount)('a read-only data directory at start (issue 11 #8)', () => {
  it('certa serve exits 2 with one sentence naming DATA_DIR', async () => {
    const dir = createTempDir('certa-ro-');
    mount(dir.path, 'size=1m,ro');
    try {
      const result = await runCertaProcess(['serve'], {
        DATA_DIR: dir.path,
        ANCHOR_BACKENDS: 'none',
        PORT: '0',
      });
      expect(result.code).toBe(2);
      const lines = result.err.split('\n').filter((line) => line !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^DATA_DIR must name a directory Certa can write to, .*EROFS/);
    } finally {
      execFileSync('umount', [dir.path]);
      dir.remove();
    }
  }, 60_000);
});

describe.skipIf(!canMount)('a full or read-only disk while running (issue 11 #8)', () => {
  const dir = createTempDir('certa-faults-');
  const dataDir = path.join(dir.path, 'data');
  let platform: TestPlatform;
  let issuer: TestIssuer;
  const ready = () =>
    call<{ status: string; checks: Record<string, string> }>(
      platform.baseUrl,
      'GET',
      '/api/health/ready',
    );
  const health = () => call(platform.baseUrl, 'GET', '/api/health');

  beforeAll(async () => {
    fs.mkdirSync(dataDir);
    mount(dataDir, 'size=8m');
    platform = await startTestPlatform('sqlite', { DATA_DIR: dataDir });
    issuer = await newApprovedIssuer(platform);
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
    execFileSync('umount', ['-l', dataDir]);
    dir.remove();
  });

  it('readiness and activation say 503 while the disk is full, issuance defers its e-mail, liveness stays 200, no partial e-mail is left', async () => {
    const pending = await issueOne(platform, issuer);
    const link = await activationLinkFor(platform, pending);
    expect((await ready()).status).toBe(200);

    const filler = path.join(dataDir, 'filler');
    fill(filler);
    try {
      const notReady = await ready();
      expect(notReady.status).toBe(503);
      expect(notReady.body).toMatchObject({
        status: 'not ready',
        checks: { database: 'ok', files: 'failed', mail: 'failed' },
      });
      expect((await health()).status).toBe(200);

      // Issuance stores the document in the database first, then hands its e-mail to the mailer
      // (issue 12): the outbox cannot take it, so the answer says the delivery is deferred and
      // the document waits for a re-send, instead of refusing the whole issuance.
      const issued = await call<{ id: string; delivery: { state: string } }>(
        platform.baseUrl,
        'POST',
        `/api/organisations/${issuer.organisationId}/documents`,
        {
          token: issuer.token,
          json: {
            title: 'Diploma',
            recipient: { name: 'Full Disk', email: 'full-disk@example.org' },
            fields: [],
            expiresAt: null,
            locale: 'en',
          },
        },
      );
      expect(issued.status, JSON.stringify(issued.body)).toBe(201);
      expect(issued.body.delivery.state).toBe('deferred');
      const stored = await platform.ctx.db
        .selectFrom('documents')
        .select(['deliveryState', 'deliveredAt'])
        .where('publicId', '=', issued.body.id)
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({ deliveryState: 'deferred', deliveredAt: null });
      const outbox = fs.readdirSync(path.join(dataDir, 'outbox'));
      expect(outbox.filter((name) => name.endsWith('.tmp'))).toEqual([]);

      const info = await call<{ terms: { version: number } }>(
        platform.baseUrl,
        'GET',
        `/api/activations/${link.documentId}`,
      );
      const activated = await call<{ error: { code: string } }>(
        platform.baseUrl,
        'POST',
        `/api/activations/${link.documentId}`,
        {
          json: { secret: link.secret, acceptTerms: true, termsVersion: info.body.terms.version },
        },
      );
      expect(activated.status).toBe(503);
      expect(activated.body.error.code).toBe('UNAVAILABLE');
    } finally {
      fs.rmSync(filler);
    }
    expect((await ready()).status).toBe(200);
  }, 60_000);

  it('a data directory remounted read-only makes readiness fail too, and recovers', async () => {
    execFileSync('mount', ['-o', 'remount,ro', dataDir]);
    try {
      const notReady = await ready();
      expect(notReady.status).toBe(503);
      expect(notReady.body.checks).toMatchObject({ files: 'failed', mail: 'failed' });
      expect((await health()).status).toBe(200);
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', dataDir]);
    }
    expect((await ready()).status).toBe(200);
  });
});
