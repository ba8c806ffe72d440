import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { canonicalJson } from '../verifier/credential/canonical-json.js';
import { sha256Hex } from '../src/crypto/digest.js';
import {
  organisationWrapper,
  sealRecord,
  wrapForOrganisation,
  wrapWithActivationSecret,
} from '../src/crypto/document-keys.js';
import { encodeKey, randomKey, randomPublicId } from '../src/crypto/random.js';
import { generateX25519KeyPair } from '../src/crypto/sealed-box.js';
import { issueDocument, issueDocuments } from '../src/documents/issue-document.js';
import { activationEmail } from '../src/mail/templates/activation-email.js';
import {
  createBenchPlatform,
  issueInput,
  NullMailer,
  probePostgres,
  QueryTimer,
  withQueryTimer,
} from './bench-platform.js';
import type { BenchDialect, BenchPlatform } from './bench-platform.js';
import { startLoadMeter } from './load.js';
import type { LoadReading } from './load.js';
import { profileChild } from './profile.js';
import type { ProfiledWindow, ProfileSummary } from './profile.js';
import { runPool, summarize } from './stats.js';
import type { Summary } from './stats.js';

/** Target of the issuance benchmark (documents per second, domain layer). */
export const ISSUE_TARGET_DOCS_PER_SECOND = 2000;

/** Calls in flight for the concurrent runs. */
export const ISSUE_CONCURRENCY = 16;

/** Documents issued (and not counted) before each measured run, to warm up JIT and caches. */
export const WARM_UP_DOCUMENTS = 200;

/** Documents per bulk call (POST …/documents/batch, `issueDocuments`) in the bulk runs. */
export const ISSUE_BATCH_SIZE = 100;

/** `outbox`: the .eml files `npm start` writes; `null`: a mailer that discards. */
export type MailerKind = 'outbox' | 'null';

/** One measured issuance run on a fresh platform. */
export interface IssueRun {
  readonly database: BenchDialect;
  readonly mailer: MailerKind;
  /** Calls in flight (1 = sequential). */
  readonly concurrency: number;
  /**
   * Documents per call: 1 = `issueDocument`, more = `issueDocuments` (bulk). Optional because
   * results saved before bulk issuance existed do not have it (they are all 1).
   */
  readonly batchSize?: number;
  readonly documents: number;
  readonly seconds: number;
  readonly docsPerSecond: number;
  readonly meetsTarget: boolean;
  /** Latency of one call (one document, or one batch of `batchSize`), ms. */
  readonly latencyMs: Summary;
  /** CPU time of this process per document (user + system, all threads), ms. */
  readonly cpuMsPerDocument: number;
  /** CPU time of the PostgreSQL server processes per document, ms (0 on SQLite). */
  readonly postgresCpuMsPerDocument: number;
  /** Mean time inside mailer.send per document, ms. */
  readonly mailMsPerDocument: number;
  /** Sum of query times (compile → result, incl. waiting for the connection) per document, ms. */
  readonly queryMsPerDocument: number;
  readonly queriesPerDocument: number;
  readonly load: LoadReading;
}

/** CPU cost of the pure steps of issueDocument, each measured alone (µs per document). */
export interface IssueCryptoCost {
  readonly randomIdsAndKeysUs: number;
  readonly canonicalJsonAndSha256Us: number;
  readonly sealRecordUs: number;
  /** wrapA: HKDF-SHA-256 + AES-256-GCM. */
  readonly wrapActivationSecretUs: number;
  /** wrapB of one document alone: X25519 key generation + ECDH + HKDF + AES-256-GCM. */
  readonly wrapForOrganisationUs: number;
  /**
   * wrapB per document in a bulk call: one X25519 agreement shared by ISSUE_BATCH_SIZE
   * documents (createSealer), then AES-256-GCM each. Optional: older results lack it.
   */
  readonly wrapForOrganisationInBatchUs?: number;
  readonly activationEmailTemplateUs: number;
  readonly totalUs: number;
}

/** A CPU profile of a shorter run in a child process. */
export interface IssueProfile {
  readonly label: string;
  readonly documents: number;
  readonly docsPerSecond: number;
  readonly profile: ProfileSummary;
}

/** Everything the issuance benchmark found. */
export interface IssueBenchmarkResult {
  readonly targetDocsPerSecond: number;
  readonly postgres: { available: boolean; detail: string };
  readonly runs: IssueRun[];
  readonly crypto: IssueCryptoCost;
  /** CPU profiles (main thread, self time) of shorter runs in child processes. */
  readonly profiles: IssueProfile[];
  /** Profiles that could not be taken (e.g. the child was killed by its watchdog). */
  readonly profileErrors: string[];
}

/** Options of {@link runIssueBenchmark}. */
export interface IssueBenchmarkOptions {
  readonly quick: boolean;
  readonly log: (line: string) => void;
}

/**
 * Issues `count` documents through the use case with `concurrency` calls in flight, one document
 * per call or, with `batchSize` > 1, that many per `issueDocuments` call; document numbers start
 * at `offset` (recipients differ). Latencies are per call.
 */
