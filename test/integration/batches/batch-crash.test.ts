import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchSummary } from '../../../src/batches/batch.js';
import { unwrapWithActivationSecret } from '../../../src/crypto/document-keys.js';
import { activate, newApprovedIssuer, type TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { confirmBatch, unlockOrganisation, uploadBatch } from '../../helpers/issuer-steps.js';
import { startServeProcess, type ServeProcess } from '../../helpers/serve-process.js';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../../helpers/smtp-sink.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/test-platform.js';

/**
 * Issue 12's crash test: a real `certa serve` runs a 2,000-row batch and is SIGKILLed five times
 * at random points (while rows are issued, while messages go to a real SMTP server on loopback);
 * each time it is started again, unlocked and the batch resumed once its run's lease expired.
 * At the end every row is one document, issued once, delivered at least once, and the newest
 * link each recipient got is the only one that opens it.
 */

const ROWS = 2_000;
const KILLS = 5;
const LINK = /\/activate\/([A-Za-z0-9_-]{22})#([A-Za-z0-9_-]{43})/;
const SEED = Number(process.env.CRASH_TEST_SEED ?? Date.now() % 1_000_000);

/** A small seeded generator (mulberry32), so a failing run can be replayed with its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function graduatesCsv(): Buffer {
  const lines = ['student_id,name,email'];
  for (let i = 1; i <= ROWS; i += 1) lines.push(`S-${i},Graduate ${i},crash-${i}@example.org`);
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

/** The link in a message as its recipient reads it (quoted-printable soft line breaks joined). */
function linkIn(mail: ReceivedMail): RegExpExecArray | null {
  return LINK.exec(mail.raw.toString('utf8').replace(/=\r?\n/g, ''));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const dialect of DIALECTS)
  describe(`a batch whose server is SIGKILLed ${KILLS} times (${dialect}, seed ${SEED})`, () => {
    const next = random(SEED);
    let sink: SmtpSink;
    let platform: TestPlatform;
    let issuer: TestIssuer;
    let serverEnv: Record<string, string>;
    let server: ServeProcess | undefined;

    beforeAll(async () => {
      // Thousands of messages: kept undecoded (the links are read from the raw bytes).
      sink = await startSmtpSink({ parse: false });
      // The in-process platform makes the database, master key and issuer, then only reads (and
      // activates, at the end); the batch runs in the child process.
      platform = await startTestPlatform(dialect, { SMTP_URL: sink.url }, { rateLimits: false });
      issuer = await newApprovedIssuer(platform);
      const database = platform.config.database;
      serverEnv = {
        DATA_DIR: platform.dataDir,
        DATABASE_URL: database.dialect === 'sqlite' ? `sqlite:${database.file}` : database.url,
        SMTP_URL: sink.url,
        LOG_LEVEL: 'warn',
        BATCH_RUN_LEASE_SECONDS: '1',
      };
    }, 60_000);
    afterAll(async () => {
      await server?.stop();
      await platform?.close();
      await sink?.close();
    });

    const serverUrl = () => `http://127.0.0.1:${server?.port ?? 0}`;

    async function restartAndUnlock(): Promise<void> {
      server = await startServeProcess(serverEnv);
      log('started');
      await unlockOrganisation(serverUrl(), issuer);
    }

    const log = (line: string) =>
      process.stderr.write(`[crash ${new Date().toISOString()}] ${line}\n`);

    async function kill(): Promise<void> {
      log(`kill; ${sink.messages.length} messages so far`);
      server?.child.kill('SIGKILL');
      await server?.stop();
      server = undefined;
    }

    async function summary(path: string): Promise<BatchSummary> {
      const response = await call<BatchSummary>(platform.baseUrl, 'GET', path, {
        token: issuer.token,
      });
      expect(response.status).toBe(200);
      return response.body;
    }

    /** Waits until `ready` says so (polled), failing when the batch stops running first. */
    async function waitWhileRunning(
      path: string,
      ready: (batch: BatchSummary) => boolean,
    ): Promise<void> {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const batch = await summary(path);
        if (ready(batch)) return;
        if (batch.state !== 'running')
          throw new Error(`the batch stopped (${batch.state}) before the kill: seed ${SEED}`);
        if (Date.now() > deadline) throw new Error(`no progress: seed ${SEED}`);
        await sleep(15);
      }
    }

    /**
     * Kills the server at a random point of the run that just started: `issuing` once a chunk of
     * rows issued by this run is committed (the next is being issued) and a few milliseconds more,
     * `delivering` once the SMTP server has received a random number of this run's messages —
     * fewer than the documents left to deliver, so the run cannot have finished.
     */
    async function killDuring(
      path: string,
      phase: 'issuing' | 'delivering',
    ): Promise<{ phase: string; issued: number; sent: number }> {
      const start = await summary(path);
      const received = sink.messages.length;
      const left = ROWS - start.counts.sent;
      const target = received + 20 + Math.floor(next() * Math.min(400, left / 2));
      if (phase === 'issuing' && start.counts.issued < ROWS) {
        // The run re-keys and mails what earlier runs left awaiting, then issues: it cannot
        // finish before a further chunk is committed.
        await waitWhileRunning(path, (batch) => batch.counts.issued > start.counts.issued);
        await sleep(Math.floor(next() * 60));
      } else {
        await waitWhileRunning(path, () => sink.messages.length >= target);
      }
      await kill();
      const after = await summary(path);
      expect(after.state, `killed too late: seed ${SEED}`).toBe('running');
      return { phase, issued: after.counts.issued, sent: after.counts.sent };
    }

    /** Resumes once the dead run's lease has expired (CONFLICT "running" until then). */
    async function resume(path: string): Promise<void> {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const resumed = await call(serverUrl(), 'POST', `${path}/resume`, { token: issuer.token });
        if (resumed.status === 202) {
          log('resumed');
          return;
        }
        expect(resumed.status, JSON.stringify(resumed.body)).toBe(409);
        expect(resumed.body).toMatchObject({ error: { details: { state: 'running' } } });
        if (Date.now() > deadline) throw new Error('the dead run kept its lease');
        await sleep(200);
      }
    }

    it('issues every row exactly once, delivers each, and only the newest link opens a document', async () => {
      await restartAndUnlock();
      const { upload, path } = await uploadBatch({ ...platform, baseUrl: serverUrl() }, issuer, {
        bytes: graduatesCsv(),
        fileName: 'graduates.csv',
      });
      expect(upload.counts).toMatchObject({ total: ROWS, valid: ROWS, invalid: 0 });
      await confirmBatch(serverUrl(), issuer, path);

      // 1. Five kills: the first at a random time (rows being read, prepared or issued), then
      // alternately while messages go out and while a further chunk is issued.
      const kills: { phase: string; issued: number; sent: number }[] = [];
      await sleep(Math.floor(next() * 400));
      await kill();
      const first = await summary(path);
      kills.push({ phase: 'first', issued: first.counts.issued, sent: first.counts.sent });
      for (let round = 1; round < KILLS; round += 1) {
        await restartAndUnlock();
        await resume(path);
        kills.push(await killDuring(path, round % 2 === 1 ? 'delivering' : 'issuing'));
      }
      await restartAndUnlock();
      await resume(path);
      const deadline = Date.now() + 60_000;
      let done = await summary(path);
      while (done.state === 'running' && Date.now() < deadline) {
        await sleep(50);
        done = await summary(path);
      }
      expect(done.state, JSON.stringify({ seed: SEED, kills, done })).toBe('finished');
      expect(done.counts).toMatchObject({ issued: ROWS, sent: ROWS, awaiting: 0, deferred: 0 });
      await kill();

      // 2. Exactly one document per row, none issued twice.
      const db = platform.ctx.db;
      const batch = await db
        .selectFrom('batches')
        .select('id')
        .where('publicId', '=', upload.id)
        .executeTakeFirstOrThrow();
      const items = await db
        .selectFrom('batchItems')
        .select(['rowNumber', 'idempotencyKey', 'documentPublicId', 'deliveryState'])
        .where('batchId', '=', batch.id)
        .execute();
      expect(items).toHaveLength(ROWS);
      expect(new Set(items.map((item) => item.rowNumber)).size).toBe(ROWS);
      expect(new Set(items.map((item) => item.idempotencyKey)).size).toBe(ROWS);
      expect(new Set(items.map((item) => item.deliveryState))).toEqual(new Set(['sent']));
      const documents = await db
        .selectFrom('documents')
        .innerJoin('organisations', 'organisations.id', 'documents.organisationId')
        .select(['documents.publicId', 'documents.wrapA'])
        .where('organisations.publicId', '=', issuer.organisationId)
        .execute();
      expect(documents).toHaveLength(ROWS);
      const documentIds = new Set(items.map((item) => item.documentPublicId));
      expect(new Set(documents.map((document) => document.publicId))).toEqual(documentIds);

      // 3. Every recipient got at least one message, every message names the recipient's one
      // document, and the links are kept in the order the SMTP server received them.
      const links = new Map<string, { to: string; secrets: string[] }>();
      for (const mail of sink.messages.filter((each) => each.to.join().startsWith('crash-'))) {
        const match = linkIn(mail);
        expect(match).not.toBeNull();
        const [, documentId = '', secret = ''] = match ?? [];
        const to = mail.to.join();
        const entry = links.get(documentId) ?? { to, secrets: [] };
        expect(entry.to).toBe(to);
        entry.secrets.push(secret);
        links.set(documentId, entry);
      }
      expect(new Set(links.keys())).toEqual(documentIds);
      expect(new Set([...links.values()].map((entry) => entry.to)).size).toBe(ROWS);
      const rekeyed = [...links.entries()].filter(([, entry]) => entry.secrets.length > 1);
      expect(rekeyed.length, `no document was sent twice: seed ${SEED}`).toBeGreaterThan(0);

      // 4. The newest link opens every document's wrap; no older one does.
      for (const document of documents) {
        const secrets = links.get(document.publicId)?.secrets ?? [];
        const newest = Buffer.from(secrets.at(-1) ?? '', 'base64url');
        unwrapWithActivationSecret(document.wrapA, newest, document.publicId).fill(0);
        for (const older of secrets.slice(0, -1))
          if (older !== secrets.at(-1))
            expect(() =>
              unwrapWithActivationSecret(
                document.wrapA,
                Buffer.from(older, 'base64url'),
                document.publicId,
              ),
            ).toThrow();
      }

      // 5. Through the activation API: an older link of a re-keyed document is refused like a
      // wrong secret, and the newest one activates it; the same for a sample of the others.
      const sample = [
        ...rekeyed.slice(0, 10),
        ...[...links.entries()].filter(([, entry]) => entry.secrets.length === 1).slice(0, 10),
      ];
      for (const [documentId, entry] of sample) {
        const older = entry.secrets.at(0) ?? '';
        if (entry.secrets.length > 1 && older !== entry.secrets.at(-1)) {
          const info = await call<{ terms: { version: number } }>(
            platform.baseUrl,
            'GET',
            `/api/activations/${documentId}`,
          );
          const refused = await call<{ error: { code: string } }>(
            platform.baseUrl,
            'POST',
            `/api/activations/${documentId}`,
            { json: { secret: older, acceptTerms: true, termsVersion: info.body.terms.version } },
          );
          expect(refused.status).toBe(403);
          expect(refused.body.error.code).toBe('ACTIVATION_FAILED');
        }
        await activate(platform, { documentId, secret: entry.secrets.at(-1) ?? '' });
      }
      log(
        `seed ${SEED}: kills ${JSON.stringify(kills)}; ${sink.messages.length} messages, ` +
          `${rekeyed.length} documents mailed more than once`,
      );
    }, 300_000);
  });
