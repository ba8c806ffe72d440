import { X509Certificate } from 'node:crypto';
import type { Actor } from '../accounts/actor.js';
import { auditActor } from '../accounts/actor.js';
import { requireOrganisationAccess, requireUser } from '../accounts/authorize.js';
import type { AppContext } from '../context.js';
import { sha256Hex } from '../crypto/digest.js';
import { randomPublicId } from '../crypto/random.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import { listOrganisationKeys } from '../db/repositories/member-key.repository.js';
import { setOrganisationLogo } from '../db/repositories/member.repository.js';
import { findOrganisationByPublicId } from '../db/repositories/organisation.repository.js';
import type { Organisation } from '../db/tables/organisations.table.js';
import { AppError } from '../errors.js';
import { looksLikeJpeg, looksLikePng, readJpeg, readPng } from '../templates/image-header.js';
import { hasPublicProfile, issuerProfileUrl } from './issuer.js';
import { publicKeyView } from './key-rotation.js';
import type { PublicKeyView } from './key-rotation.js';

/** The largest logo accepted. */
export const MAX_LOGO_BYTES = 512 * 1024;

export interface DocumentSigningCertificate {
  /** SHA-256 of the DER certificate, lower-case hex. */
  fingerprint: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  /** current: signs new documents (with its chain); former: signed earlier ones. */
  status: 'current' | 'former';
}

/** What anyone may know about an approved (or suspended) issuer: what was checked, and its keys. */
export interface PublicIssuerProfile {
  id: string;
  name: string;
  legalName: string | null;
  country: string | null;
  website: string | null;
  /** Only when the domain proof passed. */
  domain: string | null;
  domainVerifiedAt: string | null;
  /** Whether the issuer proved it controls `domain`; an admin may approve without (a waiver). */
  domainVerified: boolean;
  /** When a platform admin reviewed the issuer's identity and approved it. */
  identityReviewedAt: string | null;
  status: 'approved' | 'suspended';
  verified: boolean;
  verifiedAt: string | null;
  logoUrl: string | null;
  profileUrl: string;
  /** Newest first. */
  keys: PublicKeyView[];
  documentSigning: { algorithm: string; certificates: DocumentSigningCertificate[] };
}

function noSuchIssuer(): AppError {
  return new AppError('NOT_FOUND', 'No issuer with this id.');
}

/** The organisation behind a public profile: approved or suspended, else NOT_FOUND to everyone. */
async function publicIssuer(ctx: AppContext, issuerId: string): Promise<Organisation> {
  const organisation = await findOrganisationByPublicId(ctx.db, issuerId);
  if (organisation === undefined || !hasPublicProfile(organisation)) throw noSuchIssuer();
  return organisation;
}

function oneLine(distinguishedName: string): string {
  return distinguishedName.split('\n').join(', ');
}

function certificateView(der: Buffer, status: 'current' | 'former'): DocumentSigningCertificate {
  const certificate = new X509Certificate(der);
  return {
    fingerprint: sha256Hex(der),
    subject: oneLine(certificate.subject),
    issuer: oneLine(certificate.issuer),
    notBefore: new Date(certificate.validFrom).toISOString(),
    notAfter: new Date(certificate.validTo).toISOString(),
    status,
  };
}

/** The public profile of an issuer (anyone may read it); NOT_FOUND until it is approved. */
export async function getPublicIssuerProfile(
  ctx: AppContext,
  issuerId: string,
): Promise<PublicIssuerProfile> {
  const organisation = await publicIssuer(ctx, issuerId);
  const keys = await listOrganisationKeys(ctx.db, organisation.id);
  const domainVerified = organisation.domain !== null && organisation.domainVerifiedAt !== null;
  return {
    id: organisation.publicId,
    name: organisation.name,
    legalName: organisation.legalName,
    country: organisation.country,
    website: organisation.website,
    domain: domainVerified ? organisation.domain : null,
    domainVerifiedAt: domainVerified ? organisation.domainVerifiedAt : null,
    domainVerified,
    identityReviewedAt: organisation.approvedAt ?? organisation.decidedAt,
    status: organisation.status === 'approved' ? 'approved' : 'suspended',
    verified: organisation.status === 'approved',
    verifiedAt: organisation.approvedAt ?? organisation.decidedAt,
    logoUrl:
      organisation.logoBlob === null
        ? null
        : `${ctx.publicUrl}/api/issuers/${organisation.publicId}/logo`,
    profileUrl: issuerProfileUrl(ctx.publicUrl, organisation.publicId),
    keys: keys.reverse().map(publicKeyView),
    documentSigning: publishedDocumentSigning(ctx),
  };
}

/** Parsed once per signer: reading two certificates took 1.9 ms a lookup here (2 shared cores). */
const publishedBySigner = new WeakMap<object, PublicIssuerProfile['documentSigning']>();

