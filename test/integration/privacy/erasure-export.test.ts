import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnchorWorker } from '../../../src/anchoring/anchor-worker.js';
import { verifyAuditChain } from '../../../src/audit/verify-chain.js';
import { backupCommand } from '../../../src/cli/backup.js';
import type { CommandIo } from '../../../src/cli/command.js';
import { restoreCommand } from '../../../src/cli/restore.js';
import { loadConfig } from '../../../src/config.js';
import type { Db } from '../../../src/db/database.js';
import { openPlatform } from '../../../src/platform.js';
import { activate, activationLinkFor, issueOne } from '../../helpers/factories.js';
import type { ActivationLink } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { createTempDir, createTestDatabase, DIALECTS } from '../../helpers/test-database.js';
import { downloadProof, startAnchoringStand } from '../anchoring/anchoring-stand.js';
import type { AnchoringStand } from '../anchoring/anchoring-stand.js';

const TEN_MINUTES = 10 * 60_000;

interface Person {
  name: string;
  email: string;
  grade: string;
  link: ActivationLink;
  pdf: Buffer;
  sha256: string;
}

function filesUnder(directory: string): string[] {
  if (!fs.existsSync(directory)) return [];
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** Every value of every row of every table, as bytes (a logical dump). */
async function dumpTables(db: Db, dialect: string): Promise<Buffer> {
  const tables =
    dialect === 'sqlite'
      ? (
          await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(
            db,
          )
        ).rows.map((row) => row.name)
      : (
          await sql<{
            name: string;
          }>`select tablename as name from pg_tables where schemaname = 'public'`.execute(db)
        ).rows.map((row) => row.name);
  const parts: Buffer[] = [];
  for (const table of tables) {
    for (const row of (
      await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)
    ).rows)
      for (const value of Object.values(row))
        parts.push(
          Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'utf8'),
          Buffer.from('\n'),
        );
  }
  return Buffer.concat(parts);
}

/** The readable forms of a person's data that must not survive their erasure. */
function needles(person: Person): Array<[string, Buffer]> {
  const values = [person.name, person.email, person.email.split('@')[0] ?? '', person.grade];
  return values.flatMap((value) =>
    [value, value.toLowerCase(), JSON.stringify(value).slice(1, -1)].map(
      (form): [string, Buffer] => [value, Buffer.from(form, 'utf8')],
    ),
  );
}

function io(env: Record<string, string>): CommandIo & { lines: string[] } {
  const lines: string[] = [];
  return { env, stdin: process.stdin, lines, out: (t) => lines.push(t), err: (t) => lines.push(t) };
}

/** The names and one file of a ZIP, read with unzip(1). */
function readZip(
  bytes: Buffer,
  directory: string,
): { names: string[]; read: (name: string) => Buffer } {
  const file = path.join(
    directory,
    `export-${process.pid}-${Math.random().toString(36).slice(2)}.zip`,
  );
  fs.writeFileSync(file, bytes);
  const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .sort();
  return {
    names,
    read: (name) => execFileSync('unzip', ['-p', file, name], { maxBuffer: 64 * 1024 * 1024 }),
  };
}

