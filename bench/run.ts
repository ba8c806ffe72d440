/**
 * `npm run bench`: measures Certa's performance targets on this machine and writes
 * bench/results/latest.json (all numbers) and bench/results/latest.md (the README table).
 *
 *   npm run bench                      everything (about three minutes on 2 cores)
 *   npm run bench -- --quick           smaller batches and shorter loads (smoke check)
 *   npm run bench -- --only verify     one benchmark (issue, activation, verify, tree, render, documents, console, overload, statuslist, audit, template-preview, verify-browser, batch-validate, batch-issue; comma-separated)
 *
 * Not part of the tests: numbers depend on the machine and on whatever else runs on it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { ActivationBenchmarkResult } from './activation-latency.bench.js';
import { describeAudit } from './audit-chain.bench.js';
import type { AuditBenchmarkResult } from './audit-chain.bench.js';
import { describeBatchIssue } from './batch-issue.report.js';
import type { BatchIssueResult } from './batch-issue.report.js';
import { describeBatchValidate } from './batch-validate.bench.js';
import type { BatchValidateResult } from './batch-validate.bench.js';
import { describeConsoleLoad } from './console-load.bench.js';
import type { ConsoleLoadBenchmarkResult } from './console-load.bench.js';
import { describeRun } from './documents-list.bench.js';
import type { DocumentsListBenchmarkResult } from './documents-list.bench.js';
import type { IssueBenchmarkResult } from './issue-documents.bench.js';
import { describeOverload } from './overload.bench.js';
import type { OverloadBenchmarkResult } from './overload.bench.js';
import { renderTemplateLine } from './render-template.bench.js';
import { describeStatusList } from './status-list.bench.js';
import { describeTemplatePreview } from './template-preview.bench.js';
import type { TemplatePreviewBenchmarkResult } from './template-preview.bench.js';
import type { StatusListBenchmarkResult } from './status-list.bench.js';
import type { TreeBenchmarkResult } from './merkle-tree.bench.js';
import type { RenderBenchmarkResult } from './report.js';
import {
  activationTable,
  issueBreakdown,
  issueTable,
  machineInfo,
  machineLine,
  markdownTable,
  readmeMarkdown,
  summaryRows,
  textTable,
  treeTable,
  verifyTable,
} from './report.js';
import type { SuiteResults } from './report.js';
import type { VerifyBenchmarkResult } from './verify-http.bench.js';
import { describeVerifyBrowser } from './verify-browser.bench.js';
import type { VerifyBrowserBenchmarkResult } from './verify-browser.bench.js';

const BENCHMARKS = [
  'issue',
  'activation',
  'verify',
  'tree',
  'render',
  'documents',
  'console',
  'overload',
  'statuslist',
  'audit',
  'template-preview',
  'verify-browser',
  'batch-validate',
  'batch-issue',
] as const;
type BenchmarkName = (typeof BENCHMARKS)[number];

/** A benchmark process that runs longer than this is stopped (each has its own watchdog too). */
const BENCHMARK_TIMEOUT_MS = 8 * 60_000;
/** The audit benchmark writes a million chained entries into SQLite, then into PostgreSQL. */
const LONG_BENCHMARK_TIMEOUT_MS: Partial<Record<BenchmarkName, number>> = { audit: 20 * 60_000 };

/** Runs after the first one, when a benchmark process was killed by its watchdog or timed out. */
const RETRIES = 1;

/** Benchmark processes still running (pids), and whether the user asked to stop. */
const running = new Set<number>();
let stopping = false;

const USAGE = `Usage: npm run bench [-- --quick] [-- --only <${BENCHMARKS.join('|')}>[,…]]`;

function parseOptions(): { quick: boolean; only: BenchmarkName[] } {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: false,
  });
  if (values.help === true) {
    console.log(USAGE);
    process.exit(0);
  }
  const requested = (values.only ?? []).flatMap((value) => value.split(',')).filter(Boolean);
  for (const name of requested) {
    if (!(BENCHMARKS as readonly string[]).includes(name)) {
      console.error(`Unknown benchmark "${name}". ${USAGE}`);
      process.exit(2);
    }
  }
  return {
    quick: values.quick === true,
    only: requested.length === 0 ? [...BENCHMARKS] : (requested as BenchmarkName[]),
  };
}

function section(title: string): void {
  console.log(`\n━━ ${title} ${'━'.repeat(Math.max(0, 90 - title.length))}`);
}

