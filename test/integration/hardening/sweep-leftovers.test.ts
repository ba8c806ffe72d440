import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepLeftovers } from '../../../src/storage/sweep-leftovers.js';
import {
  activate,
  activationLinkFor,
  issueOne,
  newApprovedIssuer,
} from '../../helpers/factories.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

const HOUR = 60 * 60_000;

/** Every file under a directory, relative to it. */
function listFiles(directory: string): string[] {
  if (!fs.existsSync(directory)) return [];
  return fs
    .readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)))
    .sort();
}

function write(file: string, ageMs: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, 'leftover');
  const at = new Date(Date.now() - ageMs);
  fs.utimesSync(file, at, at);
}

function age(directory: string, ageMs: number): void {
  const at = new Date(Date.now() - ageMs);
  for (const file of listFiles(directory)) fs.utimesSync(path.join(directory, file), at, at);
}

for (const dialect of DIALECTS) {
  describe(`the sweep of crash leftovers (${dialect}, issue 11 #9)`, () => {
    let platform: TestPlatform;
    beforeAll(async () => {
      platform = await startTestPlatform(dialect);
    }, 120_000);
    afterAll(async () => platform.close());

    it('removes old orphan blobs and partial files, never a referenced blob or a young file', async () => {
      const issuer = await newApprovedIssuer(platform);
      const documentId = await issueOne(platform, issuer);
      await activate(platform, await activationLinkFor(platform, documentId));
      const storage = platform.config.storageDir;
      const outbox = path.join(platform.dataDir, 'outbox');
      // Everything committed so far (evidence, the activated PDF) looks as old as a leftover.
      age(storage, 2 * HOUR);
      const committed = listFiles(storage);
      expect(committed.length).toBeGreaterThanOrEqual(2);
      const emails = listFiles(outbox);

      // What a SIGKILL during activation leaves: the encrypted PDF stored, its row never
      // committed; and half-written files of the store and the outbox.
      write(path.join(storage, 'Zq', 'Zq0rphanBlobOfAKilledActivation.bin'), 2 * HOUR);
      write(path.join(storage, 'Yq', 'Yq0rphanButStillBeingActivated.bin'), 60_000);
      write(path.join(storage, 'Xq', 'Xq0rphanBlobOfAKilledActivation.bin.a1b2c3.tmp'), 2 * HOUR);
      write(path.join(outbox, '.2026-12-06T01-00-00-000Z-abcdef.eml.tmp'), 2 * HOUR);
      write(path.join(outbox, '.2026-12-06T02-00-00-000Z-123456.eml.tmp'), 60_000);

      const result = await sweepLeftovers(platform.ctx.db, { storage, outbox });
      expect(result).toEqual({ orphanBlobs: 1, partialFiles: 2, expiredMails: 0 });
      expect(listFiles(storage)).toEqual(
        [...committed, path.join('Yq', 'Yq0rphanButStillBeingActivated.bin')].sort(),
      );
      expect(listFiles(outbox)).toEqual(
        [...emails, '.2026-12-06T02-00-00-000Z-123456.eml.tmp'].sort(),
      );
      // The activated document's PDF is still there to download.
      await activate(platform, await activationLinkFor(platform, documentId));
    }, 120_000);
  });
}
