/**
 * Issue 13's audit chain targets:
 * - appending audit entries per second while documents are issued concurrently (16 issuance
 *   calls in flight, each appending its `document.issued` entry in its transaction, plus 8 lanes
 *   appending log-in-like entries on their own), on SQLite and PostgreSQL; the chain is then
 *   verified, so the figure is for an unbroken chain. The issuance cost of the chain itself is
 *   the issuance benchmark (`--only issue`) run before and after the chain (see the report);
 * - `certa audit verify` over 1,000,000 entries (target ≤ 5 s): the entries are written straight
 *   into a migrated SQLite database, then into PostgreSQL when it is reachable (chained with the
 *   same hash function), and verifyAuditChain reads them back — in pages on SQLite, by binary
 *   COPY on PostgreSQL — and checks every link.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { appendAuditEvents } from '../src/audit/append-entries.js';
import { auditEntryHash, GENESIS_HASH } from '../src/audit/entry-hash.js';
import type { AuditEntryFields } from '../src/audit/entry-hash.js';
import { verifyAuditChain } from '../src/audit/verify-chain.js';
import { createBenchPlatform, NullMailer, probePostgres } from './bench-platform.js';
import type { BenchDialect } from './bench-platform.js';
import { issueMany } from './issue-documents.bench.js';
import { tick } from './watchdog.js';

export const AUDIT_VERIFY_TARGET_ENTRIES = 1_000_000;
export const AUDIT_VERIFY_TARGET_SECONDS = 5;

export interface AuditAppendRun {
  readonly database: BenchDialect;
  readonly documents: number;
  readonly docsPerSecond: number;
  /** Entries appended per second in the window (issuance's and the appender lanes'). */
  readonly appendsPerSecond: number;
  readonly entries: number;
  readonly chainIntact: boolean;
}

export interface AuditBenchmarkResult {
  readonly appends: readonly AuditAppendRun[];
  readonly costs: readonly AppendCost[];
  readonly verify: AuditVerifyRun;
  /** The same check on PostgreSQL, when it is reachable. */
  readonly verifyPostgres?: AuditVerifyRun;
}

export interface AuditVerifyRun {
  readonly database?: BenchDialect;
  readonly entries: number;
  /** Threads that checked ranges at once (the calling one and worker threads). */
  readonly threads?: number;
  readonly seconds: number;
  /** CPU time of this process (what a busy machine's other work does not inflate as much). */
  readonly cpuSeconds: number;
  readonly entriesPerSecond: number;
  readonly meetsTarget: boolean;
}

async function measureAppends(
  dialect: BenchDialect,
  documents: number,
  log: (line: string) => void,
): Promise<AuditAppendRun> {
  const platform = await createBenchPlatform({ dialect, mailer: new NullMailer() });
  try {
    await issueMany(platform, 200, 16, 0);
    const before = await platform.ctx.db
      .selectFrom('auditEvents')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .executeTakeFirstOrThrow();
    let issuing = true;
    const start = performance.now();
    const appender = async (): Promise<void> => {
      while (issuing) {
        await appendAuditEvents(platform.ctx.db, [
          {
            occurredAt: new Date().toISOString(),
            actorType: 'user',
            actorId: randomUUID(),
            action: 'session.created',
            organisationId: null,
            targetId: null,
          },
        ]);
        tick();
      }
    };
    const lanes = Array.from({ length: 8 }, appender);
    const issued = await issueMany(platform, documents, 16, 200);
    issuing = false;
    await Promise.all(lanes);
    const seconds = (performance.now() - start) / 1000;
    const after = await platform.ctx.db
      .selectFrom('auditEvents')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .executeTakeFirstOrThrow();
    const entries = Number(after.n) - Number(before.n);
    const check = await verifyAuditChain(platform.ctx.db);
    const run: AuditAppendRun = {
      database: dialect,
      documents,
      docsPerSecond: documents / (issued.wallMs / 1000),
      appendsPerSecond: entries / seconds,
      entries,
      chainIntact: check.ok,
    };
    log(
      `  ${dialect.padEnd(8)} ${documents} docs at ${run.docsPerSecond.toFixed(0)} docs/s while ${entries} entries were appended: ${run.appendsPerSecond.toFixed(0)} appends/s; chain ${check.ok ? 'intact' : 'BROKEN'} (${check.checked} entries)`,
    );
    return run;
  } finally {
    await platform.close();
  }
}