/** Runs one benchmark in a child process; resolves with its result, or rejects. */
function runBenchmarkProcess(name: BenchmarkName, quick: boolean): Promise<unknown> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'certa-bench-run-')), `${name}.json`);
  return new Promise<unknown>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(import.meta.dirname, 'benchmark.child.ts'),
        name,
        quick ? '1' : '0',
        out,
      ],
      { stdio: 'inherit' },
    );
    running.add(child.pid ?? 0);
    const timeoutMs = LONG_BENCHMARK_TIMEOUT_MS[name] ?? BENCHMARK_TIMEOUT_MS;
    const timer = setTimeout(() => {
      console.error(`\n${name}: still running after ${timeoutMs / 60_000} minutes, stopping it.`);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      running.delete(child.pid ?? 0);
      try {
        if (code === 0) resolve(JSON.parse(fs.readFileSync(out, 'utf8')) as unknown);
        else
          reject(
            new Error(`the ${name} benchmark process ended with ${signal ?? `exit code ${code}`}`),
          );
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      } finally {
        fs.rmSync(path.dirname(out), { recursive: true, force: true });
      }
    });
  });
}

/** The results and dates of the last run, or undefined when there is none (or it is unreadable). */
function readPreviousRun(
  file: string,
): { results: SuiteResults; measuredAt: Partial<Record<BenchmarkName, string>> } | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      results?: SuiteResults;
      measuredAt?: Partial<Record<BenchmarkName, string>>;
      machine?: { date?: string };
    };
    if (parsed.results === undefined) return undefined;
    // Runs before dates were kept per benchmark: all of them date from the machine line.
    const fallback = parsed.machine?.date;
    const measuredAt: Partial<Record<BenchmarkName, string>> = {};
    for (const name of BENCHMARKS) {
      const date = parsed.measuredAt?.[name] ?? fallback;
      if (parsed.results[name] !== undefined && date !== undefined) measuredAt[name] = date;
    }
    return { results: parsed.results, measuredAt };
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  const options = parseOptions();
  const machine = machineInfo();
  const started = performance.now();
  console.log(`Certa benchmarks${options.quick ? ' (quick)' : ''}: ${options.only.join(', ')}`);
  console.log(`Machine: ${machineLine(machine)}`);

  const results: { -readonly [K in keyof SuiteResults]: SuiteResults[K] } = {};
  const failures: Array<{ benchmark: BenchmarkName; error: string }> = [];
  const titles: Record<BenchmarkName, string> = {
    issue: '1. Issuing documents through the domain layer (issueDocument, no HTTP)',
    activation: '2. Activation latency (sequential, one document after the other)',
    verify: '3. Verify by digest over HTTP (POST /api/verify, autocannon)',
    tree: '4. Anchoring: Merkle tree and every proof of one batch; verifying one proof',
    render: '5. Render a designed template with its signed record, then PAdES-sign it',
    documents: '6. The console list of an organisation with 100,000 documents over HTTP',
    console: '7. The console’s first load in Chromium (scripts and styles, gzip)',
    overload:
      '8. Overload: 200 verify uploads + 100 activations at once, a cheap GET polled meanwhile',
    statuslist: '9. Status lists: regenerate one issuer’s lists (1,000,000 documents), serve them',
    'verify-browser':
      '10. Full verification of a 1 MB signed PDF in Chromium (the verify page’s verifier)',
    audit:
      '10. Audit chain: appends under concurrent issuance; certa audit verify over 1,000,000 entries',
    'template-preview':
      '11. Template designer: preview round trip of a starter template (request to PDF received)',
    'batch-validate':
      '12. Batch validation: a 100,000-row CSV parsed, mapped, checked and keyed; peak memory',
    'batch-issue':
      '13. A 20,000-row CSV issued and handed to SMTP by certa serve, activations and health meanwhile',
  };

  const durations: Partial<Record<BenchmarkName, number>> = {};
  for (const name of options.only) {
    section(titles[name]);
    const benchmarkStarted = performance.now();
    for (let attempt = 0; attempt <= RETRIES && !stopping; attempt += 1) {
      try {
        const result = await runBenchmarkProcess(name, options.quick);
        if (name === 'issue') {
          results.issue = result as IssueBenchmarkResult;
          console.log(`\n${issueTable(results.issue)}\n\n${issueBreakdown(results.issue)}`);
        } else if (name === 'activation') {
          results.activation = result as ActivationBenchmarkResult;
          console.log(`\n${activationTable(results.activation)}`);
        } else if (name === 'verify') {
          results.verify = result as VerifyBenchmarkResult;
          console.log(`\n${verifyTable(results.verify)}`);
        } else if (name === 'tree') {
          results.tree = result as TreeBenchmarkResult;
          console.log(`\n${treeTable(results.tree)}`);
        } else if (name === 'render') {
          results.render = result as RenderBenchmarkResult;
          console.log(`\n${results.render.runs.map(renderTemplateLine).join('\n')}`);
        } else if (name === 'documents') {
          results.documents = result as DocumentsListBenchmarkResult;
          console.log(`\n${results.documents.runs.map(describeRun).join('\n')}`);
        } else if (name === 'overload') {
          results.overload = result as OverloadBenchmarkResult;
          console.log(`\n${describeOverload(results.overload)}`);
        } else if (name === 'audit') {
          results.audit = result as AuditBenchmarkResult;
          console.log(`\n${describeAudit(results.audit)}`);
        } else if (name === 'verify-browser') {
          results['verify-browser'] = result as VerifyBrowserBenchmarkResult;
          console.log(`\n${describeVerifyBrowser(results['verify-browser'])}`);
        } else if (name === 'template-preview') {
          results['template-preview'] = result as TemplatePreviewBenchmarkResult;
          console.log(`\n${describeTemplatePreview(results['template-preview'])}`);
        } else if (name === 'batch-validate') {
          results['batch-validate'] = result as BatchValidateResult;
          console.log(`\n${describeBatchValidate(results['batch-validate'])}`);
        } else if (name === 'batch-issue') {
          results['batch-issue'] = result as BatchIssueResult;
          console.log(`\n${describeBatchIssue(results['batch-issue'])}`);
        } else if (name === 'statuslist') {
          results.statuslist = result as StatusListBenchmarkResult;
          console.log(`\n${describeStatusList(results.statuslist)}`);
        } else {
          results.console = result as ConsoleLoadBenchmarkResult;
          console.log(`\n${results.console.runs.map(describeConsoleLoad).join('\n')}`);
        }
        break;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const again = attempt < RETRIES && !stopping;
        console.error(
          `\nThe ${name} benchmark failed: ${message}${again ? ' — retrying once.' : ''}`,
        );
        if (!again) failures.push({ benchmark: name, error: message });
      }
    }
    durations[name] = Math.round((performance.now() - benchmarkStarted) / 1000);
    console.log(`(${name}: ${durations[name]} s)`);
  }

  // A partial run (--only) keeps the other benchmarks' latest results, each with its own date.
  const directory = path.join(import.meta.dirname, 'results');
  const json = path.join(directory, 'latest.json');
  const previous = readPreviousRun(json);
  const now = new Date().toISOString();
  const measuredAt: Partial<Record<BenchmarkName, string>> = { ...previous?.measuredAt };
  for (const name of options.only) if (results[name] !== undefined) measuredAt[name] = now;
  for (const name of BENCHMARKS) {
    if (results[name] === undefined && previous?.results[name] !== undefined) {
      Object.assign(results, { [name]: previous.results[name] });
    }
  }

  const seconds = (performance.now() - started) / 1000;
  section(`Summary (${seconds.toFixed(0)} s)`);
  const rows = summaryRows(results);
  console.log(`Machine: ${machineLine(machine)}\n`);
  console.log(textTable(['benchmark', 'target', 'result', 'status'], rows));
  if (failures.length > 0) console.log(`\nFailed: ${failures.map((f) => f.benchmark).join(', ')}`);

  fs.mkdirSync(directory, { recursive: true });
  fs.writeFileSync(
    json,
    `${JSON.stringify(
      {
        machine,
        options,
        durationSeconds: Math.round(seconds),
        measuredAt,
        benchmarkSeconds: durations,
        summary: rows.map(([benchmark, target, result, status]) => ({
          benchmark,
          target,
          result,
          status,
        })),
        failures,
        results,
      },
      null,
      2,
    )}\n`,
  );
  const markdown = path.join(directory, 'latest.md');
  fs.writeFileSync(markdown, readmeMarkdown(machine, results, measuredAt));
  console.log(
    `\nWrote ${path.relative(process.cwd(), json)} and ${path.relative(process.cwd(), markdown)}.`,
  );
  if (rows.length > 0 && process.stdout.isTTY !== true) {
    console.log(`\n${markdownTable(['Benchmark', 'Target', 'Result', 'Status'], rows)}`);
  }
  return failures.length === 0 ? 0 : 1;
}

const interrupt = (code: number) => (): void => {
  // The benchmark processes get the signal too and clean up after themselves.
  stopping = true;
  console.error('\nInterrupted: waiting for the benchmark process to clean up.');
  const wait = setInterval(() => {
    if (running.size === 0) process.exit(code);
  }, 200);
  setTimeout(() => process.exit(code), 20_000).unref();
  wait.unref();
};
process.once('SIGINT', interrupt(130));
process.once('SIGTERM', interrupt(143));

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
