import fs from 'node:fs/promises';
import { createHeaderSource, describeHeaderSource } from '../anchoring/header-sources.js';
import { DEFAULT_HEADER_SOURCE, parseHeaderSource } from '../config.js';
import { sha256Hex } from '../crypto/digest.js';
import type { Check, VerificationReport } from '../verification/verification-report.js';
import { looksLikePdf } from '../verification/verify-document.js';
import {
  DetachedTimestampFile,
  verifyTimestamp,
  type BlockHeaderSource,
} from '../../verifier/index.js';
import type { Command, CommandIo } from './command.js';
import { parseOptions, UsageError } from './command.js';
import { apiClient, fetchBytes, serverUrl, UnreachableError } from './api-client.js';
import { EXIT } from './exit-codes.js';
import { readOtsFile } from './ots.js';
import { checkEmbeddedRecord } from '../verification/embedded-record-check.js';
import { checkPdfSignature } from '../verification/signature-check.js';

const SYMBOL: Record<string, string> = { passed: '✔', failed: '✘', pending: '…', unknown: '?' };

function checkLine(check: Check): string {
  return `${SYMBOL[check.status] ?? '?'} ${check.id.padEnd(9)} ${check.message}`;
}

/** The report as a person reads it: one line per check, then the verdict. */
export function formatReport(report: VerificationReport, valid = report.valid): string {
  const lines = report.checks.map(checkLine);
  const subject =
    report.document === null
      ? `SHA-256 ${report.sha256}`
      : `“${report.document.title}” (${report.document.id})`;
  lines.push('', `${valid ? 'VALID' : 'NOT VALID'}: ${subject}`);
  if (report.issuer !== null)
    lines.push(
      `Issuer: ${report.issuer.name}${report.issuer.verified ? ' (verified)' : ' (not verified)'}`,
    );
  return lines.join('\n');
}

async function readPdf(file: string): Promise<Buffer> {
  let content: Buffer;
  try {
    content = await fs.readFile(file);
  } catch {
    throw new UsageError(`Cannot read "${file}".`);
  }
  if (!looksLikePdf(content)) throw new UsageError(`"${file}" is not a PDF.`);
  return content;
}

/** Where the proof for the time check comes from. */
type ProofSource =
  | { kind: 'proof'; proof: DetachedTimestampFile }
  | { kind: 'unreadable'; problem: string }
  | { kind: 'none'; reason: string };

/** The time check done here, from a proof and headers this machine chose — not the platform's word. */
async function checkTimeLocally(
  digest: Buffer,
  source: ProofSource,
  headers: BlockHeaderSource,
  headersLabel: string,
): Promise<{ check: Check; bitcoin: { height: number; time: string } | null }> {
  const time = (status: Check['status'], code: string, message: string): Check => ({
    id: 'time',
    status,
    code,
    message,
  });
  if (source.kind === 'none')
    return { check: time('pending', 'no_proof', source.reason), bitcoin: null };
  if (source.kind === 'unreadable')
    return { check: time('failed', 'proof_unreadable', `${source.problem}.`), bitcoin: null };
  const result = await verifyTimestamp(source.proof, digest, headers);
  switch (result.status) {
    case 'verified': {
      const at = result.date.toISOString();
      return {
        check: time(
          'passed',
          'anchored_in_bitcoin',
          `Existed by ${at}: anchored in Bitcoin block ${result.height}, checked here against ${headersLabel}.`,
        ),
        bitcoin: { height: result.height, time: at },
      };
    }
    case 'pending':
      return {
        check: time('pending', 'anchor_pending', `Not anchored in Bitcoin yet: ${result.reason}.`),
        bitcoin: null,
      };
    case 'unknown':
      return {
        check: time(
          'unknown',
          'bitcoin_unavailable',
          `Could not check the proof against ${headersLabel}: ${result.reason}.`,
        ),
        bitcoin: null,
      };
    case 'failed':
      return {
        check: time('failed', 'proof_invalid', `The proof does not verify: ${result.reason}.`),
        bitcoin: null,
      };
  }
}

