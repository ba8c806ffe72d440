import { Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../errors.js';

/** What an upload may hold (BATCH_MAX_* settings). */
export interface SpreadsheetLimits {
  readonly maxRows: number;
  readonly maxCellBytes: number;
  readonly maxFileBytes: number;
}

export type SpreadsheetFormat = 'csv' | 'xlsx';

/** Why a file was refused as a whole (details.reason of the error). */
export type FileProblem =
  | 'empty'
  | 'binary'
  | 'encoding'
  | 'ragged'
  | 'malformed'
  | 'cell_too_large'
  | 'too_many_rows'
  | 'file_too_large'
  | 'no_header';

function refused(
  code: 'INVALID_INPUT' | 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA',
  reason: FileProblem,
  message: string,
  details: Record<string, string | number> = {},
): AppError {
  return new AppError(code, message, { details: { field: 'file', reason, ...details } });
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** The format a file's name and first bytes say; a ZIP container is a workbook. */
export function detectFormat(fileName: string, bytes: Buffer): SpreadsheetFormat {
  if (/\.xlsx$/i.test(fileName)) return 'xlsx';
  if (/\.csv$|\.txt$|\.tsv$/i.test(fileName)) return 'csv';
  return bytes.subarray(0, 4).equals(ZIP_MAGIC) ? 'xlsx' : 'csv';
}

/**
 * Checks what can be told of a CSV file before parsing it: not empty, not binary (a NUL byte or
 * a ZIP, PDF or image signature in the first 8 KiB), valid UTF-8 (UTF-16 named as such).
 */
function checkCsvBytes(bytes: Buffer): void {
  if (
    bytes.length === 0 ||
    bytes
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim() === ''
  )
    throw refused(
      'INVALID_INPUT',
      'empty',
      'The file is empty: it needs a header row and at least one row.',
    );
  const head = bytes.subarray(0, 8192);
  if (head[0] === 0xff && head[1] === 0xfe) throw utf16();
  if (head[0] === 0xfe && head[1] === 0xff) throw utf16();
  if (
    head.includes(0) ||
    head.subarray(0, 4).equals(ZIP_MAGIC) ||
    head.subarray(0, 4).toString('latin1') === '%PDF'
  )
    throw refused(
      'UNSUPPORTED_MEDIA',
      'binary',
      head.subarray(0, 4).equals(ZIP_MAGIC)
        ? 'This file is a ZIP archive (perhaps an Excel workbook renamed .csv), not CSV text: upload the .xlsx as it is, or export it as CSV.'
        : 'This file is binary, not CSV text: export the spreadsheet as CSV (UTF-8) and upload that.',
    );
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw refused(
      'INVALID_INPUT',
      'encoding',
      `The file is not UTF-8 text (first bad byte on line ${firstBadUtf8Line(bytes)}): export it as "CSV UTF-8".`,
      { line: firstBadUtf8Line(bytes) },
    );
  }
}

function utf16(): AppError {
  return refused(
    'INVALID_INPUT',
    'encoding',
    'The file is UTF-16 text: export it as "CSV UTF-8" and upload that.',
  );
}

function firstBadUtf8Line(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let index = 0; index <= bytes.length; index += 1) {
    if (index === bytes.length || bytes[index] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, index));
      } catch {
        return line;
      }
      line += 1;
      start = index + 1;
    }
  }
  return line;
}

/** The delimiter of the header line: the most frequent of , ; tab | outside quotes. */
function detectDelimiter(firstLine: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
    ['|', 0],
  ]);
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const [delimiter, count] of counts)
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  return best;
}

function checkCell(value: string, row: number, column: number, limits: SpreadsheetLimits): void {
  if (value.length > limits.maxCellBytes / 4 && Buffer.byteLength(value) > limits.maxCellBytes)
    throw refused(
      'PAYLOAD_TOO_LARGE',
      'cell_too_large',
      `Row ${row}, column ${column + 1} holds more than ${limits.maxCellBytes} bytes (BATCH_MAX_CELL_BYTES).`,
      { row, column: column + 1 },
    );
}

function tooManyRows(limits: SpreadsheetLimits): AppError {
  return refused(
    'PAYLOAD_TOO_LARGE',
    'too_many_rows',
    `The file has more than ${limits.maxRows} rows (BATCH_MAX_ROWS): split it into several batches.`,
    { maxRows: limits.maxRows },
  );
}

/**
 * The rows of an uploaded spreadsheet, header first, as arrays of trimmed strings; streamed, so
 * memory holds one row at a time beyond the upload itself. Refuses the whole file with a precise
 * AppError (details.reason: {@link FileProblem}, with the row or line where it applies) for:
 * an empty file, a binary file, text that is not UTF-8, a row with more or fewer cells than the
 * header (CSV), an unterminated quote, a cell over `maxCellBytes`, more than `maxRows` rows, a
 * file over `maxFileBytes`. Row numbers count data rows from 1 (the header is row 0).
 *
 * CSV: the delimiter is the header line's most frequent of `, ; TAB |` (Excel's `sep=` first
 * line is honoured), a UTF-8 BOM is dropped, quotes and CRLF as RFC 4180 and Excel write them.
 * XLSX: the first worksheet; dates become YYYY-MM-DD, formulas their cached result.
 */
