/**
 * Runs one benchmark in its own process for bench/run.ts, which isolates them from each other
 * (heap, JIT, a deadlock) and retries one that had to be killed.
 *
 * Usage: node --import tsx bench/benchmark.child.ts <issue|activation|verify|tree|render|documents|console|overload|statuslist|audit|template-preview|verify-browser|batch-validate> <quick 0|1> <out.json>
 * Progress goes to stdout; the result is written to <out.json>.
 */
import fs from 'node:fs';
import { runActivationBenchmark } from './activation-latency.bench.js';
import { runAuditBenchmark } from './audit-chain.bench.js';
import { describeBatchValidate, runBatchValidateBenchmark } from './batch-validate.bench.js';
import { cleanUpOnSignals, probePostgres } from './bench-platform.js';
import { runConsoleLoadBenchmark } from './console-load.bench.js';
import { runDocumentsListBenchmark } from './documents-list.bench.js';
import { runIssueBenchmark } from './issue-documents.bench.js';
import { runTreeBenchmark } from './merkle-tree.bench.js';
import { runOverloadBenchmark } from './overload.bench.js';
import { renderTemplateLine, runRenderTemplateBenchmark } from './render-template.bench.js';
import { runStatusListBenchmark } from './status-list.bench.js';
import { runTemplatePreviewBenchmark } from './template-preview.bench.js';
import { runVerifyBrowserBenchmark } from './verify-browser.bench.js';
import { runVerifyBenchmark } from './verify-http.bench.js';
import { startWatchdog } from './watchdog.js';

const [name, quickArg, out] = process.argv.slice(2);
if (out === undefined) throw new Error('usage: benchmark.child.ts <name> <quick 0|1> <out.json>');
const quick = quickArg === '1';
const log = (line: string): void => console.log(line);

cleanUpOnSignals();
startWatchdog(`${name} benchmark`);

let result: unknown;
if (name === 'issue') {
  result = await runIssueBenchmark({ quick, log });
} else if (name === 'activation') {
  const postgres = (await probePostgres()).available;
  result = await runActivationBenchmark({ quick, postgres, log });
} else if (name === 'verify') {
  result = await runVerifyBenchmark({ quick, log });
} else if (name === 'tree') {
  result = await runTreeBenchmark({ quick, log });
} else if (name === 'render') {
  const runs = await runRenderTemplateBenchmark(quick ? 50 : 300);
  for (const run of runs) log(renderTemplateLine(run));
  result = { runs };
} else if (name === 'documents') {
  result = await runDocumentsListBenchmark({ quick, log });
} else if (name === 'console') {
  result = await runConsoleLoadBenchmark({ quick, log });
} else if (name === 'overload') {
  result = await runOverloadBenchmark({ quick, log });
} else if (name === 'audit') {
  result = await runAuditBenchmark({ quick, log });
} else if (name === 'statuslist') {
  result = await runStatusListBenchmark({ quick, log });
} else if (name === 'template-preview') {
  result = await runTemplatePreviewBenchmark({ quick, log });
} else if (name === 'batch-validate') {
  const run = await runBatchValidateBenchmark(quick ? 20_000 : 100_000);
  log(describeBatchValidate(run));
  result = run;
} else if (name === 'verify-browser') {
  result = await runVerifyBrowserBenchmark({ quick, log });
} else {
  throw new Error(`unknown benchmark ${name}`);
}
fs.writeFileSync(out, JSON.stringify(result));