for (const dialect of DIALECTS) {
  describe(`erasure and export of one person, anchored on Bitcoin (${dialect})`, () => {
    let stand: AnchoringStand;
    let worker: AnchorWorker;
    let erased: Person;
    let kept: Person;
    let proofBefore: Buffer;
    let wrapMBefore: Buffer;
    const scratch = createTempDir('certa-erasure-');
    const archive = path.join(scratch.path, 'before-erasure.tar.gz');

    const issuePerson = async (name: string, email: string, grade: string): Promise<Person> => {
      const documentId = await issueOne(stand.platform, stand.issuer, {
        recipient: { name, email },
        fields: [{ label: 'Grade', value: grade }],
      });
      const link = await activationLinkFor(stand.platform, documentId);
      const { pdf, sha256 } = await activate(stand.platform, link);
      return { name, email, grade, link, pdf, sha256 };
    };

    beforeAll(async () => {
      stand = await startAnchoringStand(dialect);
      worker = stand.worker();
      erased = await issuePerson(
        'Wilhelmina Erasmus-Vogt',
        'wilhelmina.erasmus@erase.example',
        'Grade kept secret 17',
      );
      kept = await issuePerson(
        'Konstantin Keepsake',
        'konstantin@keep.example',
        'Grade kept visible 12',
      );
      // Batch, send to the calendars, confirm in a block, upgrade: the proofs are anchored.
      stand.platform.clock.advance(TEN_MINUTES);
      await worker.tick();
      const minedAt = Math.floor(stand.platform.clock.now().getTime() / 1000) + 60;
      stand.calendars[0]?.confirm({ time: minedAt });
      stand.calendars[1]?.confirm({ time: minedAt + 600 });
      stand.platform.clock.advance(TEN_MINUTES);
      await worker.tick();
      const proof = await downloadProof(stand.platform, erased.link.documentId);
      expect(proof.status).toBe(200);
      expect(proof.headers.get('x-anchor-status')).toBe('anchored');
      proofBefore = proof.raw;
    });

    afterAll(async () => {
      stand.platform.clock.reset();
      await stand.close();
      scratch.remove();
    });

    it('the export ZIP holds exactly the holder’s data, PDF and proofs, and nobody else’s', async () => {
      const response = await call(
        stand.platform.baseUrl,
        'POST',
        `/api/recipient/documents/${kept.link.documentId}/export`,
        { json: { secret: kept.link.secret } },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/zip');
      expect(response.headers.get('content-disposition')).toContain(
        `certa-${kept.link.documentId}.zip`,
      );
      const zip = readZip(response.raw, scratch.path);
      const id = kept.link.documentId;
      expect(zip.names).toEqual(
        ['README.txt', 'data.json', `${id}.commitment.ots`, `${id}.pdf`, `${id}.pdf.ots`].sort(),
      );
      expect(zip.read(`${id}.pdf`).equals(kept.pdf)).toBe(true);
      const publicProof = await downloadProof(stand.platform, id);
      expect(zip.read(`${id}.pdf.ots`).equals(publicProof.raw)).toBe(true);
      const data = JSON.parse(zip.read('data.json').toString('utf8')) as {
        documents: Array<{ documentId: string; record: { name: string; email: string } }>;
      };
      expect(data.documents).toHaveLength(1);
      expect(data.documents[0]).toMatchObject({
        documentId: id,
        record: { name: kept.name, email: kept.email },
      });
      const everything = Buffer.concat(zip.names.map((name) => zip.read(name)));
      for (const [what, needle] of needles(erased))
        expect(everything.includes(needle), `${what} in the other person’s export`).toBe(false);
    });

    it('certa backup writes an archive without the master key or the outbox, where no record is in clear', async () => {
      const env = {
        DATA_DIR: stand.platform.dataDir,
        DATABASE_URL:
          stand.platform.config.database.dialect === 'sqlite'
            ? `sqlite:${stand.platform.config.database.file}`
            : stand.platform.config.database.url,
      };
      const command = io(env);
      expect(await backupCommand.run([archive], command), command.lines.join('\n')).toBe(0);
      expect(fs.statSync(archive).mode & 0o777).toBe(0o600);
      const listing = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' });
      expect(listing).toContain('certa-backup/manifest.json');
      expect(listing).not.toContain('master.key');
      expect(listing).not.toContain('outbox');
      expect(listing).not.toContain('erasures.log');
      const contents = execFileSync('tar', ['-xzOf', archive], { maxBuffer: 256 * 1024 * 1024 });
      const masterKey = fs.readFileSync(stand.platform.config.masterKeyFile, 'utf8').trim();
      expect(contents.includes(Buffer.from(masterKey))).toBe(false);
      for (const person of [erased, kept])
        for (const [what, needle] of needles(person))
          expect(contents.includes(needle), `${what} in clear in the backup`).toBe(false);
    });

    it('after the holder erases: no dump, file or log line holds their data; verification says erased; the proof still verifies; the audit chain holds', async () => {
      const row = await stand.platform.ctx.db
        .selectFrom('documents')
        .select('wrapM')
        .where('publicId', '=', erased.link.documentId)
        .executeTakeFirstOrThrow();
      wrapMBefore = row.wrapM ?? Buffer.alloc(0);
      expect(wrapMBefore.length).toBeGreaterThan(0);
      const erase = await call(
        stand.platform.baseUrl,
        'POST',
        `/api/recipient/documents/${erased.link.documentId}/erase`,
        { json: { secret: erased.link.secret, confirm: true } },
      );
      expect(erase.status, JSON.stringify(erase.body)).toBe(200);

      const haystacks: Array<[string, Buffer]> = [
        ['database dump', await dumpTables(stand.platform.ctx.db, dialect)],
        ...filesUnder(stand.platform.dataDir).map((file): [string, Buffer] => [
          path.relative(stand.platform.dataDir, file),
          fs.readFileSync(file),
        ]),
        ['log lines', Buffer.from(stand.platform.logLines.join('\n'), 'utf8')],
      ];
      expect(haystacks.length).toBeGreaterThan(4);
      for (const [where, content] of haystacks) {
        for (const [what, needle] of needles(erased))
          expect(content.includes(needle), `${what} found in ${where}`).toBe(false);
        // The key wrap the master key opened is gone from every file (SQLite: secure_delete + WAL checkpoint).
        expect(content.includes(wrapMBefore), `the old wrapM in ${where}`).toBe(false);
      }
      // The other person is untouched.
      const keptData = await call(
        stand.platform.baseUrl,
        'POST',
        `/api/recipient/documents/${kept.link.documentId}/data`,
        { json: { secret: kept.link.secret } },
      );
      expect(keptData.body).toMatchObject({ record: { name: kept.name } });

      const report = await call<{
        valid: boolean;
        checks: Array<{ id: string; status: string; code: string; message: string }>;
      }>(stand.platform.baseUrl, 'POST', '/api/verify', { json: { sha256: erased.sha256 } });
      expect(report.body.valid).toBe(false);
      const checks = Object.fromEntries(report.body.checks.map((check) => [check.id, check]));
      expect(checks.integrity?.status).toBe('passed');
      expect(checks.validity).toMatchObject({ status: 'failed', code: 'erased' });
      expect(checks.validity?.message).toMatch(/^Erased at the holder’s request/);
      expect(checks.time).toMatchObject({ status: 'passed', code: 'anchored_in_bitcoin' });
      const proofAfter = await downloadProof(stand.platform, erased.link.documentId);
      expect(proofAfter.status).toBe(200);
      expect(proofAfter.raw.equals(proofBefore)).toBe(true);

      const chain = await verifyAuditChain(stand.platform.ctx.db);
      expect(chain.ok).toBe(true);
    });

    it('restoring the backup taken before the erasure leaves the person erased (the log is replayed)', async () => {
      const target = createTempDir('certa-restored-');
      const database = await createTestDatabase(dialect, target.path);
      try {
        fs.mkdirSync(target.path, { recursive: true });
        const env = {
          DATA_DIR: target.path,
          DATABASE_URL:
            database.config.dialect === 'sqlite'
              ? `sqlite:${database.config.file}`
              : database.config.url,
          ANCHOR_BACKENDS: 'none',
        };
        // The master key goes with the installation, not the archive.
        fs.copyFileSync(stand.platform.config.masterKeyFile, path.join(target.path, 'master.key'));
        fs.chmodSync(path.join(target.path, 'master.key'), 0o600);
        const log = path.join(stand.platform.dataDir, 'erasures.log');
        expect(fs.readFileSync(log, 'utf8')).toContain(erased.link.documentId);
        const command = io(env);
        expect(
          await restoreCommand.run([archive, '--erasure-log', log], command),
          command.lines.join('\n'),
        ).toBe(0);
        expect(command.lines.join('\n')).toContain('1 document erased again');
        const restored = await openPlatform(loadConfig(env));
        try {
          const rows = await restored.ctx.db
            .selectFrom('documents')
            .selectAll()
            .where('publicId', 'in', [erased.link.documentId, kept.link.documentId])
            .execute();
          const erasedRow = rows.find((row) => row.publicId === erased.link.documentId);
          const keptRow = rows.find((row) => row.publicId === kept.link.documentId);
          expect(erasedRow).toMatchObject({ erasureCause: 'holder', wrapM: null, pdfFile: null });
          expect(erasedRow?.wrapA.length).toBe(0);
          expect(keptRow?.wrapM).not.toBeNull();
          expect((await restored.ctx.blobs.get(keptRow?.pdfFile ?? '')).length).toBeGreaterThan(0);
          const dump = await dumpTables(restored.ctx.db, dialect);
          expect(dump.includes(wrapMBefore)).toBe(false);
          for (const file of filesUnder(target.path)) {
            const content = fs.readFileSync(file);
            expect(content.includes(wrapMBefore), `old wrapM in ${file}`).toBe(false);
          }
        } finally {
          await restored.close();
        }
        const again = io(env);
        expect(await restoreCommand.run([path.join(scratch.path, 'missing.tar.gz')], again)).toBe(
          2,
        );
        expect(again.lines.join('\n')).toMatch(/is not a Certa backup/);
      } finally {
        await database.drop();
        target.remove();
      }
    });
  });
}