/** What the chain costs one append, against the plain insert the trail was before it. */
export interface AppendCost {
  readonly database: BenchDialect;
  /** One entry appended to the chain in a transaction (lock, head read, hash, insert), µs. */
  readonly chainUs: number;
  /** The same entry as a plain insert in a transaction (the trail before the chain), µs. */
  readonly plainUs: number;
  /** One issuance (issueDocument, one at a time), ms: the chain's append is part of it. */
  readonly issueMs: number;
  /** (chain − plain) / (issuance − (chain − plain)): what the chain takes from issuance, %. */
  readonly issuanceLossPercent: number;
}

function entryValues(index: number) {
  return {
    occurredAt: new Date().toISOString(),
    actorType: 'user' as const,
    actorId: `actor${String(index).padStart(17, '0')}`,
    action: 'document.issued',
    organisationId: 1,
    targetId: `doc${String(index).padStart(19, '0')}`,
  };
}

/**
 * Alternates rounds of chained appends and plain inserts (same process, same database, one
 * transaction each, as issuance does), so both see the same machine; then times issuance.
 */
async function measureAppendCost(
  dialect: BenchDialect,
  rounds: number,
  perRound: number,
  log: (line: string) => void,
): Promise<AppendCost> {
  const platform = await createBenchPlatform({ dialect, mailer: new NullMailer() });
  try {
    const db = platform.ctx.db;
    let plainSeq = 0;
    const chain: number[] = [];
    const plain: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      let start = performance.now();
      for (let index = 0; index < perRound; index += 1) {
        await db.transaction().execute((trx) => appendAuditEvents(trx, [entryValues(index)]));
      }
      chain.push(((performance.now() - start) * 1000) / perRound);
      start = performance.now();
      for (let index = 0; index < perRound; index += 1) {
        plainSeq -= 1;
        // Negative seqs stay out of the chain's way (its head is the highest seq).
        const values = { ...entryValues(index), seq: plainSeq, prevHash: '-', hash: '-' };
        await db
          .transaction()
          .execute((trx) => trx.insertInto('auditEvents').values(values).execute());
      }
      plain.push(((performance.now() - start) * 1000) / perRound);
      tick();
    }
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
    const issued = await issueMany(platform, issuedOneByOne(dialect), 1, 0);
    const issueMs = issued.wallMs / issuedOneByOne(dialect);
    const chainUs = median(chain);
    const plainUs = median(plain);
    const extraMs = (chainUs - plainUs) / 1000;
    const cost: AppendCost = {
      database: dialect,
      chainUs,
      plainUs,
      issueMs,
      issuanceLossPercent: (100 * extraMs) / (issueMs - extraMs),
    };
    log(
      `  ${dialect.padEnd(8)} append: chain ${chainUs.toFixed(0)} µs vs plain insert ${plainUs.toFixed(0)} µs (median of ${rounds} rounds of ${perRound}); one issuance ${issueMs.toFixed(2)} ms → the chain takes ${cost.issuanceLossPercent.toFixed(1)} % of issuance throughput`,
    );
    return cost;
  } finally {
    await platform.close();
  }
}

/** Documents issued one at a time to time one issuance. */
function issuedOneByOne(dialect: BenchDialect): number {
  return dialect === 'sqlite' ? 300 : 150;
}

/** The `seq`-th generated entry: a third are issuances with a detail, the rest log-ins. */
function generatedEntry(seq: number, base: number): AuditEntryFields {
  return {
    seq,
    occurredAt: new Date(base + seq * 1000).toISOString(),
    actorType: 'user',
    actorId: 'Qm9vdHN0cmFwQWRtaW4xMj',
    action: seq % 3 === 0 ? 'document.issued' : 'session.created',
    organisationId: seq % 3 === 0 ? 1 : null,
    targetId: seq % 3 === 0 ? `doc${seq.toString(36).padStart(19, '0')}` : null,
    detail: seq % 3 === 0 ? '{"channel":"email"}' : null,
  };
}

