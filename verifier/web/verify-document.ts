import { equalBytes, toHex } from '../common/bytes.js';
import { digest, sha256Hex } from '../common/web-crypto.js';
import { verifyEmbeddedRecord, type RecordVerification } from '../credential/verify-record.js';
import type { JsonObject } from '../credential/record.js';
import type { CheckStatus } from '../verify/check.js';
import { checkPdfSignatureWithSigner } from '../verify/signature-check.js';
import { readStatusList, statusListUrls } from '../verify/status-list-check.js';
import { validityFromStatusLists, type StatusList } from '../verify/status-list-validity.js';
import type { WebBlockHeaderSource } from './header-sources.js';
import { checkTimeAgainstSources, type TimeEvidence } from './time-check.js';

/** The record as the page sees it: unreadable when the PDF structure cannot be read. */
type WebRecordVerification = RecordVerification | { readonly status: 'unreadable' };

async function readRecord(pdf: Uint8Array): Promise<WebRecordVerification> {
  try {
    return await verifyEmbeddedRecord(pdf);
  } catch {
    return { status: 'unreadable' };
  }
}

export type { TimeEvidence };

/** `fetch` or anything shaped like it (the page may wrap it, tests may block it). */
export type FetchFunction = (
  url: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string },
) => Promise<Response>;

export interface VerifyDocumentOptions {
  /** The platform that issued the document, e.g. `location.origin` (with its path prefix, if any). */
  readonly platformOrigin: string;
  /**
   * Independent Bitcoin block header sources (at least two: the platform's own and a public
   * one). The time check passes only when all of them agree; fewer than two, silence or
   * disagreement leave it "unknown".
   */
  readonly headerSources: readonly WebBlockHeaderSource[];
  /** Default: `globalThis.fetch`. Used for the lookup, the status lists and the proof only. */
  readonly fetch?: FetchFunction;
  /** The `.ots` proof the person holds; default: the platform's `/api/documents/<id>/proof.ots`. */
  readonly proof?: Uint8Array;
  /** The instant validity is judged at (expiry); default: now. */
  readonly now?: Date;
}

export type BrowserCheckId = 'integrity' | 'signature' | 'record' | 'issuer' | 'validity' | 'time';

export interface BrowserCheck {
  readonly id: BrowserCheckId;
  readonly status: CheckStatus;
  /** Stable code for translations (e.g. `signature_partial`, `revoked`, `proof_mismatch`). */
  readonly code: string;
  /** One English sentence. */
  readonly message: string;
  /** True when the check's cryptography ran here, in this page, on the file itself. */
  readonly local: boolean;
}

/** What the PDF's signed record says (the file the person holds), shown once its signature verifies. */
export interface DocumentFacts {
  readonly documentId: string;
  readonly title: string;
  readonly recipientName: string;
  readonly fields: readonly { readonly label: string; readonly value: string }[];
  readonly issuer: { readonly id: string; readonly name: string };
  readonly issuedAt: string | null;
  readonly activatedAt: string | null;
  readonly expiresAt: string | null;
  readonly verificationUrl: string | null;
}

export interface BrowserVerification {
  /** `valid` only when integrity, signature, record, issuer and validity passed and none failed. */
  readonly verdict: 'valid' | 'not valid' | 'unknown';
  /** SHA-256 of the file, computed here. */
  readonly sha256: string;
  readonly checkedAt: string;
  /** Always six, in this order: integrity, signature, record, issuer, validity, time. */
  readonly checks: readonly BrowserCheck[];
  /** From the PDF's record when its signature verifies (whatever the other checks say). */
  readonly document: DocumentFacts | null;
  /** The signing certificate of the PDF, when its signature verifies. */
  readonly signer: {
    readonly certificateSha256: string;
    readonly subject: string;
    /** When the signature carries an RFC 3161 timestamp that verifies (checked here): its time. */
    readonly timestampedAt: string | null;
  } | null;
  readonly time: TimeEvidence | null;
  /** Whether the platform answered the lookup. */
  readonly platformReached: boolean;
}

