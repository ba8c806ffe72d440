import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxCommand } from '../../../src/cli/outbox.js';
import type { CommandIo } from '../../../src/cli/command.js';
import { DecryptionError } from '../../../src/crypto/aead.js';
import {
  openRecord,
  unwrapWithActivationSecret,
  unwrapWithMasterKey,
} from '../../../src/crypto/document-keys.js';
import { decodeKey } from '../../../src/crypto/random.js';
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

function filesUnder(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** Every string in the files that could be a 256-bit secret (43 base64url characters). */
function candidateSecrets(directory: string): Buffer[] {
  const found = new Set<string>();
  for (const file of filesUnder(directory)) {
    const text = fs.readFileSync(file).toString('latin1');
    for (const match of text.matchAll(/[A-Za-z0-9_-]{43}/g)) found.add(match[0]);
  }
  return [...found].map((token) => decodeKey(token)).filter((key) => key !== null);
}

function tryOpen(open: () => Buffer): Buffer | null {
  try {
    return open();
  } catch (error) {
    if (error instanceof DecryptionError) return null;
    throw error;
  }
}

/**
 * The offline attacker of issue 13: holds a copy of the documents table and every file under
 * DATA_DIR (outbox included), perhaps the master key, and tries every secret-looking string in
 * those files on every document. Returns the public ids whose recipient record opened.
 */
async function attack(platform: TestPlatform, masterKey: Buffer | null): Promise<Set<string>> {
  const rows = await platform.ctx.db.selectFrom('documents').selectAll().execute();
  const secrets = candidateSecrets(platform.dataDir);
  const opened = new Set<string>();
  for (const row of rows) {
    const deks: Buffer[] = [];
    for (const secret of secrets) {
      const dek = tryOpen(() => unwrapWithActivationSecret(row.wrapA, secret, row.publicId));
      if (dek !== null) deks.push(dek);
    }
    if (masterKey !== null && row.wrapM !== null) {
      const dek = tryOpen(() => unwrapWithMasterKey(row.wrapM!, masterKey, row.publicId));
      if (dek !== null) deks.push(dek);
    }
    for (const dek of deks) {
      if (tryOpen(() => openRecord(dek, row.recordCiphertext, row.publicId)) !== null)
        opened.add(row.publicId);
    }
  }
  return opened;
}

function silentIo(env: Record<string, string>): CommandIo & { lines: string[] } {
  const lines: string[] = [];
  return {
    env,
    stdin: process.stdin,
    lines,
    out: (text) => lines.push(text),
    err: () => undefined,
  };
}

for (const dialect of DIALECTS) {
  describe(`offline attack on a copy of DATA_DIR, embedded outbox (${dialect})`, () => {
    let platform: TestPlatform;
    let pendingId: string;
    let activeId: string;

    beforeAll(async () => {
      platform = await startTestPlatform(dialect);
      const issuer = await newApprovedIssuer(platform, 'Offline Attack College');
      pendingId = await issueOne(platform, issuer, {
        recipient: { name: 'Pending Person', email: 'pending@attack.example' },
      });
      activeId = await issueOne(platform, issuer, {
        recipient: { name: 'Active Person', email: 'active@attack.example' },
      });
      await activate(platform, await activationLinkFor(platform, activeId));
    });

    afterAll(async () => {
      await platform.close();
    });

    it('keeps the database, its WAL and every data file 0600 in 0700 directories', () => {
      for (const file of filesUnder(platform.dataDir)) {
        const mode = fs.statSync(file).mode & 0o777;
        expect(mode, `${path.relative(platform.dataDir, file)} is ${mode.toString(8)}`).toBe(0o600);
      }
      if (dialect === 'sqlite') {
        const database = path.join(platform.dataDir, 'certa.sqlite');
        for (const each of [database, `${database}-wal`])
          expect(fs.statSync(each).mode & 0o777).toBe(0o600);
      }
      const directories = [platform.dataDir, path.join(platform.dataDir, 'outbox')];
      for (const directory of directories)
        expect(fs.statSync(directory).mode & 0o777, directory).toBe(0o700);
    });

    it('while the e-mails wait in the spool, their links open the records (why the spool is short-lived)', async () => {
      const opened = await attack(platform, null);
      expect(opened.has(pendingId)).toBe(true);
      expect(opened.has(activeId)).toBe(true);
    });

    it('an e-mail older than OUTBOX_RETENTION_HOURS is deleted by the sweep; a younger one stays', async () => {
      const directory = path.join(platform.dataDir, 'outbox');
      const before = fs.readdirSync(directory).filter((name) => name.endsWith('.eml'));
      expect(before.length).toBeGreaterThanOrEqual(3);
      const old = path.join(directory, before[0]!);
      const dayAndHourAgo = new Date(Date.now() - 25 * 3_600_000);
      fs.utimesSync(old, dayAndHourAgo, dayAndHourAgo);
      const swept = await sweepLeftovers(
        platform.ctx.db,
        { storage: platform.config.storageDir, outbox: directory },
        { outboxRetentionMs: platform.config.mail.transport === 'outbox' ? 24 * 3_600_000 : 0 },
      );
      expect(swept.expiredMails).toBe(1);
      expect(fs.existsSync(old)).toBe(false);
      expect(fs.readdirSync(directory).filter((name) => name.endsWith('.eml'))).toHaveLength(
        before.length - 1,
      );
    });

    it('certa outbox --drain prints each waiting e-mail whole and deletes it', async () => {
      const directory = path.join(platform.dataDir, 'outbox');
      const waiting = fs.readdirSync(directory).filter((name) => name.endsWith('.eml')).length;
      const io = silentIo({ DATA_DIR: platform.dataDir });
      expect(await outboxCommand.run(['--drain'], io)).toBe(0);
      expect(io.lines.filter((line) => line.startsWith('From certa '))).toHaveLength(waiting);
      expect(io.lines.join('\n')).toContain(`/activate/${pendingId}#`);
      expect(fs.readdirSync(directory).filter((name) => name.endsWith('.eml'))).toHaveLength(0);
    });

    it('once the spool is handed over: without the master key nothing opens; with it, no pending record', async () => {
      expect(await attack(platform, null)).toEqual(new Set());
      const withMasterKey = await attack(platform, platform.ctx.masterKey);
      expect(withMasterKey.has(pendingId)).toBe(false);
      // The platform may read what was activated (its PDF is served again): by design.
      expect(withMasterKey.has(activeId)).toBe(true);
      const pending = await platform.ctx.db
        .selectFrom('documents')
        .select('wrapM')
        .where('publicId', '=', pendingId)
        .executeTakeFirstOrThrow();
      expect(pending.wrapM).toBeNull();
    });
  });
}
