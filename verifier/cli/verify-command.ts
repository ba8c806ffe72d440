import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  PdfReadError,
  verifyEmbeddedRecord,
  type RecordVerification,
} from '../credential/index.js';
import type { BlockHeaderSource } from '../bitcoin/block-header-source.js';
import type { JsonObject } from '../credential/record.js';
import type { Check } from '../verify/check.js';
import {
  DEFAULT_HEADER_SOURCE,
  describeHeaderSourceSpec,
  openHeaderSource,
  parseHeaderSourceSpec,
} from '../verify/header-source.js';
import {
  askPlatform,
  PlatformRefusalError,
  PlatformUnavailableError,
} from '../verify/platform-client.js';
import type {
  PlatformDocument,
  PlatformDocumentStatus,
  PlatformReport,
} from '../verify/platform-report.js';
import { checkEmbeddedRecord, checkRecordWithoutPlatform } from '../verify/record-check.js';
import { checkPdfSignatureWithSigner } from '../verify/signature-check.js';
import {
  fetchStatusListsOnline,
  readStatusList,
  StatusListError,
  validityFromStatusLists,
  type StatusList,
} from '../verify/status-list-check.js';
import { checkTimeHere, platformProof, readProof, type ProofSource } from '../verify/time-check.js';

/** Exit codes of `certa verify` and `certa-verify` (the same as the `certa` command's). */
export const VERIFY_EXIT = {
  /** The document is valid. */
  VALID: 0,
  /** It is not valid: changed, unknown to its platform, revoked, expired, or a check failed. */
  NOT_VALID: 1,
  /** A usage mistake; the message says what to change. */
  USAGE: 2,
  /** No platform could be asked (unreachable, or none trustworthy named): the checks made here are shown, the rest are unknown. */
  UNAVAILABLE: 3,
} as const;

/** The platform the server URL of other commands defaults to. */
export const DEFAULT_PLATFORM_URL = 'http://localhost:8080';

/** Where a verify command reads its environment and writes (tests pass their own). */
export interface VerifyIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  out(text: string): void;
  err(text: string): void;
}

/** Why the platform asked is the one it is. */
export type PlatformSource = 'option' | 'env' | 'record' | 'link' | 'default';

const SOURCE_WORDS: Record<PlatformSource, string> = {
  option: 'given with --url',
  env: 'from CERTA_URL',
  record: "named by the PDF's signed record",
  link: 'from the link',
  default: 'the default; give --url or set CERTA_URL for another',
};

class VerifyUsageError extends Error {}

const SYMBOL: Record<Check['status'], string> = {
  passed: '✔',
  failed: '✘',
  pending: '…',
  unknown: '?',
};

type Verdict = 'valid' | 'not valid' | 'unknown';

/**
 * What one verification found, printed as text or JSON: the platform's report (without its
 * `valid`: the verdict is this verifier's), with the digest unknown when the platform was asked
 * by document id alone.
 */
interface Outcome extends Omit<PlatformReport, 'valid' | 'sha256'> {
  readonly verdict: Verdict;
  readonly platform: { url: string; source: PlatformSource; reached: boolean } | null;
  readonly sha256: string | null;
  /** A sentence for stderr when the platform could not be asked. */
  readonly problem: string | null;
  /** Lines printed after the verdict (text output only). */
  readonly notes: readonly string[];
}

