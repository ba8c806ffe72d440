/**
 * Issue 12's validation target: rows of an uploaded CSV parsed (csv-parse, streamed), mapped,
 * checked with the API's rules and keyed (HMAC) per second — target ≥ 50,000/s — and the peak
 * resident memory while doing it for a 100,000-row file (target ≤ 300 MB). The database part of
 * validation (one lookup of earlier keys per 500 rows) is left out; the issuance and delivery
 * end to end are measured by the batch tests at small scale (not yet a benchmark).
 *
 *   npm run bench -- --only batch-validate          (100,000 rows; 20,000 with --quick)
 *   node --import tsx bench/batch-validate.bench.ts [rows]
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { isRowProblem, mapRow, resolveMapping } from '../src/batches/map-row.js';
import { readSpreadsheet } from '../src/batches/read-spreadsheet.js';
import { rowKeyer } from '../src/batches/row-key.js';

export interface BatchValidateResult {
  readonly rows: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  readonly peakRssMb: number;
  /** Resident memory before the file was read (modules loaded, the CSV built): what the run adds is the difference. */
  readonly startRssMb?: number;
}

/** Issue 12's targets. */
export const BATCH_VALIDATE_TARGET_ROWS_PER_SECOND = 50_000;
export const BATCH_VALIDATE_TARGET_PEAK_MB = 300;

/** One line for the console. */
export function describeBatchValidate(result: BatchValidateResult): string {
  return `${result.rows} rows validated in ${result.seconds.toFixed(2)} s: ${result.rowsPerSecond} rows/s (target ≥ ${BATCH_VALIDATE_TARGET_ROWS_PER_SECOND}/s); peak RSS ${result.peakRssMb} MB (target ≤ ${BATCH_VALIDATE_TARGET_PEAK_MB} MB; ${result.startRssMb ?? '?'} MB before reading the file)`;
}

function csvOf(rows: number): Buffer {
  const lines = ['student_id,name,email,grade,expires'];
  for (let i = 1; i <= rows; i += 1)
    lines.push(`S${i},Graduate Number ${i},graduate.${i}@example.org,Magna cum laude,2031-06-30`);
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

export async function runBatchValidateBenchmark(rows = 100_000): Promise<BatchValidateResult> {
  const bytes = csvOf(rows);
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const keyOf = rowKeyer(randomBytes(32), 1);
  const now = new Date();
  const started = performance.now();
  let headers: string[] = [];
  let mapping = {};
  let row = 0;
  let valid = 0;
  const seen = new Set<string>();
  for await (const cells of readSpreadsheet(bytes, 'csv', {
    maxRows: rows,
    maxCellBytes: 4096,
    maxFileBytes: 1 << 30,
  })) {
    if (headers.length === 0) {
      headers = cells;
      mapping = resolveMapping(headers, {}, undefined);
      continue;
    }
    row += 1;
    const mapped = mapRow(
      row,
      headers,
      cells,
      mapping,
      {
        template: 'certificate',
        title: 'Bachelor of Arts',
        designed: undefined,
      },
      now,
    );
    if (isRowProblem(mapped)) continue;
    const key = keyOf(mapped);
    if (!seen.has(key)) {
      seen.add(key);
      valid += 1;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  if (valid !== rows) throw new Error(`only ${valid} of ${rows} rows were valid`);
  return {
    rows,
    seconds,
    rowsPerSecond: Math.round(rows / seconds),
    peakRssMb: Math.round(peak / 1_048_576),
    startRssMb: Math.round(startRss / 1_048_576),
  };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const rows = Number(process.argv[2] ?? 100_000);
  const result = await runBatchValidateBenchmark(rows);
  console.log(describeBatchValidate(result));
}
