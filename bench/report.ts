import os from 'node:os';
import type { ActivationBenchmarkResult } from './activation-latency.bench.js';
import {
  AUDIT_VERIFY_TARGET_ENTRIES,
  AUDIT_VERIFY_TARGET_SECONDS,
  type AuditBenchmarkResult,
} from './audit-chain.bench.js';
import type { ConsoleLoadBenchmarkResult } from './console-load.bench.js';
import { OVERLOAD_PROBE_P99_TARGET_MS } from './overload.bench.js';
import type { OverloadBenchmarkResult } from './overload.bench.js';
import {
  BATCH_VALIDATE_TARGET_PEAK_MB,
  BATCH_VALIDATE_TARGET_ROWS_PER_SECOND,
} from './batch-validate.bench.js';
import type { BatchValidateResult } from './batch-validate.bench.js';
import {
  BATCH_ISSUE_TARGET_ACTIVATION_P99_MS,
  BATCH_ISSUE_TARGET_HEALTH_P99_MS,
  BATCH_ISSUE_TARGET_SECONDS,
} from './batch-issue.report.js';
import type { BatchIssueResult } from './batch-issue.report.js';
import { STATUS_LIST_REGENERATION_TARGET_MS } from './status-list.bench.js';
import { VERIFY_BROWSER_TARGET_MS } from './verify-browser.bench.js';
import type { VerifyBrowserBenchmarkResult } from './verify-browser.bench.js';
import type { StatusListBenchmarkResult } from './status-list.bench.js';
import type { DocumentsListBenchmarkResult } from './documents-list.bench.js';
import type { IssueBenchmarkResult, IssueRun } from './issue-documents.bench.js';
import type { TreeBenchmarkResult } from './merkle-tree.bench.js';
import {
  RENDER_SIGN_TARGET_KIB_PLUS_BACKGROUND,
  RENDER_SIGN_TARGET_P50_MS,
  type RenderTemplateRun,
} from './render-template.bench.js';

/** The render + sign benchmark's runs (one per background kind). */
export interface RenderBenchmarkResult {
  readonly runs: readonly RenderTemplateRun[];
}
import type { ProfileSummary } from './profile.js';
import { PREVIEW_TARGET_P50_MS } from './template-preview.bench.js';
import type { TemplatePreviewBenchmarkResult } from './template-preview.bench.js';
import type { VerifyBenchmarkResult } from './verify-http.bench.js';

/** The machine the numbers were measured on. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly ramGiB: number;
  readonly node: string;
  readonly os: string;
  readonly date: string;
  /** 1-, 5- and 15-minute load averages when the run started. */
  readonly loadAverageAtStart: readonly number[];
}

/** Describes this machine. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    ramGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    loadAverageAtStart: os.loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

/** One line naming the machine, for the console and the README. */
export function machineLine(machine: MachineInfo): string {
  return (
    `${machine.cpuModel}, ${machine.cores} cores, ${machine.ramGiB} GiB RAM, Node ${machine.node}, ` +
    `${machine.os}, ${machine.date.slice(0, 16).replace('T', ' ')} UTC ` +
    `(load average at start ${machine.loadAverageAtStart.join(' / ')})`
  );
}

type Row = readonly string[];