/**
 * The lookup's answer (`POST /api/verify {sha256}`): the document and its issuer as the platform
 * publishes them, and the platform's published document-signing certificates — everything the
 * signature and issuer checks need, so that the page asks for no issuer profile.
 */
interface LookupReport {
  readonly document: { readonly id: string; readonly title: string } | null;
  readonly issuer: {
    readonly id: string;
    readonly name: string;
    readonly status: string;
    readonly verified: boolean;
    readonly domain?: string | null;
  } | null;
  readonly documentSigning?: { readonly certificates?: readonly { fingerprint?: unknown }[] };
  readonly checks?: readonly { id: string; status: CheckStatus; code: string; message: string }[];
}

function check(
  id: BrowserCheckId,
  status: CheckStatus,
  code: string,
  message: string,
  local: boolean,
): BrowserCheck {
  return { id, status, code, message, local };
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function factsOf(record: JsonObject): DocumentFacts {
  const recipient = record.recipient as { name?: unknown } | null | undefined;
  const issuer = record.issuer as { id?: unknown; name?: unknown } | null | undefined;
  const fields = Array.isArray(record.fields) ? (record.fields as unknown[]) : [];
  return {
    documentId: text(record.documentId) ?? '',
    title: text(record.title) ?? '',
    recipientName: text(recipient?.name) ?? '',
    fields: fields.flatMap((field) => {
      const { label, value } = (field ?? {}) as { label?: unknown; value?: unknown };
      return typeof label === 'string' && typeof value === 'string' ? [{ label, value }] : [];
    }),
    issuer: { id: text(issuer?.id) ?? '', name: text(issuer?.name) ?? '' },
    issuedAt: text(record.issuedAt),
    activatedAt: text(record.activatedAt),
    expiresAt: text(record.expiresAt),
    verificationUrl: text(record.verificationUrl),
  };
}

/**
 * Verifies a Certa PDF in the page. Never throws for a bad file or an unreachable server: each
 * problem is a check's status and sentence.
 */
export async function verifyDocumentFile(
  pdf: Uint8Array,
  options: VerifyDocumentOptions,
): Promise<BrowserVerification> {
  const doFetch: FetchFunction = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const origin = options.platformOrigin.replace(/\/+$/, '');
  const now = options.now ?? new Date();
  const digestBytes = await digest('SHA-256', pdf);
  const sha256 = toHex(digestBytes);

  const getJson = async <T>(
    url: string,
    init?: Parameters<FetchFunction>[1],
  ): Promise<{ status: number; body: T | null } | null> => {
    try {
      const response = await doFetch(url, init);
      if (response.status !== 200) return { status: response.status, body: null };
      return { status: 200, body: (await response.json()) as T };
    } catch {
      return null;
    }
  };

  // 1. The platform: one lookup by digest; it carries the issuer and the published certificates.
  const lookupAnswer = await getJson<LookupReport>(`${origin}/api/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sha256 }),
  });
  const lookup = lookupAnswer?.body ?? null;
  const published = lookup?.documentSigning?.certificates ?? null;

  // 2. What the file itself proves, checked here: the signature (PAdES over the whole file, by a
  // certificate the platform publishes) as certa verify and the platform check it, but failed
  // rather than unknown when the file does not show the platform signed it.
  const signatureResult = await checkPdfSignatureWithSigner(
    pdf,
    published === null
      ? 'unknown'
      : {
          fingerprints: published.flatMap((item) =>
            typeof item.fingerprint === 'string' ? [item.fingerprint] : [],
          ),
        },
    { unproven: 'failed' },
  );
  const record = await readRecord(pdf);
  const last = signatureResult.signatures?.at(-1);
  const signerDer =
    last?.valid === true && last.coversWholeDocument ? (last.certificates[0] ?? null) : null;
  const signerSha256 = signerDer === null ? null : await sha256Hex(signerDer);
  // The record as it was when the file was signed: an update appended after signing must not
  // swap it for another document's.
  let signedRecord: WebRecordVerification | null = null;
  if (last?.valid === true && !last.coversWholeDocument && record.status === 'verified') {
    if (last.signedLength !== null)
      signedRecord = await readRecord(pdf.subarray(0, last.signedLength));
  }
  const facts = record.status === 'verified' ? factsOf(record.record) : null;

  const checks: BrowserCheck[] = [];

  // Integrity: the platform issued exactly these bytes (the digest was computed here).
  if (lookup === null)
    checks.push(
      check(
        'integrity',
        'unknown',
        'platform_unreachable',
        `Unknown: the platform at ${origin} could not be asked about SHA-256 ${sha256} (computed here).`,
        false,
      ),
    );
  else if (lookup.document === null)
    checks.push(
      check(
        'integrity',
        'failed',
        'unknown_file',
        `The platform did not issue this exact file (SHA-256 ${sha256}, computed here): it was changed or comes from elsewhere.`,
        false,
      ),
    );
  else
    checks.push(
      check(
        'integrity',
        'passed',
        'issued_file',
        `The platform issued exactly this file (SHA-256 ${sha256}, computed here).`,
        false,
      ),
    );

  const { status, code, message } = signatureResult.check;
  checks.push(check('signature', status, code, message, true));

  // Record: its JWS, its signer (the PDF's), the document it names.
  checks.push(recordCheck(record, signedRecord, signerDer, lookup));

  // Issuer: as the lookup publishes it, and the one the record names.
  const recordIssuer = facts?.issuer.id ?? null;
  const profile = lookup?.issuer ?? null;
  if (lookup === null)
    checks.push(
      check(
        'issuer',
        'unknown',
        'issuer_profile_unavailable',
        `Unknown: the issuer's published profile could not be fetched from ${origin}.`,
        false,
      ),
    );
  else if (profile === null)
    checks.push(
      check(
        'issuer',
        'unknown',
        'issuer_not_named',
        'Unknown: the platform names no issuer for a file it did not issue.',
        false,
      ),
    );
  else if (recordIssuer !== null && recordIssuer !== profile.id)
    checks.push(
      check(
        'issuer',
        'failed',
        'issuer_mismatch',
        `The record names another issuer than ${profile.name}.`,
        false,
      ),
    );
  else if (profile.status !== 'approved' || !profile.verified)
    checks.push(
      check(
        'issuer',
        'failed',
        `issuer_${profile.status}`,
        `Issued by ${profile.name}, which is not currently a verified issuer (${profile.status}).`,
        false,
      ),
    );
  else
    checks.push(
      check(
        'issuer',
        'passed',
        'issuer_verified',
        `Issued by ${profile.name}, whose identity the platform checked${profile.domain ? ` (domain ${profile.domain})` : ''}.`,
        false,
      ),
    );

  // Validity: from the issuer's signed status lists alone, checked here.
  checks.push(await validityCheck(record, doFetch, lookup, now));

  // Time: the proof against two independent header sources, checked here.
  let proofBytes: Uint8Array | null = options.proof ?? null;
  let whyNoProof = 'No timestamp proof was given.';
  const documentId = lookup?.document?.id ?? facts?.documentId ?? '';
  if (proofBytes === null && documentId !== '') {
    try {
      const response = await doFetch(
        `${origin}/api/documents/${encodeURIComponent(documentId)}/proof.ots`,
      );
      if (response.status === 200) proofBytes = new Uint8Array(await response.arrayBuffer());
      else
        whyNoProof =
          response.status === 409
            ? 'No proof yet: the digest waits in the anchoring queue.'
            : `The platform has no proof (HTTP ${response.status}).`;
    } catch {
      whyNoProof = `The proof could not be fetched from ${origin}.`;
    }
  }
  const time = await checkTimeAgainstSources(
    digestBytes,
    proofBytes,
    whyNoProof,
    options.headerSources,
  );
  checks.push(
    check(
      'time',
      proofBytes === null && time.status === 'pending' ? 'unknown' : time.status,
      time.code,
      time.message,
      proofBytes !== null,
    ),
  );

  const failed = checks.some((item) => item.status === 'failed');
  const decisive = checks.filter((item) => item.id !== 'time');
  return {
    verdict: failed
      ? 'not valid'
      : decisive.every((item) => item.status === 'passed')
        ? 'valid'
        : 'unknown',
    sha256,
    checkedAt: now.toISOString(),
    checks,
    document: facts,
    signer:
      signerSha256 === null
        ? null
        : {
            certificateSha256: signerSha256,
            subject: last?.signerSubject ?? '',
            timestampedAt: last?.timestamp?.valid === true ? last.timestamp.time : null,
          },
    time: time.evidence,
    platformReached: lookup !== null,
  };
}

