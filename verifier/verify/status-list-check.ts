import { X509Certificate, constants, verify } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { JsonObject } from '../credential/record.js';
import type { Check } from './check.js';

/**
 * The validity check from W3C Bitstring Status Lists alone (issue 14, DESIGN §4 "Status"):
 * nobody is asked which document is checked. Each list is a BitstringStatusListCredential
 * secured as `application/vc+jwt` — typically downloaded earlier from
 * `<platform>/api/issuers/<id>/status-lists/<purpose>` and given as a file.
 */

/** One list as read from its file: which credential it is, its purpose, its bits, its signer. */
export interface StatusList {
  readonly id: string;
  readonly purpose: string;
  readonly bits: Buffer;
  /** SHA-256 (hex) of the certificate that signed the list's JWS. */
  readonly signerSha256: string;
  readonly validFrom: string | null;
}

export class StatusListError extends Error {}

/**
 * Reads a compact `vc+jwt` BitstringStatusListCredential: its JWS must verify with the first
 * certificate of its own `x5c` (ES256 or PS256), and its list decode (multibase `u`, base64url,
 * GZIP).
 */
export function readStatusList(jwt: string): StatusList {
  const [header64 = '', payload64 = '', signature64 = '', ...rest] = jwt.trim().split('.');
  if (rest.length > 0 || signature64 === '') throw new StatusListError('not a compact JWS');
  let header: { alg?: unknown; typ?: unknown; x5c?: unknown };
  let credential: {
    id?: unknown;
    validFrom?: unknown;
    credentialSubject?: { statusPurpose?: unknown; encodedList?: unknown };
  };
  try {
    header = JSON.parse(Buffer.from(header64, 'base64url').toString('utf8')) as typeof header;
    credential = JSON.parse(
      Buffer.from(payload64, 'base64url').toString('utf8'),
    ) as typeof credential;
  } catch {
    throw new StatusListError('the JWS header or payload is not JSON');
  }
  const first = Array.isArray(header.x5c) ? (header.x5c[0] as unknown) : undefined;
  if (typeof first !== 'string') throw new StatusListError('the JWS has no x5c certificate');
  const der = Buffer.from(first, 'base64');
  const signer = new X509Certificate(der);
  const data = Buffer.from(`${header64}.${payload64}`, 'ascii');
  const signature = Buffer.from(signature64, 'base64url');
  const valid =
    header.alg === 'ES256'
      ? verify('sha256', data, { key: signer.publicKey, dsaEncoding: 'ieee-p1363' }, signature)
      : header.alg === 'PS256'
        ? verify(
            'sha256',
            data,
            { key: signer.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
            signature,
          )
        : false;
  if (!valid) throw new StatusListError('the status list signature does not verify');
  const subject = credential.credentialSubject;
  if (
    typeof credential.id !== 'string' ||
    typeof subject?.statusPurpose !== 'string' ||
    typeof subject.encodedList !== 'string' ||
    !subject.encodedList.startsWith('u')
  )
    throw new StatusListError('not a BitstringStatusListCredential');
  let bits: Buffer;
  try {
    bits = gunzipSync(Buffer.from(subject.encodedList.slice(1), 'base64url'));
  } catch {
    throw new StatusListError('the encoded list does not decompress');
  }
  return {
    id: credential.id,
    purpose: subject.statusPurpose,
    bits,
    signerSha256: createSha256(der),
    validFrom: typeof credential.validFrom === 'string' ? credential.validFrom : null,
  };
}

function createSha256(data: Buffer): string {
  return new X509Certificate(data).fingerprint256.replace(/:/g, '').toLowerCase();
}

/** A whole-day expiry (stored as the next midnight UTC) as the day typed; others as they are. */
function lastValidDay(expiresAt: string): string {
  if (!expiresAt.endsWith('T00:00:00.000Z')) return expiresAt;
  return new Date(Date.parse(expiresAt) - 86_400_000).toISOString().slice(0, 10);
}

/** Bit `index` of a list (the first index is the left-most bit). */
export function statusBit(bits: Buffer, index: number): boolean {
  const byte = bits[index >> 3];
  if (byte === undefined) throw new StatusListError(`index ${index} is beyond the list`);
  return (byte & (0x80 >> (index & 7))) !== 0;
}

interface Entry {
  readonly purpose: string;
  readonly index: number;
  readonly credential: string;
}

function entriesOf(record: JsonObject): Entry[] {
  const status = record.status;
  if (!Array.isArray(status)) return [];
  const entries: Entry[] = [];
  for (const item of status) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
    const entry = item as JsonObject;
    if (entry.type !== 'BitstringStatusListEntry') continue;
    const index = Number(entry.statusListIndex);
    if (
      typeof entry.statusPurpose === 'string' &&
      typeof entry.statusListCredential === 'string' &&
      Number.isInteger(index) &&
      index >= 0
    )
      entries.push({ purpose: entry.statusPurpose, index, credential: entry.statusListCredential });
  }
  return entries;
}

/**
 * The validity check of a verified record from the given lists: each of the record's
 * BitstringStatusListEntry must find its list (same credential id and purpose) signed by the
 * record's own signer. Revoked if the revocation bit is set, suspended if the suspension bit is,
 * expired past the record's `expiresAt`, otherwise active. Unknown when a list is missing.
 */
export function validityFromStatusLists(
  record: JsonObject,
  recordSignerSha256: string,
  lists: readonly StatusList[],
  now: Date,
): Check {
  const entries = entriesOf(record);
  if (entries.length === 0)
    return {
      id: 'validity',
      status: 'unknown',
      code: 'no_status_list_entry',
      message: 'Unknown: the record names no status list (issued before status lists existed).',
    };
  const set: string[] = [];
  for (const entry of entries) {
    const list = lists.find(
      (candidate) => candidate.id === entry.credential && candidate.purpose === entry.purpose,
    );
    if (list === undefined)
      return {
        id: 'validity',
        status: 'unknown',
        code: 'status_list_missing',
        message: `Unknown: no ${entry.purpose} list was given (${entry.credential}).`,
      };
    if (list.signerSha256 !== recordSignerSha256)
      return {
        id: 'validity',
        status: 'failed',
        code: 'status_list_foreign',
        message: `The ${entry.purpose} list is signed by another certificate than the record.`,
      };
    if (statusBit(list.bits, entry.index)) set.push(entry.purpose);
  }
  const as = (purpose: string) =>
    lists.find((list) => list.purpose === purpose)?.validFrom ?? 'the list’s date';
  if (set.includes('revocation'))
    return {
      id: 'validity',
      status: 'failed',
      code: 'revoked',
      message: `Revoked: its bit is set in the issuer's revocation list of ${as('revocation')}.`,
    };
  if (set.includes('suspension'))
    return {
      id: 'validity',
      status: 'failed',
      code: 'suspended',
      message: `Suspended: its bit is set in the issuer's suspension list of ${as('suspension')}.`,
    };
  const expiresAt = typeof record.expiresAt === 'string' ? record.expiresAt : null;
  if (expiresAt !== null && Date.parse(expiresAt) <= now.getTime())
    return {
      id: 'validity',
      status: 'failed',
      code: 'expired',
      message: `Expired: it was valid until ${lastValidDay(expiresAt)}.`,
    };
  return {
    id: 'validity',
    status: 'passed',
    code: 'active',
    message: `Active: not set in the issuer's status lists of ${as('revocation')}${expiresAt === null ? '' : `; valid until ${lastValidDay(expiresAt)}`}.`,
  };
}
