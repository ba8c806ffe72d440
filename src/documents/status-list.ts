import { randomInt } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { AppContext } from '../context.js';
import { sha256Hex } from '../crypto/digest.js';
import { findOrganisationByPublicId } from '../db/repositories/organisation.repository.js';
import {
  ensureStatusList,
  findDocumentStatusListIndex,
  findStatusList,
  findStatusListVersions,
  listFlaggedStatusPositions,
  reserveStatusListPosition,
  setDocumentStatusListIndex,
  storeGeneratedStatusLists,
} from '../db/repositories/status-list.repository.js';
import type { DocumentRow } from '../db/tables/documents.table.js';
import { AppError } from '../errors.js';
import { hasPublicProfile } from '../issuers/issuer.js';
import type { RecordSigner } from './embedded-record.js';

/**
 * W3C Bitstring Status Lists (VC 2.0), DESIGN §4 "Status": each issuer publishes one list for
 * revocation and one for suspension. A document's bit is at the random position it got at
 * activation (the same in both lists); a verifier fetches the whole list and reads the bit, so
 * the platform never learns which document was checked.
 */
export const STATUS_PURPOSES = ['revocation', 'suspension'] as const;
export type StatusPurpose = (typeof STATUS_PURPOSES)[number];

export const STATUS_LIST_MEDIA_TYPE = 'application/vc+jwt';

/** Where an issuer's list for `purpose` is published. */
export function statusListUrl(publicUrl: string, issuerId: string, purpose: StatusPurpose): string {
  return `${publicUrl}/api/issuers/${encodeURIComponent(issuerId)}/status-lists/${purpose}`;
}

/**
 * The document's position in its issuer's lists, drawn at random (never in issue order) from
 * the list's whole length on first call and kept: a taken position is drawn again, and of two
 * activations racing, the first one stored wins.
 */
export async function assignStatusListIndex(ctx: AppContext, row: DocumentRow): Promise<number> {
  if (row.statusListIndex !== null) return row.statusListIndex;
  const length = await reserveStatusListPosition(ctx.db, row.organisationId);
  // At most half the list is taken, so a draw fails with probability ≤ 1/2: 64 failures in a
  // row (2^-64) mean something else is wrong.
  for (let attempt = 0; attempt < 64; attempt += 1) {
    const index = randomInt(0, length);
    if (await setDocumentStatusListIndex(ctx.db, row.id, index)) return index;
    const stored = await findDocumentStatusListIndex(ctx.db, row.id);
    if (stored !== null) return stored;
  }
  throw new AppError('INTERNAL', 'No free position in the status list.');
}

/**
 * The list's bits, GZIP-compressed and multibase base64url (`u` prefix, no padding), as the
 * `encodedList` of a BitstringStatusList: bit `i` is bit `7 - i % 8` of byte `i / 8` (the first
 * index is the left-most bit).
 */
export function encodeStatusList(length: number, setIndexes: Iterable<number>): string {
  const bits = Buffer.alloc(Math.ceil(length / 8));
  for (const index of setIndexes) {
    if (index < 0 || index >= length) continue;
    bits[index >> 3] = (bits[index >> 3] ?? 0) | (0x80 >> (index & 7));
  }
  return `u${gzipSync(bits).toString('base64url')}`;
}