function recordCheck(
  record: WebRecordVerification,
  signedRecord: WebRecordVerification | null,
  signerDer: Uint8Array | null,
  lookup: LookupReport | null,
): BrowserCheck {
  switch (record.status) {
    case 'unreadable':
      return check(
        'record',
        'failed',
        'record_unreadable',
        'The PDF cannot be read to find its record.',
        true,
      );
    case 'absent':
      return check('record', 'unknown', 'no_record', 'The PDF carries no embedded record.', true);
    case 'invalid':
      return check(
        'record',
        'failed',
        'record_invalid',
        `The embedded record does not verify: ${record.problem}.`,
        true,
      );
    case 'verified':
      break;
  }
  if (
    signedRecord !== null &&
    (signedRecord.status !== 'verified' ||
      signedRecord.record.documentId !== record.record.documentId ||
      !equalBytes(signedRecord.signer.certificate, record.signer.certificate) ||
      JSON.stringify(signedRecord.record) !== JSON.stringify(record.record))
  )
    return check(
      'record',
      'failed',
      'record_replaced',
      'The embedded record was replaced after the PDF was signed.',
      true,
    );
  if (signerDer !== null && !equalBytes(signerDer, record.signer.certificate))
    return check(
      'record',
      'failed',
      'record_signer_mismatch',
      `The embedded record is signed by certificate SHA-256 ${record.signer.certificateSha256}, not by the PDF's signer.`,
      true,
    );
  const named = typeof record.record.documentId === 'string' ? record.record.documentId : '';
  if (lookup?.document !== null && lookup?.document !== undefined && lookup.document.id !== named)
    return check(
      'record',
      'failed',
      'record_mismatch',
      'The embedded record names another document than the one this PDF is.',
      true,
    );
  return check(
    'record',
    'passed',
    'record_signed',
    `The embedded record's signature verifies, checked here${lookup?.document ? ', and it names this document' : ''}; signed by certificate SHA-256 ${record.signer.certificateSha256}.`,
    true,
  );
}