/** The usage text, for `certa verify` or the standalone `certa-verify`. */
export function verifyUsage(program: string): string {
  return `${program} <file.pdf> [--url <platform>] [--ots <file.pdf.ots>] [--header-source <source>] [--json]
${program} <file.pdf> --status-list <revocation list> --status-list <suspension list> [--json]
${program} <verification link> | <document id> [--url <platform>] [--json]
${program} --sha256 <hex> [--url <platform>] [--ots <file.ots>] [--header-source <source>] [--json]

A PDF is checked here first: its PAdES signature and its embedded signed record (JWS). Then
only its SHA-256 is sent to the platform that issued it — the file never leaves this machine —
for integrity, issuer and validity. The platform asked is --url, else CERTA_URL, else the one
the PDF's signed record names (only once the record and the PDF signature both verify, with
the same certificate), else ${DEFAULT_PLATFORM_URL}; the output says which one was asked and
why. A verification link (the QR code's https://<platform>/verify/<id>) or a document id asks
for the document's status only: the file itself is not checked that way.

Validity is checked here from the issuer's signed status lists, fetched whole from the
addresses the signed record names (nobody learns which document is checked) and verified
against the record's own signer; a list that says revoked or suspended outweighs the
platform's answer. --status-list <file> (twice: revocation and suspension, as downloaded from
<platform>/api/issuers/<id>/status-lists/<purpose>) checks offline, asking no platform. With
neither, validity is the platform's answer, or unknown.

The time check is done here too: the OpenTimestamps proof — the platform's <id>.pdf.ots, or
the file given with --ots — is checked against Bitcoin block headers from --header-source:
esplora:<url> (an Esplora API) or rpc:<url> (your Bitcoin Core node, credentials in the URL);
default BITCOIN_HEADER_SOURCE, else ${DEFAULT_HEADER_SOURCE}. A pending or unverifiable
timestamp does not make a document invalid; a proof that does not match it does.

Exit code 0 only when the document is valid; 1 when it is not (a check failed); 2 for usage
mistakes; 3 when no platform could be asked (unreachable, or none named that can be trusted):
the checks made here are printed and the others are "unknown", never "valid".`;
}

/**
 * Runs a verification from command-line arguments and returns the exit code
 * ({@link VERIFY_EXIT}). Usage mistakes are one sentence on stderr; every other outcome is a
 * report on stdout.
 *
 * @example
 * ```ts
 * const code = await runVerify(['diploma.pdf'], {
 *   env: process.env,
 *   out: (text) => process.stdout.write(`${text}\n`),
 *   err: (text) => process.stderr.write(text),
 * }, 'certa-verify');
 * ```
 */
export async function runVerify(args: string[], io: VerifyIo, program: string): Promise<number> {
  try {
    return await verify(args, io, program);
  } catch (error) {
    if (error instanceof VerifyUsageError) {
      io.err(`${error.message}\n`);
      return VERIFY_EXIT.USAGE;
    }
    throw error;
  }
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        json: { type: 'boolean' },
        url: { type: 'string' },
        sha256: { type: 'string' },
        ots: { type: 'string' },
        'header-source': { type: 'string' },
        'status-list': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new VerifyUsageError(error instanceof Error ? error.message : String(error));
  }
}

async function verify(args: string[], io: VerifyIo, program: string): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help === true) {
    io.out(verifyUsage(program));
    return VERIFY_EXIT.VALID;
  }
  if ((positionals.length === 1) === (values.sha256 !== undefined) || positionals.length > 1)
    throw new VerifyUsageError(
      'verify needs one PDF file, verification link or document id, or --sha256 <hex>, not both.',
    );
  const override = overridingPlatform(values.url, io.env);
  const [target] = positionals;
  let outcome: Outcome;
  if (target !== undefined && /^https?:\/\//i.test(target)) {
    if (values.ots !== undefined) throw new VerifyUsageError('--ots needs a PDF or --sha256.');
    const link = parseVerificationLink(target);
    outcome = await verifyStatus(link.documentId, override ?? { url: link.base, source: 'link' });
  } else if (
    target !== undefined &&
    /^[A-Za-z0-9_-]{22}$/.test(target) &&
    !(await exists(target))
  ) {
    if (values.ots !== undefined) throw new VerifyUsageError('--ots needs a PDF or --sha256.');
    outcome = await verifyStatus(
      target,
      override ?? { url: DEFAULT_PLATFORM_URL, source: 'default' },
    );
  } else {
    const headers = headerSourceOf(values['header-source'], io.env);
    const given = values.ots === undefined ? null : await readOtsOption(values.ots);
    const pdf = target === undefined ? null : await readPdf(target);
    const sha256 =
      pdf === null ? (values.sha256 ?? '') : createHash('sha256').update(pdf).digest('hex');
    const statusLists =
      values['status-list'] === undefined
        ? null
        : await Promise.all(values['status-list'].map(readStatusListFile));
    if (statusLists !== null && pdf === null)
      throw new VerifyUsageError('--status-list needs the PDF (its record names its position).');
    outcome = await verifyFile({ pdf, sha256, given, headers, override, statusLists });
  }
  if (outcome.problem !== null) io.err(`${outcome.problem}\n`);
  io.out(values.json === true ? asJson(outcome) : asText(outcome));
  return outcome.verdict === 'valid'
    ? VERIFY_EXIT.VALID
    : outcome.verdict === 'not valid'
      ? VERIFY_EXIT.NOT_VALID
      : VERIFY_EXIT.UNAVAILABLE;
}