/** The unsigned BitstringStatusListCredential (VC 2.0) of one issuer and purpose. */
export function statusListCredential(input: {
  readonly url: string;
  readonly issuerUrl: string;
  readonly purpose: StatusPurpose;
  readonly encodedList: string;
  readonly validFrom: string;
}) {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: input.url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuerUrl,
    validFrom: input.validFrom,
    credentialSubject: {
      id: `${input.url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: input.purpose,
      encodedList: input.encodedList,
    },
  };
}

/**
 * Secures a credential as `application/vc+jwt` (VC-JOSE-COSE): a compact JWS whose payload is
 * the credential, signed like the embedded record (ES256 or PS256, the document-signing chain
 * in `x5c`), with `typ: vc+jwt`.
 */
export function signVcJwt(credential: object, signer: RecordSigner): string {
  const header = Buffer.from(
    JSON.stringify({
      alg: signer.algorithm,
      typ: 'vc+jwt',
      x5c: signer.certificates.map((der) => der.toString('base64')),
    }),
  ).toString('base64url');
  const payload = Buffer.from(JSON.stringify(credential)).toString('base64url');
  const signature = signer.signData(Buffer.from(`${header}.${payload}`, 'ascii'));
  return `${header}.${payload}.${signature.toString('base64url')}`;
}

/** A published list: the signed credential and its entity tag. */
export interface PublishedStatusList {
  readonly credential: string;
  readonly etag: string;
}

interface ProcessState {
  /** One regeneration per organisation at a time in this process; others wait for it. */
  readonly regenerating: Map<number, Promise<void>>;
  /**
   * The credentials last read, by organisation and purpose, with the version they show: a
   * request whose stored version matches is answered without reading or hashing ~100 KiB.
   */
  readonly served: Map<string, PublishedStatusList & { readonly version: number }>;
}

// Per database (a process may hold several platforms, e.g. in tests): ids are only unique there.
const stateOf = new WeakMap<object, ProcessState>();
function processState(ctx: AppContext): ProcessState {
  let state = stateOf.get(ctx.db);
  if (state === undefined) {
    state = { regenerating: new Map(), served: new Map() };
    stateOf.set(ctx.db, state);
  }
  return state;
}

/**
 * Generates both lists of an organisation from its documents' states now, signs them and stores
 * them with the version they show. About 1 s for a million documents (npm run bench).
 */
export async function regenerateStatusLists(
  ctx: AppContext,
  organisation: { id: number; publicId: string },
): Promise<void> {
  const list = await findStatusList(ctx.db, organisation.id);
  if (list === undefined) return;
  const flagged = await listFlaggedStatusPositions(ctx.db, organisation.id);
  const generatedAt = ctx.now().toISOString();
  const issuerUrl = `${ctx.publicUrl}/api/issuers/${encodeURIComponent(organisation.publicId)}`;
  const build = (purpose: StatusPurpose) => {
    const flaggedStatus = purpose === 'revocation' ? 'revoked' : 'suspended';
    const indexes = flagged
      .filter((row) => row.status === flaggedStatus)
      .map((row) => row.statusListIndex ?? -1);
    return signVcJwt(
      statusListCredential({
        url: statusListUrl(ctx.publicUrl, organisation.publicId, purpose),
        issuerUrl,
        purpose,
        encodedList: encodeStatusList(list.length, indexes),
        validFrom: generatedAt,
      }),
      ctx.documentSigner,
    );
  };
  await storeGeneratedStatusLists(ctx.db, organisation.id, {
    generatedVersion: list.version,
    generatedAt,
    revocationCredential: build('revocation'),
    suspensionCredential: build('suspension'),
  });
}

/**
 * An issuer's published list for `purpose` (anyone; approved or suspended issuers, like the
 * profile): regenerated first when a document's state changed since it was last generated, so
 * it is never staler than the cache time it is served with.
 */
export async function publishedStatusList(
  ctx: AppContext,
  issuerId: string,
  purpose: StatusPurpose,
): Promise<PublishedStatusList> {
  const organisation = await findOrganisationByPublicId(ctx.db, issuerId);
  if (organisation === undefined || !hasPublicProfile(organisation))
    throw new AppError('NOT_FOUND', 'No issuer with this id.');
  const { regenerating, served } = processState(ctx);
  const versions = await findStatusListVersions(ctx.db, organisation.id);
  const cached = served.get(`${organisation.id}:${purpose}`);
  if (
    cached !== undefined &&
    versions !== undefined &&
    versions.generatedVersion === versions.version &&
    cached.version === versions.version
  )
    return { credential: cached.credential, etag: cached.etag };
  let list = await findStatusList(ctx.db, organisation.id);
  if (list === undefined) {
    await ensureStatusList(ctx.db, organisation.id);
    list = await findStatusList(ctx.db, organisation.id);
  }
  if (list !== undefined && list.generatedVersion !== list.version) {
    let running = regenerating.get(organisation.id);
    if (running === undefined) {
      running = regenerateStatusLists(ctx, organisation).finally(() =>
        regenerating.delete(organisation.id),
      );
      regenerating.set(organisation.id, running);
    }
    await running;
    list = await findStatusList(ctx.db, organisation.id);
  }
  const credential =
    purpose === 'revocation' ? list?.revocationCredential : list?.suspensionCredential;
  if (list === undefined || list.generatedVersion === null || !credential)
    throw new AppError('INTERNAL', 'The status list could not be generated.');
  const published = { credential, etag: `"${sha256Hex(credential).slice(0, 32)}"` };
  served.set(`${organisation.id}:${purpose}`, { ...published, version: list.generatedVersion });
  return published;
}