/** The platform's proof of the document's PDF, if it has one yet. */
async function platformProof(baseUrl: string, documentId: string): Promise<ProofSource> {
  const download = await fetchBytes(
    baseUrl,
    `/api/documents/${encodeURIComponent(documentId)}/proof.ots`,
  );
  if (download.status === 409)
    return { kind: 'none', reason: 'No proof yet: the digest waits in the anchoring queue.' };
  if (download.status !== 200)
    return { kind: 'none', reason: `The platform has no proof (HTTP ${download.status}).` };
  try {
    return { kind: 'proof', proof: DetachedTimestampFile.deserialize(download.body) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { kind: 'unreadable', problem: `The platform's proof cannot be read (${reason})` };
  }
}

function headerSourceOf(option: string | undefined, io: CommandIo) {
  const raw = option ?? io.env.BITCOIN_HEADER_SOURCE ?? DEFAULT_HEADER_SOURCE;
  const parsed = parseHeaderSource(raw);
  if ('problem' in parsed) {
    const name = option === undefined ? 'BITCOIN_HEADER_SOURCE' : '--header-source';
    throw new UsageError(`${name} ${parsed.problem}, e.g. ${DEFAULT_HEADER_SOURCE}.`);
  }
  return { headers: createHeaderSource(parsed), label: describeHeaderSource(parsed) };
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Verify a document (a PDF file or its SHA-256) against the platform and Bitcoin',
  usage: `certa verify <file.pdf> [--ots <file.pdf.ots>] [--header-source <source>] [--json] [--url <server>]
certa verify --sha256 <hex> [--ots <file.ots>] [--header-source <source>] [--json] [--url <server>]

Computes the PDF's SHA-256 locally and sends only the digest: the file never leaves this
machine. Prints each check (integrity, issuer, validity, time, record, signature). The record
check reads the signed record embedded in the PDF and checks its signature on this machine; so
does the signature check for the PDF's PAdES signature (a broken one makes it not valid).

The time check is done on this machine, not by the platform: the OpenTimestamps proof — the
platform's <id>.pdf.ots, or the file given with --ots (then the platform is not asked for it) —
is checked against Bitcoin block headers from --header-source: esplora:<url> (an Esplora API)
or rpc:<url> (your Bitcoin Core node, credentials in the URL); default BITCOIN_HEADER_SOURCE,
else ${DEFAULT_HEADER_SOURCE}. A pending or unverifiable timestamp does not make a document
invalid; a proof that does not match it does.

Exit code 0 only when the document is valid; 1 when it is not (or its proof fails); 2 for usage
mistakes; 3 when the server is unreachable.`,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      {
        json: { type: 'boolean' },
        url: { type: 'string' },
        sha256: { type: 'string' },
        ots: { type: 'string' },
        'header-source': { type: 'string' },
      },
      true,
    );
    if (values.help === true) {
      io.out(this.usage);
      return EXIT.OK;
    }
    if ((positionals.length === 1) === (values.sha256 !== undefined) || positionals.length > 1) {
      throw new UsageError('verify needs one PDF file, or --sha256 <hex>, not both.');
    }
    const [file] = positionals;
    const pdf = file === undefined ? null : await readPdf(file);
    const sha256 = pdf === null ? (values.sha256 ?? '') : sha256Hex(pdf);
    const { headers, label } = headerSourceOf(values['header-source'], io);
    let given: ProofSource | null = null;
    if (values.ots !== undefined) {
      const read = await readOtsFile(values.ots);
      given =
        'proof' in read ? { kind: 'proof', proof: read.proof } : { kind: 'unreadable', ...read };
    }
    const baseUrl = serverUrl(values.url, io.env);
    let report: VerificationReport;
    try {
      report = await apiClient(baseUrl, undefined).request<VerificationReport>(
        'POST',
        '/api/verify',
        { sha256 },
      );
    } catch (error) {
      // Offline with --ots: the time check needs no platform, so it is still shown.
      if (error instanceof UnreachableError && given !== null && /^[0-9a-f]{64}$/.test(sha256)) {
        const local = await checkTimeLocally(Buffer.from(sha256, 'hex'), given, headers, label);
        io.out(checkLine(local.check));
      }
      throw error;
    }
    let timeFailed = false;
    if (given !== null || report.document !== null) {
      const source = given ?? (await platformProof(baseUrl, report.document?.id ?? ''));
      const local = await checkTimeLocally(
        Buffer.from(report.sha256, 'hex'),
        source,
        headers,
        label,
      );
      timeFailed = local.check.status === 'failed';
      report = {
        ...report,
        checks: report.checks.map((check) => (check.id === 'time' ? local.check : check)),
        ...(report.anchor === null
          ? {}
          : {
              anchor: {
                ...report.anchor,
                bitcoinHeight: local.bitcoin?.height ?? null,
                bitcoinTime: local.bitcoin?.time ?? null,
              },
            }),
      };
    }
    let recordFailed = false;
    if (pdf !== null) {
      const local = await checkEmbeddedRecord({
        pdf,
        row: report.document === null ? undefined : { publicId: report.document.id },
        platformCertificates: null,
      });
      recordFailed = local.check.status === 'failed';
      report = {
        ...report,
        checks: [...report.checks.filter((check) => check.id !== 'record'), local.check],
        record: local.record,
      };
    }
    // The CLI sends only the digest: the PDF's PAdES signature is checked here.
    let signatureFailed = false;
    if (pdf !== null) {
      const local = checkPdfSignature(pdf, null);
      signatureFailed = local.status === 'failed';
      report = {
        ...report,
        checks: [...report.checks.filter((check) => check.id !== 'signature'), local],
      };
    }
    const valid = report.valid && !timeFailed && !recordFailed && !signatureFailed;
    io.out(
      values.json === true
        ? JSON.stringify({ ...report, valid }, null, 2)
        : formatReport(report, valid),
    );
    return valid ? EXIT.OK : EXIT.FAILED;
  },
};
