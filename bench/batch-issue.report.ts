/**
 * The batch issuance benchmark's result types, targets and console line (bench/batch-issue.bench.ts),
 * kept apart so that the orchestrator and the report read them without loading the server.
 */
import type { BenchDialect } from './bench-platform.js';
import type { Summary } from './stats.js';

/** Issue 12's targets. */
export const BATCH_ISSUE_TARGET_SECONDS = 30;
export const BATCH_ISSUE_TARGET_ACTIVATION_P99_MS = 1_000;
export const BATCH_ISSUE_TARGET_HEALTH_P99_MS = 100;

export interface BatchIssueRun {
  readonly database: BenchDialect;
  readonly rows: number;
  /** Upload (validation included) to the 201, s. */
  readonly uploadSeconds: number;
  /** Confirmation sent to the last of the batch's messages accepted by the SMTP server, s. */
  readonly issueSeconds: number;
  /** Upload sent to the last message accepted: what the target is about, s. */
  readonly totalSeconds: number;
  readonly documentsPerSecond: number;
  /** Messages the SMTP server accepted for the batch (one per row expected). */
  readonly messages: number;
  readonly activationMs: Summary;
  readonly healthMs: Summary;
  /** CPU time of the server process during the batch (upload to last message), ms. */
  readonly serverCpuMs: number;
  /** Peak resident memory of the server process (VmHWM), MB. */
  readonly serverPeakRssMb: number;
  /** 1-, 5- and 15-minute load averages before and after the run (`uptime`). */
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
  readonly meetsTarget: boolean;
}

export interface BatchIssueResult {
  readonly runs: BatchIssueRun[];
  readonly machine: { readonly cpus: string; readonly cores: number; readonly memoryGiB: number };
  /** Why a database was left out (PostgreSQL not reachable). */
  readonly skipped: string[];
}

/** One line per run for the console. */
export function describeBatchIssue(result: BatchIssueResult): string {
  const lines = result.runs.map(
    (run) =>
      `${run.database}: ${run.rows} rows uploaded in ${run.uploadSeconds.toFixed(1)} s, issued and handed to SMTP in ` +
      `${run.issueSeconds.toFixed(1)} s more: ${run.totalSeconds.toFixed(1)} s in all (target ≤ ${BATCH_ISSUE_TARGET_SECONDS} s), ` +
      `${run.documentsPerSecond} documents/s; meanwhile activation p50 ${run.activationMs.p50.toFixed(0)} / p99 ` +
      `${run.activationMs.p99.toFixed(0)} ms (${run.activationMs.count}), /api/health p50 ${run.healthMs.p50.toFixed(1)} / p99 ` +
      `${run.healthMs.p99.toFixed(1)} ms (${run.healthMs.count}); server CPU ${(run.serverCpuMs / 1000).toFixed(1)} s, ` +
      `peak RSS ${run.serverPeakRssMb} MB; load ${run.loadBefore.join(' ')} → ${run.loadAfter.join(' ')}` +
      `${run.meetsTarget ? '' : ' — TARGET MISSED'}`,
  );
  lines.push(
    `machine: ${result.machine.cpus} × ${result.machine.cores}, ${result.machine.memoryGiB} GiB`,
  );
  for (const reason of result.skipped) lines.push(`skipped: ${reason}`);
  return lines.join('\n');
}