/** A plain-text table with aligned columns (numbers right-aligned). */
export function textTable(headers: Row, rows: readonly Row[]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const numeric = headers.map((_, column) =>
    rows.every((row) => /^[-+]?[\d.,]+( ?[a-zµ%/]+)?$|^–$/.test(row[column] ?? '')),
  );
  const line = (row: Row): string =>
    row
      .map((cell, column) =>
        numeric[column] === true
          ? cell.padStart(widths[column] ?? 0)
          : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [
    line(headers),
    widths.map((width) => '─'.repeat(width)).join('  '),
    ...rows.map(line),
  ].join('\n');
}

/** A GitHub-flavoured Markdown table. */
export function markdownTable(headers: Row, rows: readonly Row[]): string {
  const escape = (cell: string): string => cell.replace(/\|/g, '\\|');
  return [
    `| ${headers.map(escape).join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

const integer = (value: number): string =>
  Number.isFinite(value) ? Math.round(value).toLocaleString('en') : '–';
const fixed = (value: number, digits = 1): string =>
  Number.isFinite(value) ? value.toFixed(digits) : '–';
const percent = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(0)} %` : '–');
const status = (met: boolean): string => (met ? 'met' : 'MISSED');

function issueLabel(run: IssueRun): string {
  const database = run.database === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const mailer = run.mailer === 'outbox' ? 'outbox mailer' : 'null mailer';
  const mode =
    (run.batchSize ?? 1) > 1
      ? `bulk calls of ${run.batchSize}`
      : run.concurrency === 1
        ? 'sequential'
        : `${run.concurrency} in flight`;
  return `${database}, ${mailer}, ${mode}`;
}

/** Every issuance run, for the console. */
export function issueTable(result: IssueBenchmarkResult): string {
  return textTable(
    [
      'database',
      'mailer',
      'in flight',
      'docs/call',
      'docs',
      'docs/s',
      'p50 ms',
      'p99 ms',
      'CPU ms/doc',
      'PG CPU ms/doc',
      'mail ms/doc',
      'query ms/doc',
      'machine busy',
      'others',
    ],
    result.runs.map((run) => [
      run.database,
      run.mailer,
      String(run.concurrency),
      String(run.batchSize ?? 1),
      integer(run.documents),
      integer(run.docsPerSecond),
      fixed(run.latencyMs.p50, 2),
      fixed(run.latencyMs.p99, 2),
      fixed(run.cpuMsPerDocument, 2),
      run.database === 'postgres' ? fixed(run.postgresCpuMsPerDocument, 2) : '–',
      fixed(run.mailMsPerDocument, 2),
      fixed(run.queryMsPerDocument, 2),
      percent(run.load.machineBusyPercent),
      percent(run.load.othersBusyPercent),
    ]),
  );
}

/** The CPU-only steps and the profiles of the issuance benchmark, for the console. */
export function issueBreakdown(result: IssueBenchmarkResult): string {
  const crypto = result.crypto;
  const lines = [
    'CPU-only steps of one issueDocument, each timed alone (µs):',
    `  wrapB (X25519 keygen + ECDH + HKDF + AES-GCM) ${fixed(crypto.wrapForOrganisationUs, 0)} ` +
      `(in a bulk call, one agreement per batch: ${fixed(crypto.wrapForOrganisationInBatchUs ?? Number.NaN, 0)}), ` +
      `wrapA ${fixed(crypto.wrapActivationSecretUs, 0)}, seal record ${fixed(crypto.sealRecordUs, 0)}, ` +
      `random ids/keys ${fixed(crypto.randomIdsAndKeysUs, 0)}, canonical JSON + SHA-256 ` +
      `${fixed(crypto.canonicalJsonAndSha256Us, 0)}, e-mail template ${fixed(crypto.activationEmailTemplateUs, 0)}` +
      ` → total ${fixed(crypto.totalUs, 0)} µs/doc`,
  ];
  for (const entry of result.profiles) {
    lines.push(
      '',
      profileBlock(
        `Main-thread profile, ${entry.label}, ${integer(entry.documents)} docs ` +
          `(${integer(entry.docsPerSecond)} docs/s under --cpu-prof, ${integer(entry.profile.totalMs)} ms sampled):`,
        entry.profile,
        entry.documents,
        'µs/doc',
      ),
    );
  }
  return lines.join('\n');
}

/** A profile as a table of categories (with µs per unit of work) and the top functions. */
export function profileBlock(
  title: string,
  profile: ProfileSummary,
  units: number,
  unitLabel: string,
): string {
  return [
    title,
    textTable(
      ['where', 'ms', 'share', unitLabel],
      profile.byCategory.map((category) => [
        category.name,
        integer(category.ms),
        percent(category.percent),
        integer((category.ms * 1000) / units),
      ]),
    ),
    '  top functions: ' +
      profile.topFunctions
        .slice(0, 6)
        .map((fn) => `${fn.name} ${percent(fn.percent)}`)
        .join('; '),
  ].join('\n');
}

/** The activation series and breakdown, for the console. */
export function activationTable(result: ActivationBenchmarkResult): string {
  const b = result.breakdown;
  return [
    textTable(
      ['series', 'n', 'cold ms', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'target', 'machine busy'],
      result.series.map((series) => [
        series.label,
        String(series.warmMs.count + 1),
        fixed(series.coldMs),
        fixed(series.warmMs.p50),
        fixed(series.warmMs.p90),
        fixed(series.warmMs.p99),
        fixed(series.warmMs.max),
        status(series.meetsTarget),
        percent(series.load.machineBusyPercent),
      ]),
    ),
    '',
    `Warm domain activation, mean ${fixed(b.totalMs)} ms: PDF rendering alone p50 ` +
      `${fixed(b.pdfRenderP50Ms)} ms (${integer(result.pdfBytes)} bytes), queries ${fixed(b.queriesMs)} ms ` +
      `(${fixed(b.queriesPerActivation, 0)} queries), blob write ${fixed(b.blobPutMs)} ms, ` +
      `rest (crypto, transaction, glue) ${fixed(b.restMs)} ms.`,
    `HTTP series: ${result.httpNote}.`,
  ].join('\n');
}

/** The Merkle tree runs, for the console. */
export function treeTable(result: TreeBenchmarkResult): string {
  return [
    textTable(
      [
        'leaves',
        'tree + paths ms',
        'best ms',
        'build ms',
        'tree + .ots files ms',
        'proof bytes',
        'target',
      ],
      result.runs.map((run) => [
        integer(run.leaves),
        integer(run.pathsMs.median),
        integer(run.pathsMs.best),
        integer(run.buildMs),
        integer(run.filesMs),
        integer(run.proofBytes),
        run.meetsTarget === null ? '–' : status(run.meetsTarget),
      ]),
    ),
    `Verify one proof: p50 ${fixed(result.verifyOneProofUs.p50, 0)} µs, p99 ${fixed(result.verifyOneProofUs.p99, 0)} µs — ${result.verifyNote}.`,
  ].join('\n');
}

/** The verification runs, for the console. */
export function verifyTable(result: VerifyBenchmarkResult): string {
  return [
    textTable(
      [
        'run',
        'docs in DB',
        'seconds',
        'req/s mean',
        'p50 ms',
        'p99 ms',
        'requests',
        'non-2xx',
        'errors',
        'server CPU µs/req',
        'server core',
        'target',
        'machine busy',
      ],
      [...result.runs, result.profiled.run].map((run, index) => [
        run.label,
        integer(run.documentsInDatabase),
        fixed(run.seconds),
        integer(run.requestsPerSecond.mean),
        fixed(run.latencyMs.p50, 0),
        fixed(run.latencyMs.p99, 0),
        integer(run.requests),
        String(run.non2xx),
        String(run.errors),
        integer(run.serverCpuUsPerRequest),
        percent(run.serverCpuPercentOfCore),
        // The profiled run is evidence, slowed by the profiler: not a measurement of the target.
        index < result.runs.length ? status(run.meetsTarget) : '(profiled)',
        percent(run.load.machineBusyPercent),
      ]),
    ),
    `Setup: ${result.setup}.`,
    `Response checked: ${result.sampleResponse.slice(0, 60)}…`,
    '',
    profileBlock(
      `Server main thread under --cpu-prof, ${integer(result.profiled.run.requests)} requests, ` +
        `${integer(result.profiled.profile.totalMs)} ms sampled:`,
      result.profiled.profile,
      result.profiled.run.requests,
      'µs/request',
    ),
  ].join('\n');
}

/** All results of one run of the suite (what bench/results/latest.json holds). */
export interface SuiteResults {
  readonly issue?: IssueBenchmarkResult;
  readonly activation?: ActivationBenchmarkResult;
  readonly verify?: VerifyBenchmarkResult;
  readonly tree?: TreeBenchmarkResult;
  readonly render?: RenderBenchmarkResult;
  readonly documents?: DocumentsListBenchmarkResult;
  readonly console?: ConsoleLoadBenchmarkResult;
  readonly overload?: OverloadBenchmarkResult;
  readonly statuslist?: StatusListBenchmarkResult;
  readonly audit?: AuditBenchmarkResult;
  readonly 'verify-browser'?: VerifyBrowserBenchmarkResult;
  readonly 'template-preview'?: TemplatePreviewBenchmarkResult;
  readonly 'batch-validate'?: BatchValidateResult;
  readonly 'batch-issue'?: BatchIssueResult;
}

/** Target / goal / result / status rows: the README table. */
export function summaryRows(results: SuiteResults): string[][] {
  const rows: string[][] = [];
  if (results.issue !== undefined) {
    const goal = `≥ ${integer(results.issue.targetDocsPerSecond)} docs/s`;
    const pick = (
      database: string,
      mailer: string,
      concurrency: number,
      batchSize = 1,
    ): IssueRun | undefined =>
      results.issue?.runs.find(
        (run) =>
          run.database === database &&
          run.mailer === mailer &&
          run.concurrency === concurrency &&
          (run.batchSize ?? 1) === batchSize,
      );
    const bulk = 100;
    const headline = [
      pick('sqlite', 'outbox', 1, bulk),
      pick('sqlite', 'null', 1, bulk),
      pick('sqlite', 'outbox', 16),
      pick('sqlite', 'null', 16),
      pick('sqlite', 'null', 1),
      pick('postgres', 'outbox', 1, bulk),
      pick('postgres', 'null', 1, bulk),
      pick('postgres', 'outbox', 16),
      pick('postgres', 'null', 16),
    ];
    for (const run of headline) {
      if (run === undefined) continue;
      rows.push([
        `Issue ${integer(run.documents)} documents (domain; ${issueLabel(run)})`,
        goal,
        `${integer(run.docsPerSecond)} docs/s`,
        status(run.meetsTarget),
      ]);
    }
  }
  if (results.activation !== undefined) {
    for (const series of results.activation.series) {
      rows.push([
        `Activation latency p50 (${series.label}; cold first ${fixed(series.coldMs, 0)} ms)`,
        `≤ ${results.activation.targetP50Ms} ms`,
        `${fixed(series.warmMs.p50)} ms (p90 ${fixed(series.warmMs.p90)}, p99 ${fixed(series.warmMs.p99)})`,
        status(series.meetsTarget),
      ]);
    }
  }
  if (results.verify !== undefined) {
    for (const run of results.verify.runs) {
      rows.push([
        `Verify by digest over HTTP (${run.label}, ${integer(run.documentsInDatabase)} docs, ${run.connections} connections)`,
        `≥ ${integer(results.verify.targetRequestsPerSecond)} req/s`,
        `${integer(run.requestsPerSecond.mean)} req/s (p50 ${fixed(run.latencyMs.p50, 0)} ms, p99 ${fixed(run.latencyMs.p99, 0)} ms, non-2xx ${run.non2xx})`,
        status(run.meetsTarget),
      ]);
    }
  }
  if (results.tree !== undefined) {
    const tree = results.tree;
    for (const run of tree.runs) {
      rows.push([
        `Merkle tree + every leaf's proof path (${integer(run.leaves)} leaves; all complete .ots files ${integer(run.filesMs)} ms)`,
        run.meetsTarget === null
          ? '–'
          : `≤ ${tree.targetSeconds} s for ${integer(tree.targetLeaves)}`,
        `${integer(run.pathsMs.median)} ms (best ${integer(run.pathsMs.best)} ms)`,
        run.meetsTarget === null ? 'measured' : status(run.meetsTarget),
      ]);
    }
    rows.push([
      `Verify one .ots proof (${integer(tree.targetLeaves)}-leaf batch, Bitcoin attestation, header in memory)`,
      '–',
      `${integer(tree.verifyOneProofUs.p50)} µs p50 (p99 ${integer(tree.verifyOneProofUs.p99)} µs)`,
      'measured',
    ]);
  }
  if (results.render !== undefined) {
    for (const run of results.render.runs) {
      const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
      rows.push([
        `Render + sign one designed A4 page (${run.background === 'pdf' ? 'vector PDF' : 'PNG'} background ${kib(run.backgroundBytes)}, logo, QR, signed record; PAdES B-B)`,
        `p50 ≤ ${RENDER_SIGN_TARGET_P50_MS} ms, ≤ ${RENDER_SIGN_TARGET_KIB_PLUS_BACKGROUND} KiB + background`,
        `${fixed(run.renderAndSignMs.p50)} ms (render ${fixed(run.renderMs.p50)}, sign ${fixed(run.signMs.p50)}; p90 ${fixed(run.renderAndSignMs.p90)}), ${kib(run.pdfBytes)}`,
        status(run.meetsTarget),
      ]);
    }
  }
  if (results.documents !== undefined) {
    const { targets } = results.documents;
    for (const run of results.documents.runs) {
      const where = `${run.database}, ${integer(run.documents)} documents in one organisation`;
      rows.push([
        `Documents list, first page over HTTP (${where})`,
        `p50 ≤ ${targets.firstPageP50Ms} ms`,
        `${fixed(run.firstPage.p50)} ms (p90 ${fixed(run.firstPage.p90)}; title search ${fixed(run.searchByTitle.p50)}, status + sort ${fixed(run.filteredAndSorted.p50)}, last page ${fixed(run.lastPage.p50)}, dashboard ${fixed(run.dashboard.p50)})`,
        status(run.firstPage.p50 <= targets.firstPageP50Ms),
      ]);
      rows.push([
        `Documents list, search by id over HTTP (${where})`,
        `p50 ≤ ${targets.byIdP50Ms} ms`,
        `${fixed(run.searchById.p50)} ms (p90 ${fixed(run.searchById.p90)}; document page ${fixed(run.documentById.p50)})`,
        status(run.searchById.p50 <= targets.byIdP50Ms),
      ]);
    }
  }
  if (results.console !== undefined) {
    for (const run of results.console.runs) {
      rows.push([
        `Console first load: ${run.page} (JavaScript + CSS, ${run.files.length} files, empty cache)`,
        `≤ ${results.console.targetKb} KB gzip`,
        `${fixed(run.gzipKb)} KB gzip (${fixed(run.brotliKb)} KB Brotli as sent; heading after ${integer(run.loadMs.p50)} ms)`,
        status(run.meetsTarget),
      ]);
    }
  }
  if (results.overload !== undefined) {
    const run = results.overload;
    const statuses = (counts: Record<string, number>) =>
      Object.entries(counts)
        .map(([code, n]) => `${n}× ${code}`)
        .join(', ');
    rows.push([
      `Overload: ${run.uploads} verify uploads + ${run.activations} activations at once; a cheap GET polled meanwhile`,
      `GET p99 ≤ ${OVERLOAD_PROBE_P99_TARGET_MS} ms; only 429/503 refusals`,
      `p99 ${fixed(run.probe.p99)} ms (p50 ${fixed(run.probe.p50)}, max ${integer(run.probe.max)}); uploads ${statuses(run.uploadStatuses)}; activations ${statuses(run.activationStatuses)}; other failures ${run.unexpected}`,
      status(run.meetsTarget),
    ]);
  }
  if (results.statuslist !== undefined) {
    const run = results.statuslist;
    rows.push([
      `Regenerate one issuer's status lists (revocation + suspension; ${integer(run.documents)} documents, SQLite)`,
      `≤ ${STATUS_LIST_REGENERATION_TARGET_MS} ms`,
      `${integer(run.regenerationMs.p50)} ms p50 (p90 ${integer(run.regenerationMs.p90)}; ${integer(run.listLength)} bits, ${integer(run.credentialBytes / 1024)} KiB vc+jwt)`,
      status(run.meetsTarget),
    ]);
    rows.push([
      `Status list over HTTP (${integer(run.documents)} documents; If-None-Match → 304 / whole list)`,
      '–',
      `${integer(run.revalidation.requestsPerSecond)} req/s revalidated (p99 ${fixed(run.revalidation.p99Ms)} ms) / ${integer(run.full.requestsPerSecond)} req/s whole (p99 ${fixed(run.full.p99Ms)} ms)`,
      'measured',
    ]);
  }
  if (results.audit !== undefined) {
    const { verify, verifyPostgres, appends } = results.audit;
    for (const run of verifyPostgres === undefined ? [verify] : [verify, verifyPostgres]) {
      rows.push([
        `certa audit verify over ${integer(run.entries)} entries (${run.database ?? 'sqlite'}, ${run.threads ?? 1} threads)`,
        `≤ ${AUDIT_VERIFY_TARGET_SECONDS} s for ${integer(AUDIT_VERIFY_TARGET_ENTRIES)}`,
        `${fixed(run.seconds)} s (${integer(run.entriesPerSecond)} entries/s; CPU of all threads ${fixed(run.cpuSeconds)} s)`,
        status(run.meetsTarget),
      ]);
    }
    for (const cost of results.audit.costs ?? []) {
      rows.push([
        `Issuance lost to the audit chain (${cost.database}; append ${integer(cost.chainUs)} µs chained vs ${integer(cost.plainUs)} µs plain, issuance ${fixed(cost.issueMs, 2)} ms)`,
        '≤ 10 %',
        `${fixed(cost.issuanceLossPercent)} %`,
        status(cost.issuanceLossPercent <= 10),
      ]);
    }
    for (const run of appends) {
      rows.push([
        `Audit appends during concurrent issuance (${run.database}, 16 issuing + 8 appending)`,
        '–',
        `${integer(run.appendsPerSecond)} appends/s while ${integer(run.docsPerSecond)} docs/s; chain ${run.chainIntact ? 'intact' : 'BROKEN'}`,
        'measured',
      ]);
    }
  }
  const browser = results['verify-browser'];
  if (browser !== undefined)
    rows.push([
      `Full verification of a ${(browser.pdfBytes / 1e6).toFixed(1)} MB signed PDF in Chromium (hash, PAdES, record, proof)`,
      `p50 ≤ ${VERIFY_BROWSER_TARGET_MS} ms`,
      `${integer(browser.verifyMs.p50)} ms p50 (p90 ${integer(browser.verifyMs.p90)}; bundle ${integer(browser.bundleGzipBytes / 1024)} KiB gzip)`,
      status(browser.meetsTarget),
    ]);
  for (const run of results['template-preview']?.runs ?? [])
    rows.push([
      `Designer preview round trip, starter "${run.starter}" (HTTP, request to PDF received)`,
      `p50 ≤ ${PREVIEW_TARGET_P50_MS} ms`,
      `${integer(run.preview.p50)} ms p50 (p90 ${integer(run.preview.p90)}; layout ${integer(run.layout.p50)} ms)`,
      status(run.preview.p50 <= PREVIEW_TARGET_P50_MS),
    ]);
  const batch = results['batch-validate'];
  if (batch !== undefined) {
    rows.push([
      `Batch validation: CSV rows parsed, mapped, checked and keyed (${integer(batch.rows)} rows, no database)`,
      `≥ ${integer(BATCH_VALIDATE_TARGET_ROWS_PER_SECOND)} rows/s`,
      `${integer(batch.rowsPerSecond)} rows/s (${fixed(batch.seconds)} s)`,
      status(batch.rowsPerSecond >= BATCH_VALIDATE_TARGET_ROWS_PER_SECOND),
    ]);
    rows.push([
      `Batch validation: peak memory for a ${integer(batch.rows)}-row file (resident set)`,
      `≤ ${BATCH_VALIDATE_TARGET_PEAK_MB} MB`,
      `${integer(batch.peakRssMb)} MB${batch.startRssMb === undefined ? '' : ` (${integer(batch.startRssMb)} MB before reading it)`}`,
      status(batch.peakRssMb <= BATCH_VALIDATE_TARGET_PEAK_MB),
    ]);
  }
  for (const run of results['batch-issue']?.runs ?? []) {
    rows.push([
      `Batch of ${integer(run.rows)} CSV rows issued and handed to SMTP by certa serve (${run.database}; upload to last message)`,
      `≤ ${BATCH_ISSUE_TARGET_SECONDS} s`,
      `${fixed(run.totalSeconds)} s (upload ${fixed(run.uploadSeconds)} s; ${integer(run.documentsPerSecond)} documents/s; server CPU ${fixed(run.serverCpuMs / 1000)} s; load ${run.loadBefore[0] ?? '?'})`,
      status(run.totalSeconds <= BATCH_ISSUE_TARGET_SECONDS),
    ]);
    rows.push([
      `During that batch (${run.database}): activations (p99) and /api/health (p99)`,
      `< ${integer(BATCH_ISSUE_TARGET_ACTIVATION_P99_MS)} ms / < ${BATCH_ISSUE_TARGET_HEALTH_P99_MS} ms`,
      `${integer(run.activationMs.p99)} ms / ${fixed(run.healthMs.p99)} ms (p50 ${integer(run.activationMs.p50)} / ${fixed(run.healthMs.p50)} ms)`,
      status(
        run.activationMs.p99 < BATCH_ISSUE_TARGET_ACTIVATION_P99_MS &&
          run.healthMs.p99 < BATCH_ISSUE_TARGET_HEALTH_P99_MS,
      ),
    ]);
  }
  return rows;
}

/** The Markdown block for the README: machine line and the summary table. */
export function readmeMarkdown(
  machine: MachineInfo,
  results: SuiteResults,
  measuredAt: Readonly<Partial<Record<keyof SuiteResults, string>>> = {},
): string {
  const dates = Object.entries(measuredAt)
    .map(([name, date]) => `${name} ${date.slice(0, 16).replace('T', ' ')} UTC`)
    .join(', ');
  return [
    `Measured with \`npm run bench\` on ${machineLine(machine)}. The machine was shared with other test runs; see bench/results/latest.json for load during each run.` +
      (dates === '' ? '' : ` Each benchmark's last run: ${dates}.`),
    '',
    markdownTable(['Benchmark', 'Target', 'Result', 'Status'], summaryRows(results)),
    '',
  ].join('\n');
}
