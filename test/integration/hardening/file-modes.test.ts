import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { openPlatform } from '../../../src/platform.js';
import { createTempDir } from '../../helpers/test-database.js';

function modeOf(file: string): string {
  return (fs.statSync(file).mode & 0o777).toString(8);
}

describe('files holding data are 0600 (issue 11 #10)', () => {
  let dir: { path: string; remove: () => void } | undefined;
  const previousUmask = process.umask(0o022);
  afterEach(() => {
    dir?.remove();
    process.umask(previousUmask);
  });

  it('the SQLite file and its WAL files, when DATA_DIR already exists (umask 022)', async () => {
    dir = createTempDir('certa-modes-');
    fs.chmodSync(dir.path, 0o755);
    process.umask(0o022);
    const platform = await openPlatform(
      loadConfig({ DATA_DIR: dir.path, ANCHOR_BACKENDS: 'none' }),
    );
    try {
      const file = path.join(dir.path, 'certa.sqlite');
      expect(modeOf(file)).toBe('600');
      expect(modeOf(`${file}-wal`)).toBe('600');
      expect(modeOf(`${file}-shm`)).toBe('600');
      expect(modeOf(path.join(dir.path, 'master.key'))).toBe('600');
    } finally {
      await platform.close();
    }
  });

  it('an existing database file readable by others is tightened at start', async () => {
    dir = createTempDir('certa-modes-');
    process.umask(0o022);
    const file = path.join(dir.path, 'certa.sqlite');
    fs.writeFileSync(file, '', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const platform = await openPlatform(
      loadConfig({ DATA_DIR: dir.path, ANCHOR_BACKENDS: 'none' }),
    );
    await platform.close();
    expect(modeOf(file)).toBe('600');
  });
});