async function validityCheck(
  record: WebRecordVerification,
  doFetch: FetchFunction,
  lookup: LookupReport | null,
  now: Date,
): Promise<BrowserCheck> {
  if (record.status !== 'verified') {
    const fromPlatform = lookup?.checks?.find((item) => item.id === 'validity');
    if (fromPlatform !== undefined)
      return check('validity', fromPlatform.status, fromPlatform.code, fromPlatform.message, false);
    return check(
      'validity',
      'unknown',
      'no_verified_record',
      'Unknown: without a verified record, its status lists are not known.',
      true,
    );
  }
  const urls = statusListUrls(record.record);
  if (urls.length === 0) {
    const fromPlatform = lookup?.checks?.find((item) => item.id === 'validity');
    if (fromPlatform !== undefined)
      return check('validity', fromPlatform.status, fromPlatform.code, fromPlatform.message, false);
  }
  const lists: StatusList[] = [];
  for (const url of urls) {
    try {
      const response = await doFetch(url);
      if (response.status !== 200) continue;
      lists.push(await readStatusList(await response.text()));
    } catch {
      // An unreachable or unusable list leaves validity unknown (below).
    }
  }
  const result = validityFromStatusLists(
    record.record,
    record.signer.certificateSha256,
    lists,
    now,
  );
  return check('validity', result.status, result.code, result.message, true);
}