/** Chains `count` generated entries, handing them over in chunks of `chunk` with their hashes. */
async function chainEntries(
  count: number,
  chunk: number,
  write: (rows: { entry: AuditEntryFields; prevHash: string; hash: string }[]) => Promise<void>,
): Promise<void> {
  const base = Date.parse('2026-01-01T00:00:00.000Z');
  let prevHash = GENESIS_HASH;
  let rows: { entry: AuditEntryFields; prevHash: string; hash: string }[] = [];
  for (let seq = 1; seq <= count; seq += 1) {
    const entry = generatedEntry(seq, base);
    const hash = auditEntryHash(prevHash, entry);
    rows.push({ entry, prevHash, hash });
    prevHash = hash;
    if (rows.length === chunk || seq === count) {
      await write(rows);
      rows = [];
      tick();
    }
  }
}

/** Writes `count` chained entries straight into the SQLite file (one transaction per chunk). */
async function writeSqliteEntries(file: string, count: number): Promise<void> {
  const sqlite = new SqliteDatabase(file);
  try {
    const insert = sqlite.prepare(
      `insert into audit_events (seq, prev_hash, hash, occurred_at, actor_type, actor_id, action,
         organisation_id, target_id, detail) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertAll = sqlite.transaction(
      (rows: { entry: AuditEntryFields; prevHash: string; hash: string }[]) => {
        for (const { entry, prevHash, hash } of rows) {
          insert.run(
            entry.seq,
            prevHash,
            hash,
            entry.occurredAt,
            entry.actorType,
            entry.actorId,
            entry.action,
            entry.organisationId,
            entry.targetId,
            entry.detail,
          );
        }
      },
    );
    await chainEntries(count, 50_000, (rows) => {
      insertAll(rows);
      return Promise.resolve();
    });
  } finally {
    sqlite.close();
  }
}

/** Writes `count` chained entries into PostgreSQL, 10,000 a statement (arrays unnested). */
async function writePostgresEntries(url: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await chainEntries(count, 10_000, async (rows) => {
      const column = <T>(pick: (row: (typeof rows)[number]) => T) => rows.map(pick);
      await client.query(
        `insert into audit_events (seq, prev_hash, hash, occurred_at, actor_type, actor_id, action,
           organisation_id, target_id, detail)
         select * from unnest($1::int[], $2::text[], $3::text[], $4::timestamptz[], $5::text[],
           $6::text[], $7::text[], $8::int[], $9::text[], $10::text[])`,
        [
          column((row) => row.entry.seq),
          column((row) => row.prevHash),
          column((row) => row.hash),
          column((row) => row.entry.occurredAt),
          column((row) => row.entry.actorType),
          column((row) => row.entry.actorId),
          column((row) => row.entry.action),
          column((row) => row.entry.organisationId),
          column((row) => row.entry.targetId),
          column((row) => row.entry.detail),
        ],
      );
    });
    await client.query('analyze audit_events');
  } finally {
    await client.end();
  }
}

/**
 * `verifyAuditChain` as `certa audit verify` runs it: from the compiled server (npm run build),
 * whose worker threads load JavaScript. Under tsx each worker thread would first compile the
 * TypeScript it imports (about a second per thread on this machine), which no operator pays.
 */
async function compiledVerifyAuditChain(): Promise<typeof verifyAuditChain> {
  const build = spawnSync(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
    { stdio: 'inherit' },
  );
  if (build.status !== 0) throw new Error('tsc -p tsconfig.build.json failed');
  const compiled = (await import(pathToFileURL('dist/src/audit/verify-chain.js').href)) as {
    verifyAuditChain: typeof verifyAuditChain;
  };
  return compiled.verifyAuditChain;
}

async function measureVerify(
  dialect: BenchDialect,
  entries: number,
  log: (line: string) => void,
): Promise<AuditVerifyRun> {
  const platform = await createBenchPlatform({ dialect, mailer: new NullMailer() });
  try {
    const { database } = platform.config;
    // The bench platform's own few entries go first: start the written ones after them.
    await platform.ctx.db.deleteFrom('auditEvents').execute();
    const writeStart = performance.now();
    if (database.dialect === 'sqlite') await writeSqliteEntries(database.file, entries);
    else await writePostgresEntries(database.url, entries);
    log(
      `  wrote ${entries} chained entries into ${dialect} in ${((performance.now() - writeStart) / 1000).toFixed(1)} s`,
    );
    const verify = await compiledVerifyAuditChain();
    const times: number[] = [];
    const cpuTimes: number[] = [];
    let threads = 1;
    for (let round = 0; round < 2; round += 1) {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      // As `certa audit verify` does: a thread per CPU, each with its own connection.
      const result = await verify(platform.ctx.db, {
        onPage: () => tick(),
        parallel: { database },
      });
      times.push((performance.now() - start) / 1000);
      const cpu = process.cpuUsage(cpuStart);
      cpuTimes.push((cpu.user + cpu.system) / 1e6);
      threads = result.threads;
      if (!result.ok || result.checked !== entries)
        throw new Error(`verify failed: ${result.break?.message ?? `${result.checked} checked`}`);
      tick();
    }
    const seconds = Math.min(...times);
    const cpuSeconds = Math.min(...cpuTimes);
    log(
      `  certa audit verify over ${entries} entries (${dialect}, ${threads} threads): ${seconds.toFixed(2)} s best of ${times.length} (${times.map((t) => t.toFixed(2)).join(', ')}); CPU of all threads ${cpuSeconds.toFixed(2)} s`,
    );
    return {
      database: dialect,
      entries,
      threads,
      seconds,
      cpuSeconds,
      entriesPerSecond: entries / seconds,
      meetsTarget:
        entries >= AUDIT_VERIFY_TARGET_ENTRIES ? seconds <= AUDIT_VERIFY_TARGET_SECONDS : false,
    };
  } finally {
    await platform.close();
  }
}

export async function runAuditBenchmark(options: {
  quick: boolean;
  log: (line: string) => void;
}): Promise<AuditBenchmarkResult> {
  const documents = options.quick ? 300 : 1000;
  const appends: AuditAppendRun[] = [await measureAppends('sqlite', documents, options.log)];
  const probe = await probePostgres();
  if (probe.available) appends.push(await measureAppends('postgres', documents, options.log));
  else options.log(`  PostgreSQL not available: ${probe.reason}`);
  const costs: AppendCost[] = [await measureAppendCost('sqlite', 5, 400, options.log)];
  if (probe.available) costs.push(await measureAppendCost('postgres', 5, 200, options.log));
  const verifyEntries = options.quick ? 200_000 : AUDIT_VERIFY_TARGET_ENTRIES;
  const verify = await measureVerify('sqlite', verifyEntries, options.log);
  if (!probe.available) return { appends, costs, verify };
  const verifyPostgres = await measureVerify('postgres', verifyEntries, options.log);
  return { appends, costs, verify, verifyPostgres };
}

/** One line per figure, for the suite's console output. */
export function describeAudit(result: AuditBenchmarkResult): string {
  return [
    ...result.appends.map(
      (run) =>
        `${run.database}: ${run.appendsPerSecond.toFixed(0)} appends/s during ${run.docsPerSecond.toFixed(0)} docs/s of issuance (chain ${run.chainIntact ? 'intact' : 'broken'})`,
    ),
    ...result.costs.map(
      (cost) =>
        `${cost.database}: append ${cost.chainUs.toFixed(0)} µs chained vs ${cost.plainUs.toFixed(0)} µs plain; issuance ${cost.issueMs.toFixed(2)} ms → ${cost.issuanceLossPercent.toFixed(1)} % lost to the chain`,
    ),
    ...[result.verify, result.verifyPostgres].flatMap((run) =>
      run === undefined
        ? []
        : [
            `verify ${run.entries} entries (${run.database ?? 'sqlite'}, ${run.threads ?? 1} threads): ${run.seconds.toFixed(2)} s (${run.entriesPerSecond.toFixed(0)} entries/s, CPU ${run.cpuSeconds.toFixed(2)} s)`,
          ],
    ),
  ].join('\n');
}
