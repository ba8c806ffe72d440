import fs from 'node:fs/promises';
import { sha256Hex } from '../crypto/digest.js';
import type { VerificationReport } from '../verification/verification-report.js';
import { looksLikePdf } from '../verification/verify-document.js';
import type { Command } from './command.js';
import { parseOptions, UsageError } from './command.js';
import { apiClient, serverUrl } from './api-client.js';
import { EXIT } from './exit-codes.js';

const SYMBOL: Record<string, string> = { passed: '✔', failed: '✘', pending: '…', unknown: '?' };

/** The report as a person reads it: one line per check, then the verdict. */
export function formatReport(report: VerificationReport): string {
  const lines = report.checks.map(
    (check) => `${SYMBOL[check.status] ?? '?'} ${check.id.padEnd(9)} ${check.message}`,
  );
  const subject =
    report.document === null
      ? `SHA-256 ${report.sha256}`
      : `“${report.document.title}” (${report.document.id})`;
  lines.push('', `${report.valid ? 'VALID' : 'NOT VALID'}: ${subject}`);
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

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Verify a document (a PDF file or its SHA-256) against the platform',
  usage: `certa verify <file.pdf> [--json] [--url <server>]
certa verify --sha256 <hex> [--json] [--url <server>]

Computes the PDF's SHA-256 locally and sends only the digest: the file never leaves this
machine. Prints each check (integrity, issuer, validity, time). Exit code 0 only when the
document is valid; 1 when it is not; 2 for usage mistakes; 3 when the server is unreachable.`,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      { json: { type: 'boolean' }, url: { type: 'string' }, sha256: { type: 'string' } },
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
    const sha256 = file === undefined ? (values.sha256 ?? '') : sha256Hex(await readPdf(file));
    const report = await apiClient(
      serverUrl(values.url, io.env),
      undefined,
    ).request<VerificationReport>('POST', '/api/verify', { sha256 });
    io.out(values.json === true ? JSON.stringify(report, null, 2) : formatReport(report));
    return report.valid ? EXIT.OK : EXIT.FAILED;
  },
};
