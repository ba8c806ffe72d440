import fs from 'node:fs';
import path from 'node:path';
import type { BatchSummary, LeftOverReason, LeftOverRows } from '../batches/batch.js';
import type { CommandIo } from './command.js';
import { readAll, UsageError } from './command.js';
import { ApiError, apiClient, UnreachableError } from './api-client.js';
import { EXIT } from './exit-codes.js';
import { progressBar } from './progress-bar.js';
import { readHiddenLine } from './prompt.js';

export interface CsvIssueOptions {
  readonly file: string;
  readonly template: string;
  readonly validOnly: boolean;
  readonly title: string | undefined;
  readonly login: string | undefined;
  readonly code: string | undefined;
  readonly passwordStdin: boolean;
  readonly json: boolean;
}

interface BatchDetail extends BatchSummary {
  readonly problems: readonly { row: number; column: string; code: string; message: string }[];
  readonly problemCount: number;
}

interface ProgressEvent extends BatchSummary {
  readonly rate: number;
  readonly etaSeconds: number | null;
}

interface DocumentItem {
  readonly row: number;
  readonly documentId: string;
  readonly delivery: string;
  readonly deliveryError: string | null;
}

export const API_KEY_CANNOT_UNLOCK =
  'certa issue --csv needs an issuer member’s account, not an API key: a batch opens only with the organisation key, which a password unlocks. Set CERTA_EMAIL (or --login) to your account’s e-mail address and give the password on a terminal, in CERTA_PASSWORD, or on standard input.';

/** The password: CERTA_PASSWORD, else standard input (piped or --password-stdin), else asked for. */
async function readPassword(io: CommandIo, fromStdin: boolean): Promise<string> {
  const fromEnv = io.env.CERTA_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (fromStdin || !(io.stdin as NodeJS.ReadStream).isTTY)
    return (await readAll(io.stdin)).replace(/\r?\n$/, '');
  return readHiddenLine(io, 'Password: ');
}

/** Multipart upload of the file; errors as the JSON client gives them. */
async function uploadFile(
  baseUrl: string,
  token: string,
  organisationId: string,
  file: { name: string; bytes: Buffer },
  query: URLSearchParams,
): Promise<BatchDetail> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file.bytes)]), file.name);
  let response: Response;
  try {
    response = await fetch(
      `${baseUrl}/api/organisations/${organisationId}/batches?${query.toString()}`,
      {
        method: 'POST',
        headers: { accept: 'application/json', authorization: `Bearer ${token}` },
        body: form,
      },
    );
  } catch {
    throw new UnreachableError(baseUrl);
  }
  const parsed = (await response.json().catch(() => null)) as
    (BatchDetail & { error?: { code?: string; message?: string } }) | null;
  if (!response.ok)
    throw new ApiError(
      response.status,
      parsed?.error?.code ?? 'HTTP_ERROR',
      parsed?.error?.message ?? `HTTP ${response.status}`,
    );
  if (parsed === null) throw new ApiError(response.status, 'INVALID_RESPONSE', 'No JSON answer.');
  return parsed;
}