export async function* readSpreadsheet(
  bytes: Buffer,
  format: SpreadsheetFormat,
  limits: SpreadsheetLimits,
): AsyncGenerator<string[]> {
  if (bytes.length > limits.maxFileBytes)
    throw refused(
      'PAYLOAD_TOO_LARGE',
      'file_too_large',
      `The file is larger than ${Math.floor(limits.maxFileBytes / 1_048_576)} MiB (BATCH_MAX_FILE_MB).`,
    );
  if (format === 'csv') yield* readCsv(bytes, limits);
  else yield* readXlsx(bytes, limits);
}

async function* readCsv(bytes: Buffer, limits: SpreadsheetLimits): AsyncGenerator<string[]> {
  checkCsvBytes(bytes);
  let text = bytes;
  if (text[0] === 0xef && text[1] === 0xbb && text[2] === 0xbf) text = text.subarray(3);
  const firstLineEnd = text.indexOf(0x0a);
  let firstLine = text
    .subarray(0, firstLineEnd === -1 ? text.length : firstLineEnd)
    .toString('utf8');
  let delimiter: string;
  const sep = /^"?sep=(.)"?\r?$/i.exec(firstLine);
  if (sep?.[1] !== undefined) {
    delimiter = sep[1];
    text = text.subarray(firstLineEnd + 1);
    const next = text.indexOf(0x0a);
    firstLine = text.subarray(0, next === -1 ? text.length : next).toString('utf8');
  } else delimiter = detectDelimiter(firstLine);
  const parser = Readable.from([text]).pipe(
    parse({
      delimiter,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: false,
      max_record_size: limits.maxCellBytes * 64,
    }),
  );
  let row = -1;
  let width = headerWidth(firstLine, delimiter);
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      if (row === 0) width = record.length;
      if (row > limits.maxRows) throw tooManyRows(limits);
      for (const [column, value] of record.entries()) checkCell(value, row, column, limits);
      yield record;
    }
  } catch (error) {
    parser.destroy();
    if (error instanceof CsvError)
      throw csvProblem(
        error,
        // csv-parse runs ahead of this loop: its own count of records (header included) says
        // which data row failed.
        typeof error.records === 'number' ? error.records : row + 1,
        width,
        limits,
      );
    throw error;
  }
  if (row < 0)
    throw refused(
      'INVALID_INPUT',
      'empty',
      'The file is empty: it needs a header row and at least one row.',
    );
}

/** Cells in the header line (for the message about a ragged row); 0 if it cannot be told. */
function headerWidth(line: string, delimiter: string): number {
  try {
    const records: string[][] = parseSync(line.replace(/\r$/, ''), {
      delimiter,
      relax_quotes: true,
    });
    const record = records[0];
    return record?.length ?? 0;
  } catch {
    return 0;
  }
}

function csvProblem(
  error: CsvError,
  row: number,
  expected: number,
  limits: SpreadsheetLimits,
): AppError {
  const line = typeof error.lines === 'number' ? error.lines : undefined;
  const at: Record<string, number> = line === undefined ? {} : { line };
  const width = expected;
  if (
    error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' ||
    error.code === 'CSV_RECORD_INCONSISTENT_COLUMNS'
  ) {
    const record = Array.isArray(error.record) ? error.record.length : undefined;
    return refused(
      'INVALID_INPUT',
      'ragged',
      `Row ${row} has ${record ?? 'a different number of'} cells but the header has ${width}: every row needs one cell per column${line === undefined ? '' : ` (line ${line})`}.`,
      { row, ...at },
    );
  }
  if (error.code === 'CSV_MAX_RECORD_SIZE')
    return refused(
      'PAYLOAD_TOO_LARGE',
      'cell_too_large',
      `Row ${row} holds more than ${limits.maxCellBytes} bytes in a cell (BATCH_MAX_CELL_BYTES).`,
      { row, ...at },
    );
  return refused(
    'INVALID_INPUT',
    'malformed',
    `The file is not valid CSV${line === undefined ? '' : ` at line ${line}`}: ${error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted cell is never closed' : 'a quote is misplaced'}.`,
    { row, ...at },
  );
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('formula' in value || 'sharedFormula' in value)
      return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return '';
    return '';
  }
  return String(value).trim();
}

async function* readXlsx(bytes: Buffer, limits: SpreadsheetLimits): AsyncGenerator<string[]> {
  if (bytes.length === 0)
    throw refused(
      'INVALID_INPUT',
      'empty',
      'The file is empty: it needs a header row and at least one row.',
    );
  if (!bytes.subarray(0, 4).equals(ZIP_MAGIC))
    throw refused(
      'UNSUPPORTED_MEDIA',
      'binary',
      'This file is not an Excel workbook (.xlsx): save it as .xlsx or export it as CSV (UTF-8).',
    );
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let width = 0;
  let row = -1;
  try {
    for await (const worksheet of reader) {
      for await (const sheetRow of worksheet) {
        const values = (sheetRow.values as ExcelJS.CellValue[]).slice(1).map(cellText);
        if (values.every((value) => value === '')) continue;
        row += 1;
        if (row > limits.maxRows) throw tooManyRows(limits);
        if (row === 0) width = values.length;
        while (values.length < width) values.push('');
        for (const [column, value] of values.entries()) checkCell(value, row, column, limits);
        yield values;
      }
      break;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw refused(
      'UNSUPPORTED_MEDIA',
      'binary',
      'This workbook could not be read (damaged, or not an .xlsx): save it again as .xlsx or export it as CSV (UTF-8).',
    );
  }
  if (row < 0)
    throw refused(
      'INVALID_INPUT',
      'empty',
      'The workbook is empty: it needs a header row and at least one row.',
    );
}
