import { fromBase64, fromUtf8, inflate } from '../common/bytes.js';
import { sha256Hex } from '../common/web-crypto.js';
import { verifyJws } from '../credential/detached-jws.js';
import type { JsonObject } from '../credential/record.js';
import { StatusListError, type StatusList } from './status-list-validity.js';

export {
  StatusListError,
  statusBit,
  validityFromStatusLists,
  type StatusList,
} from './status-list-validity.js';

/**
 * The validity check from W3C Bitstring Status Lists alone (issue 14, DESIGN §4 "Status"):
 * nobody is asked which document is checked. Each list is a BitstringStatusListCredential
 * secured as `application/vc+jwt` — typically downloaded earlier from
 * `<platform>/api/issuers/<id>/status-lists/<purpose>` and given as a file.
 */

/** Header members a `vc+jwt` status list may carry besides `alg` and `x5c`. */
const LIST_HEADER = ['alg', 'typ', 'cty', 'kid', 'x5c'];

/**
 * Reads a compact `vc+jwt` BitstringStatusListCredential with Web Crypto: its JWS must verify
 * with the first certificate of its own `x5c` (ES256 or PS256, the chain linked), and its list
 * decode (multibase `u`, base64url, GZIP). Whether that signer is the record's is for the
 * validity check to compare. Rejects with {@link StatusListError}.
 */
export async function readStatusList(jwt: string): Promise<StatusList> {
  const result = await verifyJws(jwt, { allowedHeader: LIST_HEADER });
  if (!result.valid)
    throw new StatusListError(`the status list does not verify: ${result.problem}`);
  let credential: {
    id?: unknown;
    validFrom?: unknown;
    credentialSubject?: { statusPurpose?: unknown; encodedList?: unknown };
  };
  try {
    credential = JSON.parse(fromUtf8(result.payload)) as typeof credential;
  } catch {
    throw new StatusListError('the status list payload is not JSON');
  }
  const subject = credential.credentialSubject;
  if (
    typeof credential.id !== 'string' ||
    typeof subject?.statusPurpose !== 'string' ||
    typeof subject.encodedList !== 'string' ||
    !subject.encodedList.startsWith('u')
  )
    throw new StatusListError('not a BitstringStatusListCredential');
  let bits: Uint8Array;
  try {
    bits = await inflate(fromBase64(subject.encodedList.slice(1)), 'gzip');
  } catch {
    throw new StatusListError('the encoded list does not decompress');
  }
  return {
    id: credential.id,
    purpose: subject.statusPurpose,
    bits,
    signerSha256: await sha256Hex(result.certificates[0]!),
    validFrom: typeof credential.validFrom === 'string' ? credential.validFrom : null,
  };
}

/** The distinct list URLs a record names (`BitstringStatusListEntry.statusListCredential`). */
export function statusListUrls(record: { readonly status?: unknown }): string[] {
  const urls = new Set<string>();
  if (Array.isArray(record.status))
    for (const entry of record.status as unknown[]) {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) continue;
      const { type, statusListCredential } = entry as Record<string, unknown>;
      if (type === 'BitstringStatusListEntry' && typeof statusListCredential === 'string')
        urls.add(statusListCredential);
    }
  return [...urls];
}

/** How long fetching one status list may take. */
const LIST_TIMEOUT_MS = 10_000;
/** Status lists are ~20 KiB compressed at 131,072 entries; more than this is not one. */
const MAX_LIST_BYTES = 2_000_000;

/**
 * Fetches the status lists a verified record names (its `BitstringStatusListEntry`
 * `statusListCredential` URLs) and reads each — the whole list, so the server does not learn
 * which document is checked. Redirects are not followed. Null when the record names no list, or
 * when a list cannot be fetched or read (`problem` says which, for the report).
 */
export async function fetchStatusListsOnline(
  record: JsonObject,
): Promise<{ lists: StatusList[] } | { problem: string } | null> {
  const urls = statusListUrls(record);
  if (urls.length === 0) return null;
  const lists: StatusList[] = [];
  for (const url of urls) {
    if (!/^https?:\/\//i.test(url))
      return { problem: `the status list ${url} is not an http(s) URL` };
    let text: string;
    try {
      const response = await fetch(url, {
        headers: { accept: 'application/vc+jwt' },
        redirect: 'manual',
        signal: AbortSignal.timeout(LIST_TIMEOUT_MS),
      });
      if (response.status !== 200)
        return { problem: `the status list ${url} answered HTTP ${response.status}` };
      text = await response.text();
    } catch {
      return { problem: `the status list ${url} could not be fetched` };
    }
    if (text.length > MAX_LIST_BYTES) return { problem: `the status list ${url} is too large` };
    try {
      lists.push(await readStatusList(text));
    } catch (error) {
      if (!(error instanceof StatusListError)) throw error;
      return { problem: `the status list ${url} is not usable (${error.message})` };
    }
  }
  return { lists };
}
