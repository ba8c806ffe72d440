/**
 * Runs one benchmark in its own process for bench/run.ts, which isolates them from each other
 * (heap, JIT, a deadlock) and retries one that had to be killed.
 *
 * Usage: node --import tsx bench/benchmark.child.ts <issue|activation|verify|tree|render|documents|console|overload|statuslist|audit|template-preview|verify-browser|batch-validate|batch-issue> <quick 0|1> <out.json>
 * Progress goes to stdout; the result is written to <out.json>. Each benchmark's module is
 * imported only when it runs, so one benchmark's memory figures do not carry the others' modules.
 */
import fs from 'node:fs';
import { startWatchdog } from './watchdog.js';

const [name, quickArg, out] = process.argv.slice(2);
if (out === undefined) throw new Error('usage: benchmark.child.ts <name> <quick 0|1> <out.json>');
const quick = quickArg === '1';
const log = (line: string): void => console.log(line);

// The platform helpers load the whole server; the validation benchmark starts none and measures memory.
if (name !== 'batch-validate') (await import('./bench-platform.js')).cleanUpOnSignals();
startWatchdog(`${name} benchmark`);

let result: unknown;
if (name === 'issue') {
  result = await (await import('./issue-documents.bench.js')).runIssueBenchmark({ quick, log });
} else if (name === 'activation') {
  const postgres = (await (await import('./bench-platform.js')).probePostgres()).available;
  result = await (
    await import('./activation-latency.bench.js')
  ).runActivationBenchmark({ quick, postgres, log });
} else if (name === 'verify') {
  result = await (await import('./verify-http.bench.js')).runVerifyBenchmark({ quick, log });
} else if (name === 'tree') {
  result = await (await import('./merkle-tree.bench.js')).runTreeBenchmark({ quick, log });
} else if (name === 'render') {
  const { renderTemplateLine, runRenderTemplateBenchmark } =
    await import('./render-template.bench.js');
  const runs = await runRenderTemplateBenchmark(quick ? 50 : 300);
  for (const run of runs) log(renderTemplateLine(run));
  result = { runs };
} else if (name === 'documents') {
  result = await (
    await import('./documents-list.bench.js')
  ).runDocumentsListBenchmark({ quick, log });
} else if (name === 'console') {
  result = await (await import('./console-load.bench.js')).runConsoleLoadBenchmark({ quick, log });
} else if (name === 'overload') {
  result = await (await import('./overload.bench.js')).runOverloadBenchmark({ quick, log });
} else if (name === 'audit') {
  result = await (await import('./audit-chain.bench.js')).runAuditBenchmark({ quick, log });
} else if (name === 'statuslist') {
  result = await (await import('./status-list.bench.js')).runStatusListBenchmark({ quick, log });
} else if (name === 'template-preview') {
  result = await (
    await import('./template-preview.bench.js')
  ).runTemplatePreviewBenchmark({ quick, log });
} else if (name === 'batch-validate') {
  const { describeBatchValidate, runBatchValidateBenchmark } =
    await import('./batch-validate.bench.js');
  const run = await runBatchValidateBenchmark(quick ? 20_000 : 100_000);
  log(describeBatchValidate(run));
  result = run;
} else if (name === 'batch-issue') {
  result = await (await import('./batch-issue.bench.js')).runBatchIssueBenchmark({ quick, log });
} else if (name === 'verify-browser') {
  result = await (
    await import('./verify-browser.bench.js')
  ).runVerifyBrowserBenchmark({ quick, log });
} else {
  throw new Error(`unknown benchmark ${name}`);
}
fs.writeFileSync(out, JSON.stringify(result));
