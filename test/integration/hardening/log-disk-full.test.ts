import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir } from '../../helpers/test-database.js';
import { startServeProcess } from '../../helpers/serve-process.js';
import type { ServeProcess } from '../../helpers/serve-process.js';

/** Mounts a small tmpfs (root only); null where the machine does not allow it. */
function mountSmallTmpfs(directory: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=128k', 'tmpfs', directory], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

/** Writes zeros until the file system says ENOSPC. */
function fill(file: string): void {
  const fd = fs.openSync(file, 'w');
  const block = Buffer.alloc(4096);
  try {
    for (;;) fs.writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
}

async function timedGet(port: number, pathname: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}${pathname}`, {
    signal: AbortSignal.timeout(5_000),
  });
  await response.arrayBuffer();
  return response.status;
}

const dir = createTempDir('certa-logdisk-');
const mountPoint = path.join(dir.path, 'logs');
fs.mkdirSync(mountPoint);
const mounted = mountSmallTmpfs(mountPoint);

describe.skipIf(!mounted)('a full log disk (real tmpfs, real certa serve)', () => {
  let server: ServeProcess;
  let logFd: number;
  beforeAll(async () => {
    const logFile = path.join(mountPoint, 'certa.log');
    logFd = fs.openSync(logFile, 'a');
    fill(path.join(mountPoint, 'filler'));
    server = await startServeProcess(
      { DATA_DIR: path.join(dir.path, 'data'), LOG_LEVEL: 'info' },
      { stdout: logFd },
    );
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    fs.closeSync(logFd);
    execFileSync('umount', [mountPoint]);
    dir.remove();
  });

  it('keeps answering every request while no log line fits, and after space comes back', async () => {
    for (let round = 0; round < 5; round += 1) {
      const statuses = await Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          timedGet(server.port, index % 2 === 0 ? '/api/health' : '/no-such-page'),
        ),
      );
      expect(new Set(statuses)).toEqual(new Set([200, 404]));
    }
    fs.rmSync(path.join(mountPoint, 'filler'));
    for (let round = 0; round < 3; round += 1) {
      expect(await timedGet(server.port, '/api/health')).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 600));
    }
    expect(server.alive()).toBe(true);
    const log = fs.readFileSync(path.join(mountPoint, 'certa.log'), 'utf8');
    expect(log).toMatch(/\d+ log lines were dropped/);
  }, 60_000);
});
