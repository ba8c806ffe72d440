import { StatusListError, type StatusList } from '../verify/status-list-validity.js';
import { fromBase64, fromUtf8, inflate } from './bytes.js';
import { verifyJws } from './jws.js';
import { sha256Hex } from './web-crypto.js';

/**
 * Reads a `vc+jwt` BitstringStatusListCredential with Web Crypto: its JWS must verify with the
 * first certificate of its own `x5c` (ES256 or PS256), and its list decode (multibase `u`,
 * base64url, GZIP). Whether that signer is the record's is for the validity check to compare.
 */
export async function readStatusListWeb(jwt: string): Promise<StatusList> {
  const result = await verifyJws(jwt, { allowedHeader: ['alg', 'typ', 'cty', 'kid', 'x5c'] });
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
    signerSha256: await sha256Hex(result.certificates[0]!.der),
    validFrom: typeof credential.validFrom === 'string' ? credential.validFrom : null,
  };
}

/** The distinct list URLs a record names (`BitstringStatusListEntry.statusListCredential`). */
export function statusListUrls(record: { readonly status?: unknown }): string[] {
  const urls = new Set<string>();
  if (Array.isArray(record.status))
    for (const entry of record.status as unknown[]) {
      if (entry === null || typeof entry !== 'object') continue;
      const { type, statusListCredential } = entry as Record<string, unknown>;
      if (type === 'BitstringStatusListEntry' && typeof statusListCredential === 'string')
        urls.add(statusListCredential);
    }
  return [...urls];
}