/** Follows the batch's Server-Sent Events until the server ends the stream; the last event. */
async function followProgress(
  baseUrl: string,
  token: string,
  batchPath: string,
  onEvent: (event: ProgressEvent) => void,
): Promise<ProgressEvent | null> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${batchPath}/events`, {
      headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
    });
  } catch {
    throw new UnreachableError(baseUrl);
  }
  if (!response.ok || response.body === null)
    throw new ApiError(
      response.status,
      'HTTP_ERROR',
      `The progress stream failed (HTTP ${response.status}).`,
    );
  let last: ProgressEvent | null = null;
  let buffer = '';
  const decoder = new TextDecoder();
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim())
        .join('\n');
      if (data !== '') {
        last = JSON.parse(data) as ProgressEvent;
        onEvent(last);
      }
      end = buffer.indexOf('\n\n');
    }
  }
  return last;
}

function validationSummary(batch: BatchDetail, reportUrl: string): string[] {
  const lines = [
    `Batch ${batch.id}: ${batch.counts.total} rows, ${batch.counts.valid} valid, ${batch.counts.invalid} invalid, ${batch.counts.alreadyIssued} already issued.`,
  ];
  for (const problem of batch.problems.slice(0, 10))
    lines.push(`  row ${problem.row}, ${problem.column}: ${problem.message}`);
  if (batch.problemCount > 10) lines.push(`  … and ${batch.problemCount - 10} more problems.`);
  if (batch.problemCount > 0) lines.push(`The full report: ${reportUrl}`);
  return lines;
}

const LEFT_OVER: Record<Exclude<LeftOverReason, 'invalid_rows_skipped'>, string> = {
  upload_erased: 'a document of the batch was erased, and its uploaded file with it',
  upload_missing: 'the uploaded file was no longer stored when the batch ran',
  skipped_at_run:
    'another batch issued them meanwhile, or they no longer passed the checks (a date now past)',
  cancelled: 'the batch was cancelled',
};

/**
 * The summary's lines for valid rows a batch left unissued, each with its reason, then what to
 * do; none when every valid row was issued. Invalid rows left out by --valid-only are already in
 * the summary's counts.
 */
export function leftOverLines(leftOver: readonly LeftOverRows[]): string[] {
  const lines: string[] = [];
  for (const each of leftOver)
    if (each.reason !== 'invalid_rows_skipped')
      lines.push(
        `  ${each.rows === 1 ? '1 row' : `${each.rows} rows`} not issued: ${LEFT_OVER[each.reason]}.`,
      );
  if (lines.length > 0)
    lines.push(
      'Run again with the same file to issue the rest: rows already issued are recognised and skipped.',
    );
  return lines;
}

/**
 * `certa issue --csv`: logs in as an issuer member (an API key cannot unlock the organisation
 * key a batch needs), unlocks, uploads the file, prints the validation, confirms, follows the
 * progress and prints the outcome (with why valid rows were left unissued, if any: exit 1). The session is ended at the end, whatever happened.
 */
export async function issueCsv(
  baseUrl: string,
  options: CsvIssueOptions,
  io: CommandIo,
): Promise<number> {
  const login = options.login ?? io.env.CERTA_EMAIL;
  if (login === undefined || login.trim() === '') throw new UsageError(API_KEY_CANNOT_UNLOCK);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(options.file);
  } catch {
    throw new UsageError(`Cannot read the file "${options.file}".`);
  }
  const password = await readPassword(io, options.passwordStdin);
  const anonymous = apiClient(baseUrl, undefined);
  const session = await anonymous.request<{ token: string }>('POST', '/api/sessions', {
    email: login.trim(),
    password,
    ...(options.code === undefined ? {} : { code: options.code }),
  });
  const client = apiClient(baseUrl, session.token);
  try {
    const me = await client.request<{ organisations: Array<{ id: string; name: string }> }>(
      'GET',
      '/api/me',
    );
    const organisation = me.organisations[0];
    if (organisation === undefined)
      throw new UsageError('This account is a member of no organisation.');
    await client.request('POST', '/api/sessions/current/unlock', {
      organisationId: organisation.id,
      password,
    });
    const query = new URLSearchParams({ template: options.template });
    if (options.title !== undefined) query.set('title', options.title);
    const batch = await uploadFile(
      baseUrl,
      session.token,
      organisation.id,
      { name: path.basename(options.file), bytes },
      query,
    );
    const batchPath = `/api/organisations/${organisation.id}/batches/${batch.id}`;
    for (const line of validationSummary(batch, `${baseUrl}${batchPath}/report.csv`)) io.out(line);
    if (batch.counts.invalid > 0 && !options.validOnly) {
      io.err(
        `Nothing was issued: ${batch.counts.invalid === 1 ? '1 row is' : `${batch.counts.invalid} rows are`} invalid; correct the file and run again, or add --valid-only to issue the ${batch.counts.valid} valid rows.\n`,
      );
      return EXIT.REFUSED;
    }
    if (batch.counts.valid === 0) {
      io.out('Nothing to issue: no row is valid and new.');
      return EXIT.OK;
    }
    await client.request('POST', `${batchPath}/confirm`, {
      mode: options.validOnly ? 'valid_only' : 'all',
    });
    const bar = progressBar((text) => io.err(text), {
      tty: (process.stderr as NodeJS.WriteStream).isTTY,
    });
    const last = await followProgress(baseUrl, session.token, batchPath, (event) =>
      bar.update({
        done: event.counts.sent + event.counts.rejected,
        total: event.counts.valid,
        rate: event.rate,
        etaSeconds: event.etaSeconds,
      }),
    );
    bar.finish();
    const final = await client.request<BatchSummary>('GET', batchPath);
    const failed = await client.request<{ items: DocumentItem[] }>(
      'GET',
      `${batchPath}/documents?delivery=rejected,bounced,deferred,awaiting`,
    );
    if (options.json) {
      io.out(JSON.stringify({ batch: final, failed: failed.items }, null, 2));
    } else {
      const c = final.counts;
      const undelivered = c.awaiting + c.deferred + c.rejected + c.bounced;
      io.out(
        `Issued ${c.issued} documents (${c.sent} e-mailed), ${c.alreadyIssued} already issued, ${c.invalid} invalid rows not issued, ${undelivered} not delivered; the batch is ${final.state}.`,
      );
      for (const line of leftOverLines(final.leftOver)) io.out(line);
      for (const item of failed.items)
        io.out(
          `  row ${item.row} (document ${item.documentId}): ${item.delivery}${item.deliveryError === null ? '' : ` (SMTP ${item.deliveryError})`}`,
        );
      if (undelivered > failed.items.length)
        io.out(
          `  … the others: GET ${batchPath}/documents?delivery=rejected,bounced,deferred,awaiting`,
        );
    }
    if (last === null && final.state === 'running')
      io.err('The progress stream ended early; the batch goes on in the server.\n');
    return final.state === 'finished' &&
      final.counts.sent === final.counts.issued &&
      leftOverLines(final.leftOver).length === 0
      ? EXIT.OK
      : EXIT.FAILED;
  } finally {
    await client.request('DELETE', '/api/sessions/current').catch(() => undefined);
  }
}
