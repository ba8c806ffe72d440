import { X509Certificate, constants, verify } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
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
  const urls = new Set<string>();
  if (Array.isArray(record.status))
    for (const entry of record.status) {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) continue;
      const { type, statusListCredential } = entry as JsonObject;
      if (type === 'BitstringStatusListEntry' && typeof statusListCredential === 'string')
        urls.add(statusListCredential);
    }
  if (urls.size === 0) return null;
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
      lists.push(readStatusList(text));
    } catch (error) {
      if (!(error instanceof StatusListError)) throw error;
      return { problem: `the status list ${url} is not usable (${error.message})` };
    }
  }
  return { lists };
}