/**
 * The platform's document-signing certificates as every issuer profile publishes them (current
 * chain, then former signers). The verification lookup carries the same list, so that a verify
 * page checks a PDF's signer without asking for the issuer's profile (issue 16).
 */
export function publishedDocumentSigning(
  ctx: Pick<AppContext, 'documentSigner'>,
): PublicIssuerProfile['documentSigning'] {
  const signer = ctx.documentSigner;
  let published = publishedBySigner.get(signer);
  if (published === undefined) {
    published = {
      algorithm: signer.algorithm,
      certificates: [
        ...signer.certificates.map((der) => certificateView(der, 'current')),
        ...signer.formerSigners.map((der) => certificateView(der, 'former')),
      ],
    };
    publishedBySigner.set(signer, published);
  }
  return published;
}

/** The logo of an issuer with a public profile, for anyone. */
export async function getIssuerLogo(
  ctx: AppContext,
  issuerId: string,
): Promise<{ bytes: Buffer; mediaType: string; etag: string }> {
  const organisation = await publicIssuer(ctx, issuerId);
  if (organisation.logoBlob === null || organisation.logoMediaType === null)
    throw new AppError('NOT_FOUND', 'This issuer has no logo.');
  return {
    bytes: await ctx.blobs.get(organisation.logoBlob),
    mediaType: organisation.logoMediaType,
    etag: `"${sha256Hex(organisation.logoBlob).slice(0, 32)}"`,
  };
}

function logoChanged(): AppError {
  return new AppError('CONFLICT', 'The logo was changed meanwhile; try again.');
}

/** A PNG or JPEG that really decodes, at most MAX_LOGO_BYTES; its media type. */
function checkLogo(bytes: Buffer): 'image/png' | 'image/jpeg' {
  if (bytes.length === 0)
    throw new AppError('INVALID_INPUT', 'The file is empty.', { details: { field: 'file' } });
  if (bytes.length > MAX_LOGO_BYTES)
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `The logo is larger than ${MAX_LOGO_BYTES / 1024} KiB.`,
      {
        details: { field: 'file' },
      },
    );
  const png = looksLikePng(bytes);
  if (!png && !looksLikeJpeg(bytes))
    throw new AppError('UNSUPPORTED_MEDIA', 'The logo must be a PNG or JPEG image.', {
      details: { field: 'file' },
    });
  const image = png ? readPng(bytes) : readJpeg(bytes);
  if (typeof image === 'string')
    throw new AppError('INVALID_INPUT', image, { details: { field: 'file' } });
  return png ? 'image/png' : 'image/jpeg';
}

/**
 * Sets the organisation's logo (PNG or JPEG, checked by content, at most 512 KiB), shown on its
 * public profile once approved. A logo is public: stored as it is, under a random name. The
 * upload is read only once the caller is known to be allowed.
 */
export async function setLogo(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
  readUpload: () => Promise<Buffer>,
): Promise<{ logoUrl: string; mediaType: string; byteSize: number }> {
  const user = requireUser(actor);
  const organisation = await requireOrganisationAccess(ctx, user, organisationId, 'manage');
  // Read only once the caller may set it.
  const bytes = await readUpload();
  const mediaType = checkLogo(bytes);
  const blobName = `${randomPublicId()}.logo.${mediaType === 'image/png' ? 'png' : 'jpg'}`;
  const at = ctx.now().toISOString();
  await ctx.blobs.put(blobName, bytes);
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const replaced = await setOrganisationLogo(trx, organisation.id, organisation.logoBlob, {
        logoBlob: blobName,
        logoMediaType: mediaType,
      });
      if (!replaced) throw logoChanged();
      await insertAuditEvent(trx, {
        occurredAt: at,
        ...auditActor(user),
        action: 'organisation.logo_set',
        organisationId: organisation.id,
        targetId: organisation.publicId,
        detail: JSON.stringify({ mediaType, byteSize: bytes.length }),
      });
    });
  } catch (error) {
    await ctx.blobs.delete(blobName);
    throw error;
  }
  if (organisation.logoBlob !== null) await ctx.blobs.delete(organisation.logoBlob);
  return {
    logoUrl: `${ctx.publicUrl}/api/issuers/${organisation.publicId}/logo`,
    mediaType,
    byteSize: bytes.length,
  };
}

/** Removes the organisation's logo (nothing happens when it has none). */
export async function removeLogo(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
): Promise<void> {
  const user = requireUser(actor);
  const organisation = await requireOrganisationAccess(ctx, user, organisationId, 'manage');
  const previous = organisation.logoBlob;
  if (previous === null) return;
  const at = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const removed = await setOrganisationLogo(trx, organisation.id, previous, {
      logoBlob: null,
      logoMediaType: null,
    });
    if (!removed) throw logoChanged();
    await insertAuditEvent(trx, {
      occurredAt: at,
      ...auditActor(user),
      action: 'organisation.logo_removed',
      organisationId: organisation.id,
      targetId: organisation.publicId,
    });
  });
  await ctx.blobs.delete(previous);
}