export async function issueMany(
  platform: BenchPlatform,
  count: number,
  concurrency: number,
  offset: number,
  timer?: QueryTimer,
  batchSize = 1,
): Promise<{ latencies: number[]; wallMs: number }> {
  const ctx = timer === undefined ? platform.ctx : withQueryTimer(platform.ctx, timer);
  if (batchSize <= 1) {
    return runPool(count, concurrency, (index) =>
      issueDocument(ctx, platform.actor, platform.organisationId, issueInput(offset + index)),
    );
  }
  return runPool(Math.ceil(count / batchSize), concurrency, (batch) => {
    const first = batch * batchSize;
    const size = Math.min(batchSize, count - first);
    return issueDocuments(
      ctx,
      platform.actor,
      platform.organisationId,
      Array.from({ length: size }, (_, index) => issueInput(offset + first + index)),
    );
  });
}

async function measureRun(
  dialect: BenchDialect,
  mailer: MailerKind,
  concurrency: number,
  documents: number,
  batchSize: number,
): Promise<IssueRun> {
  const platform = await createBenchPlatform({
    dialect,
    mailer: mailer === 'outbox' ? 'outbox' : new NullMailer(),
  });
  try {
    await issueMany(platform, WARM_UP_DOCUMENTS, concurrency, 0, undefined, batchSize);
    platform.timedMailer.reset();
    const timer = new QueryTimer();
    const stop = startLoadMeter();
    const { latencies, wallMs } = await issueMany(
      platform,
      documents,
      concurrency,
      WARM_UP_DOCUMENTS,
      timer,
      batchSize,
    );
    const load = stop();
    const docsPerSecond = documents / (wallMs / 1000);
    return {
      database: dialect,
      mailer,
      concurrency,
      batchSize,
      documents,
      seconds: wallMs / 1000,
      docsPerSecond,
      meetsTarget: docsPerSecond >= ISSUE_TARGET_DOCS_PER_SECOND,
      latencyMs: summarize(latencies),
      cpuMsPerDocument: load.processCpuMs / documents,
      postgresCpuMsPerDocument: load.postgresCpuMs / documents,
      mailMsPerDocument: platform.timedMailer.totalMs / Math.max(1, platform.timedMailer.count),
      queryMsPerDocument: timer.totalMs / documents,
      queriesPerDocument: timer.count / documents,
      load,
    };
  } finally {
    await platform.close();
  }
}

function microseconds(iterations: number, work: (index: number) => unknown): number {
  for (let i = 0; i < Math.min(200, iterations); i += 1) work(i);
  const start = performance.now();
  for (let i = 0; i < iterations; i += 1) work(i);
  return ((performance.now() - start) * 1000) / iterations;
}

/** Times the CPU-only steps issueDocument performs, each alone, with the same inputs. */
export function measureIssueCrypto(iterations: number): IssueCryptoCost {
  const organisation = generateX25519KeyPair();
  const dek = randomKey();
  const secret = randomKey();
  const documentId = randomPublicId();
  const input = issueInput(1);
  const record = {
    version: 1,
    documentId,
    issuerId: randomPublicId(),
    template: input.template,
    title: input.title,
    recipient: input.recipient,
    fields: input.fields,
    issuedAt: new Date().toISOString(),
    expiresAt: null,
    salt: encodeKey(randomKey()),
  };
  const recordBytes = Buffer.from(canonicalJson(record), 'utf8');
  let batchWrapper = organisationWrapper(organisation.publicKey);
  const costs = {
    randomIdsAndKeysUs: microseconds(iterations, () => [
      randomPublicId(),
      randomKey(),
      randomKey(),
      encodeKey(randomKey()),
    ]),
    canonicalJsonAndSha256Us: microseconds(iterations, () =>
      sha256Hex(Buffer.from(canonicalJson(record), 'utf8')),
    ),
    sealRecordUs: microseconds(iterations, () => sealRecord(dek, recordBytes, documentId)),
    wrapActivationSecretUs: microseconds(iterations, () =>
      wrapWithActivationSecret(dek, secret, documentId),
    ),
    wrapForOrganisationUs: microseconds(iterations, () =>
      wrapForOrganisation(dek, organisation.publicKey, documentId),
    ),
    wrapForOrganisationInBatchUs: microseconds(iterations, (index) => {
      if (index % ISSUE_BATCH_SIZE === 0)
        batchWrapper = organisationWrapper(organisation.publicKey);
      return batchWrapper(dek, documentId);
    }),
    activationEmailTemplateUs: microseconds(iterations, () =>
      activationEmail({
        to: input.recipient.email,
        issuerName: 'Université du Benchmark',
        title: input.title,
        activationUrl: `http://localhost:8080/activate/${documentId}#${encodeKey(secret)}`,
        locale: 'en',
      }),
    ),
  };
  return {
    ...costs,
    // One issueDocument call: every step once, wrapB with its own ephemeral key.
    totalUs: Object.entries(costs)
      .filter(([name]) => name !== 'wrapForOrganisationInBatchUs')
      .reduce((sum, [, value]) => sum + value, 0),
  };
}

