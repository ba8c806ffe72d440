import type { JsonObject } from '../credential/record.js';
import type { Check } from './check.js';

/**
 * The validity check from W3C Bitstring Status Lists alone (issue 14, DESIGN §4 "Status"):
 * nobody is asked which document is checked. Pure logic over lists already read and verified —
 * by `readStatusList` (Node, from a file or the network) or by the browser's Web Crypto reader —
 * so it runs anywhere.
 */

/** One list as read from its file: which credential it is, its purpose, its bits, its signer. */
export interface StatusList {
  readonly id: string;
  readonly purpose: string;
  readonly bits: Uint8Array;
  /** SHA-256 (hex) of the certificate that signed the list's JWS. */
  readonly signerSha256: string;
  readonly validFrom: string | null;
}

export class StatusListError extends Error {}

/** A whole-day expiry (stored as the next midnight UTC) as the day typed; others as they are. */
function lastValidDay(expiresAt: string): string {
  if (!expiresAt.endsWith('T00:00:00.000Z')) return expiresAt;
  return new Date(Date.parse(expiresAt) - 86_400_000).toISOString().slice(0, 10);
}

/** Bit `index` of a list (the first index is the left-most bit). */
export function statusBit(bits: Uint8Array, index: number): boolean {
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