function checkedUrl(raw: string, what: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new VerifyUsageError(`The ${what} "${raw.slice(0, 200)}" is not an http(s) URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new VerifyUsageError(`The ${what} "${raw.slice(0, 200)}" is not an http(s) URL.`);
  return raw.replace(/\/+$/, '');
}

/** --url, else CERTA_URL: a platform that overrides whatever the document names. */
function overridingPlatform(
  option: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): { url: string; source: PlatformSource } | null {
  if (option !== undefined) return { url: checkedUrl(option, 'server URL'), source: 'option' };
  const fromEnv = env.CERTA_URL;
  if (fromEnv !== undefined && fromEnv.trim() !== '')
    return { url: checkedUrl(fromEnv.trim(), 'server URL'), source: 'env' };
  return null;
}

/** `https://host[/prefix]/verify/<id>` → the platform's base URL and the document id. */
function parseVerificationLink(link: string): { base: string; documentId: string } {
  const found = baseOfVerificationUrl(link);
  if (found === null)
    throw new VerifyUsageError(
      `"${link.slice(0, 200)}" is not a Certa verification link (https://<platform>/verify/<document id>).`,
    );
  return found;
}

function baseOfVerificationUrl(link: string): { base: string; documentId: string } | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  const match = /^(.*)\/verify\/([A-Za-z0-9_-]{22})\/?$/.exec(url.pathname);
  if (match === null) return null;
  return { base: `${url.origin}${match[1] ?? ''}`, documentId: match[2] ?? '' };
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

async function readStatusListFile(file: string): Promise<StatusList> {
  const text = (await readGivenFile(file, `the status list ${file}`)).toString('utf8');
  try {
    return await readStatusList(text);
  } catch (error) {
    if (error instanceof StatusListError)
      throw new VerifyUsageError(`${file} is not a usable status list: ${error.message}.`);
    throw error;
  }
}

/** A file named on the command line; a usage error naming it (`name`) when it cannot be read. */
async function readGivenFile(file: string, name = `"${file}"`): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch {
    throw new VerifyUsageError(`Cannot read ${name}.`);
  }
}

async function readPdf(file: string): Promise<Buffer> {
  const content = await readGivenFile(file);
  // A PDF header within the first 1024 bytes, as readers allow.
  if (content.subarray(0, 1024).indexOf('%PDF-') < 0)
    throw new VerifyUsageError(`"${file}" is not a PDF.`);
  return content;
}

async function readOtsOption(file: string): Promise<ProofSource> {
  return readProof(await readGivenFile(file), `"${file}"`);
}

function headerSourceOf(
  option: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
) {
  const parsed = parseHeaderSourceSpec(
    option ?? env.BITCOIN_HEADER_SOURCE ?? DEFAULT_HEADER_SOURCE,
  );
  if ('problem' in parsed) {
    const name = option === undefined ? 'BITCOIN_HEADER_SOURCE' : '--header-source';
    throw new VerifyUsageError(`${name} ${parsed.problem}, e.g. ${DEFAULT_HEADER_SOURCE}.`);
  }
  return { source: openHeaderSource(parsed), label: describeHeaderSourceSpec(parsed) };
}

/**
 * The platform a PDF's own record names — trusted only when the record's JWS verifies, the
 * PDF's PAdES signature verifies over the whole file, and both were made with the same
 * certificate. Otherwise why not (the end of a sentence).
 */
function platformOfRecord(
  verification: RecordVerification | 'unreadable',
  signature: { check: Check; signer: Uint8Array | null },
): { url: string } | { reason: string } | null {
  if (verification !== 'unreadable' && verification.status === 'absent') return null;
  if (verification === 'unreadable' || verification.status === 'invalid')
    return { reason: 'its embedded record does not verify' };
  if (signature.check.status === 'failed')
    return { reason: "the PDF's signature does not check out" };
  if (signature.signer === null) return { reason: 'the PDF carries no valid signature' };
  if (!Buffer.from(signature.signer).equals(verification.signer.certificate))
    return { reason: 'its signature and its record are signed by different certificates' };
  const named = recordVerificationUrl(verification.record);
  if (named === null) return { reason: 'its record names no platform address that can be used' };
  return { url: named };
}

function recordVerificationUrl(record: JsonObject): string | null {
  const { verificationUrl, documentId } = record;
  if (typeof verificationUrl !== 'string' || typeof documentId !== 'string') return null;
  const found = baseOfVerificationUrl(verificationUrl);
  if (found === null || found.documentId !== documentId) return null;
  const url = new URL(verificationUrl);
  if (url.search !== '' || url.hash !== '') return null;
  return found.base;
}

function unknownCheck(id: Check['id'], message: string): Check {
  return { id, status: 'unknown', code: 'platform_not_asked', message };
}

async function verifyFile(input: {
  pdf: Buffer | null;
  sha256: string;
  given: ProofSource | null;
  headers: { source: BlockHeaderSource; label: string };
  override: { url: string; source: PlatformSource } | null;
  /** Lists given with --status-list: the validity check comes from them, no platform is asked. */
  statusLists?: readonly StatusList[] | null;
}): Promise<Outcome> {
  const { pdf, sha256, given, headers } = input;
  // What this machine can check on its own, before anyone is asked.
  const signature = pdf === null ? null : await checkPdfSignatureWithSigner(pdf, null);
  let verification: RecordVerification | 'unreadable' | null = null;
  if (pdf !== null) {
    try {
      verification = await verifyEmbeddedRecord(pdf);
    } catch (error) {
      if (!(error instanceof PdfReadError)) throw error;
      verification = 'unreadable';
    }
  }
  const fromRecord =
    verification === null || signature === null ? null : platformOfRecord(verification, signature);
  const platform =
    input.override ??
    (fromRecord !== null && 'url' in fromRecord
      ? { url: fromRecord.url, source: 'record' as const }
      : fromRecord === null
        ? { url: DEFAULT_PLATFORM_URL, source: 'default' as const }
        : null);

  const recordHere = verification === null ? null : checkRecordWithoutPlatform(verification);
  const verifiedRecord =
    verification !== null && verification !== 'unreadable' && verification.status === 'verified'
      ? verification
      : null;
  // The issuer's status lists: given as files (offline), else fetched from the URLs the signed
  // record names — whole lists, so nobody learns which document is checked.
  const givenLists = input.statusLists ?? null;
  const online =
    givenLists === null && verifiedRecord !== null
      ? await fetchStatusListsOnline(verifiedRecord.record)
      : null;
  const lists = givenLists ?? (online !== null && 'lists' in online ? online.lists : null);
  const listValidity =
    lists === null || verifiedRecord === null
      ? null
      : validityFromStatusLists(
          verifiedRecord.record,
          verifiedRecord.signer.certificateSha256,
          lists,
          new Date(),
        );
  const localChecks = async (reason: string): Promise<Check[]> => {
    const checks: Check[] = ['integrity', 'issuer', 'validity'].map((id) =>
      id === 'validity' && listValidity !== null
        ? listValidity
        : unknownCheck(id as Check['id'], reason),
    );
    if (given !== null && /^[0-9a-f]{64}$/.test(sha256))
      checks.push(
        (await checkTimeHere(Buffer.from(sha256, 'hex'), given, headers.source, headers.label))
          .check,
      );
    else checks.push(unknownCheck('time', reason));
    if (recordHere !== null) checks.push(recordHere.check);
    if (signature !== null) checks.push(signature.check);
    return checks;
  };
  const withoutPlatform = async (
    reason: string,
    problem: string | null,
    asked: Outcome['platform'],
  ): Promise<Outcome> => {
    const checks = await localChecks(reason);
    return {
      verdict: checks.some((check) => check.status === 'failed') ? 'not valid' : 'unknown',
      platform: asked,
      sha256,
      checkedAt: new Date().toISOString(),
      document: null,
      issuer: null,
      anchor: null,
      anchors: [],
      checks,
      record: recordHere?.record ?? null,
      problem,
      notes: [],
    };
  };

  if (input.statusLists !== undefined && input.statusLists !== null)
    return withoutPlatform(
      'Unknown: checked offline with the status lists given; no platform was asked.',
      null,
      null,
    );

  if (platform === null) {
    const why = fromRecord !== null && 'reason' in fromRecord ? fromRecord.reason : '';
    return withoutPlatform(
      `Unknown: no platform was asked, because ${why}.`,
      `No platform was asked: ${why}; give --url <platform> or set CERTA_URL to ask one.`,
      null,
    );
  }

  let report: PlatformReport;
  try {
    report = await askPlatform<PlatformReport>(platform.url, 'POST', '/api/verify', { sha256 });
  } catch (error) {
    if (error instanceof PlatformRefusalError) {
      // The platform refuses only what was asked wrongly (a malformed digest).
      if (error.status === 400) throw new VerifyUsageError(error.message);
      throw error;
    }
    if (!(error instanceof PlatformUnavailableError)) throw error;
    return withoutPlatform(
      `Unknown: the platform at ${platform.url} could not be reached.`,
      `Could not reach the platform at ${platform.url} (${SOURCE_WORDS[platform.source]}): ${error.reason}; the checks that need it are unknown.`,
      { ...platform, reached: false },
    );
  }

  let checks: Check[] = [...report.checks];
  let anchor = report.anchor;
  let failedHere = false;
  if (given !== null || report.document !== null) {
    let source = given;
    if (source === null) {
      try {
        source = await platformProof(platform.url, report.document?.id ?? '');
      } catch (error) {
        if (!(error instanceof PlatformUnavailableError)) throw error;
        source = { kind: 'none', reason: `The proof could not be fetched from ${platform.url}.` };
      }
    }
    const local = await checkTimeHere(
      Buffer.from(report.sha256, 'hex'),
      source,
      headers.source,
      headers.label,
    );
    failedHere ||= local.check.status === 'failed';
    checks = checks.map((check) => (check.id === 'time' ? local.check : check));
    if (anchor !== null)
      anchor = {
        ...anchor,
        bitcoinHeight: local.bitcoin?.height ?? null,
        bitcoinTime: local.bitcoin?.time ?? null,
      };
  }
  let record = report.record;
  if (pdf !== null && verification !== null) {
    const local = await checkEmbeddedRecord({
      pdf,
      row: report.document === null ? undefined : { publicId: report.document.id },
      platformCertificates: null,
      ...(verification === 'unreadable' ? {} : { verification }),
    });
    failedHere ||= local.check.status === 'failed';
    checks = [...checks.filter((check) => check.id !== 'record'), local.check];
    record = local.record;
  }
  // The signed lists checked here outweigh the platform's word when they say the document no
  // longer holds (the platform's own answer keeps its reasons otherwise).
  const platformValidity = checks.find((check) => check.id === 'validity');
  if (
    listValidity !== null &&
    listValidity.status === 'failed' &&
    platformValidity?.status !== 'failed'
  ) {
    failedHere = true;
    checks = checks.map((check) => (check.id === 'validity' ? listValidity : check));
  }
  // Only the digest was sent: the PDF's PAdES signature is checked here.
  if (signature !== null) {
    failedHere ||= signature.check.status === 'failed';
    checks = [...checks.filter((check) => check.id !== 'signature'), signature.check];
  }
  return {
    verdict: report.valid && !failedHere ? 'valid' : 'not valid',
    platform: { ...platform, reached: true },
    sha256: report.sha256,
    checkedAt: report.checkedAt,
    document: report.document,
    issuer: report.issuer,
    anchor,
    anchors: report.anchors,
    checks,
    record,
    problem: null,
    notes: [],
  };
}

const STATE_WORDS: Record<string, (document: PlatformDocument) => [Check['status'], string]> = {
  active: (document) => [
    'passed',
    `Active: issued ${document.issuedAt}${document.expiresAt === null ? ', no expiry date' : `, valid until ${document.expiresAt}`}.`,
  ],
  revoked: (document) => [
    'failed',
    `Revoked${document.revokedAt === null ? '' : ` on ${document.revokedAt}`}${document.revocationReason === null ? '' : `: ${document.revocationReason.replace(/[.\s]+$/, '')}`}.`,
  ],
  expired: (document) => ['failed', `Expired on ${document.expiresAt ?? '?'}.`],
  pending: () => ['failed', 'Not activated by its recipient yet.'],
};

/** A verification link or a document id: the document's status at its platform (no file). */
async function verifyStatus(
  documentId: string,
  platform: { url: string; source: PlatformSource },
): Promise<Outcome> {
  const base = {
    sha256: null,
    checkedAt: new Date().toISOString(),
    anchor: null,
    anchors: [],
    record: null,
  };
  const integrity: Check = {
    id: 'integrity',
    status: 'unknown',
    code: 'file_not_checked',
    message: 'Not checked: a link or an id says nothing about a file; verify the PDF itself.',
  };
  let status: PlatformDocumentStatus;
  try {
    status = await askPlatform<PlatformDocumentStatus>(
      platform.url,
      'GET',
      `/api/documents/${encodeURIComponent(documentId)}/status`,
    );
  } catch (error) {
    if (error instanceof PlatformRefusalError && error.status === 404)
      return {
        ...base,
        verdict: 'not valid',
        platform: { ...platform, reached: true },
        document: null,
        issuer: null,
        checks: [
          {
            id: 'validity',
            status: 'failed',
            code: 'not_found',
            message: `The platform at ${platform.url} has no document ${documentId}.`,
          },
        ],
        problem: null,
        notes: [],
      };
    if (error instanceof PlatformRefusalError) throw new VerifyUsageError(error.message);
    if (!(error instanceof PlatformUnavailableError)) throw error;
    const reason = `Unknown: the platform at ${platform.url} could not be reached.`;
    return {
      ...base,
      verdict: 'unknown',
      platform: { ...platform, reached: false },
      document: null,
      issuer: null,
      checks: [unknownCheck('issuer', reason), unknownCheck('validity', reason), integrity],
      problem: `Could not reach the platform at ${platform.url} (${SOURCE_WORDS[platform.source]}): ${error.reason}; the checks that need it are unknown.`,
      notes: [],
    };
  }
  const { issuer, ...document } = status;
  const issuerCheck: Check =
    issuer.status === 'approved'
      ? {
          id: 'issuer',
          status: 'passed',
          code: 'issuer_verified',
          message: `Issued by ${issuer.name}, whose identity was checked by the platform.`,
        }
      : {
          id: 'issuer',
          status: 'failed',
          code: `issuer_${issuer.status}`,
          message: `Issued by ${issuer.name}, which is not currently a verified issuer (${issuer.status.replace('_', ' ')}).`,
        };
  const [state, message] = (
    STATE_WORDS[document.state] ?? (() => ['unknown', `State: ${document.state}.`])
  )(document);
  const validity: Check = { id: 'validity', status: state, code: document.state, message };
  const valid = issuerCheck.status === 'passed' && validity.status === 'passed';
  return {
    ...base,
    verdict: valid ? 'valid' : 'not valid',
    platform: { ...platform, reached: true },
    document,
    issuer,
    checks: [issuerCheck, validity, integrity],
    problem: null,
    notes: ['Only the status was checked; verify the PDF itself to check the file.'],
  };
}

function asJson(outcome: Outcome): string {
  const {
    verdict,
    platform,
    sha256,
    checkedAt,
    document,
    issuer,
    anchor,
    anchors,
    checks,
    record,
  } = outcome;
  return JSON.stringify(
    {
      valid: verdict === 'valid',
      verdict,
      platform,
      sha256,
      checkedAt,
      document,
      issuer,
      anchor,
      anchors,
      checks,
      record,
    },
    null,
    2,
  );
}

/** The report as a person reads it: one line per check, the verdict, the issuer, the platform. */
function asText(outcome: Outcome): string {
  const lines = outcome.checks.map(
    (check) => `${SYMBOL[check.status]} ${check.id.padEnd(9)} ${check.message}`,
  );
  const subject =
    outcome.document !== null
      ? `“${outcome.document.title}” (${outcome.document.id})`
      : outcome.sha256 !== null
        ? `SHA-256 ${outcome.sha256}`
        : 'the document';
  const verdict =
    outcome.verdict === 'valid'
      ? 'VALID'
      : outcome.verdict === 'not valid'
        ? 'NOT VALID'
        : 'UNKNOWN';
  lines.push('', `${verdict}: ${subject}`);
  if (outcome.issuer !== null)
    lines.push(
      `Issuer: ${outcome.issuer.name}${outcome.issuer.verified ? ' (verified)' : ' (not verified)'}`,
    );
  if (outcome.platform === null) lines.push('Platform: none asked');
  else
    lines.push(
      `Platform: ${outcome.platform.url} (${SOURCE_WORDS[outcome.platform.source]})${outcome.platform.reached ? '' : ', not reachable'}`,
    );
  lines.push(...outcome.notes);
  return lines.join('\n');
}