interface PlannedRun {
  readonly dialect: BenchDialect;
  readonly mailer: MailerKind;
  readonly concurrency: number;
  readonly documents: number;
  readonly batchSize: number;
}

/**
 * The runs, sized to keep the whole benchmark near three minutes on 2 cores: the 10,000-document
 * runs on SQLite (the default database) — one document per call with calls in flight, and bulk
 * calls of {@link ISSUE_BATCH_SIZE} — shorter runs for the sequential calls and for PostgreSQL
 * (throughput is steady after warm-up).
 */
function plan(quick: boolean, postgres: boolean): PlannedRun[] {
  const big = quick ? 1000 : 10_000;
  const small = quick ? 500 : 2000;
  const runs: PlannedRun[] = [];
  for (const dialect of postgres ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const)) {
    for (const mailer of ['null', 'outbox'] as const) {
      for (const concurrency of [1, ISSUE_CONCURRENCY]) {
        const documents = dialect === 'sqlite' && concurrency > 1 ? big : small;
        runs.push({ dialect, mailer, concurrency, documents, batchSize: 1 });
      }
      runs.push({
        dialect,
        mailer,
        concurrency: 1,
        documents: dialect === 'sqlite' ? big : small * 2,
        batchSize: ISSUE_BATCH_SIZE,
      });
    }
  }
  return runs;
}

/**
 * Issues documents through `issueDocument` (no HTTP) on SQLite and, when reachable,
 * PostgreSQL; with the outbox mailer of `npm start` and with a null mailer; sequentially and
 * with {@link ISSUE_CONCURRENCY} calls in flight. Each run uses a fresh database. Then times
 * the CPU-only steps alone and profiles shorter runs in child processes (`--cpu-prof`).
 */
export async function runIssueBenchmark(
  options: IssueBenchmarkOptions,
): Promise<IssueBenchmarkResult> {
  const probe = await probePostgres();
  options.log(
    probe.available
      ? `PostgreSQL ${probe.version} reachable: runs on SQLite and PostgreSQL.`
      : `PostgreSQL not reachable (${probe.reason}): SQLite only.`,
  );

  const runs: IssueRun[] = [];
  for (const planned of plan(options.quick, probe.available)) {
    const run = await measureRun(
      planned.dialect,
      planned.mailer,
      planned.concurrency,
      planned.documents,
      planned.batchSize,
    );
    options.log(
      `  ${run.database.padEnd(8)} ${run.mailer.padEnd(6)} ×${String(run.concurrency).padEnd(2)} ` +
        `${(run.batchSize ?? 1) > 1 ? `batches of ${run.batchSize} ` : ''}` +
        `${String(run.documents).padStart(6)} docs ${run.docsPerSecond.toFixed(0).padStart(5)} docs/s` +
        `  p50 ${run.latencyMs.p50.toFixed(2)} ms  cpu ${run.cpuMsPerDocument.toFixed(2)} ms/doc` +
        `  (machine ${run.load.machineBusyPercent.toFixed(0)} % busy, others ${run.load.othersBusyPercent.toFixed(0)} %)`,
    );
    runs.push(run);
  }

  const crypto = measureIssueCrypto(options.quick ? 1000 : 5000);
  options.log(`  CPU-only steps of issueDocument, alone: ${crypto.totalUs.toFixed(0)} µs/doc`);

  const profiles: IssueProfile[] = [];
  const profileErrors: string[] = [];
  const profiled = options.quick ? 500 : 2000;
  const child = path.join(import.meta.dirname, 'issue-profile.child.ts');
  const targets: Array<[BenchDialect, MailerKind, number]> = [
    ['sqlite', 'null', 1],
    ['sqlite', 'outbox', ISSUE_CONCURRENCY],
  ];
  if (probe.available) targets.push(['postgres', 'null', ISSUE_CONCURRENCY]);
  for (const [dialect, mailer, concurrency] of targets) {
    const label = `${dialect} ${mailer} ×${concurrency}`;
    let outcome: { report: ProfiledWindow & { docsPerSecond: number }; profile: ProfileSummary };
    try {
      outcome = await profileChild(child, [dialect, mailer, String(concurrency), String(profiled)]);
    } catch (error) {
      // A profile is evidence, not a measurement: note the failure and go on.
      const message = error instanceof Error ? error.message : String(error);
      options.log(`  profiling ${label} failed: ${message}`);
      profileErrors.push(`${label}: ${message}`);
      continue;
    }
    const { report, profile } = outcome;
    options.log(
      `  profiled ${label}: ${report.docsPerSecond.toFixed(0)} docs/s under --cpu-prof; top: ` +
        profile.byCategory
          .slice(0, 3)
          .map((entry) => `${entry.name} ${entry.percent.toFixed(0)} %`)
          .join(', '),
    );
    profiles.push({ label, documents: profiled, docsPerSecond: report.docsPerSecond, profile });
  }

  return {
    targetDocsPerSecond: ISSUE_TARGET_DOCS_PER_SECOND,
    postgres: probe.available
      ? { available: true, detail: `PostgreSQL ${probe.version}` }
      : { available: false, detail: probe.reason },
    runs,
    crypto,
    profiles,
    profileErrors,
  };
}
