import type { Actor } from '../accounts/actor.js';
import { auditActor } from '../accounts/actor.js';
import type { AppContext } from '../context.js';
import { sha256Hex } from '../crypto/digest.js';
import { randomPublicId } from '../crypto/random.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import {
  findTemplateAsset,
  insertTemplateAsset,
  listTemplateAssets,
} from '../db/repositories/template.repository.js';
import type { TemplateAssetMediaType, TemplateAssetRow } from '../db/tables/templates.table.js';
import { AppError } from '../errors.js';
import { inspectAsset } from './asset-content.js';
import { requireTemplateAccess } from './template-access.js';

/** An asset as the designer sees it. */
export interface TemplateAssetView {
  id: string;
  mediaType: TemplateAssetMediaType;
  fileName: string;
  byteSize: number;
  sha256: string;
  width: number | null;
  height: number | null;
  fontFamily: string | null;
  createdAt: string;
}

export function assetView(row: TemplateAssetRow): TemplateAssetView {
  return {
    id: row.publicId,
    mediaType: row.mediaType,
    fileName: row.fileName,
    byteSize: row.byteSize,
    sha256: row.sha256,
    width: row.width,
    height: row.height,
    fontFamily: row.fontFamily,
    createdAt: row.createdAt,
  };
}

/** A name safe to show and store: no path, no control characters, bounded. */
function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim()
    .slice(0, 120);
  return cleaned === '' ? 'asset' : cleaned;
}

const EXTENSIONS: Record<TemplateAssetMediaType, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'font/ttf': 'ttf',
  'font/otf': 'otf',
};

/**
 * Stores an uploaded background, image or font for the organisation's templates. The bytes
 * are sniffed and parsed first (see `inspectAsset`): nothing is stored unless they are what
 * they seem. Assets are not personal data and are stored as they are, under a random name,
 * and never change afterwards.
 */
export async function uploadTemplateAsset(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
  upload: { bytes: Buffer; fileName: string | undefined },
): Promise<TemplateAssetView> {
  const organisation = await requireTemplateAccess(ctx, actor, organisationId, 'design');
  const content = await inspectAsset(upload.bytes);
  const publicId = randomPublicId();
  const blobName = `${randomPublicId()}.${EXTENSIONS[content.mediaType]}`;
  const createdAt = ctx.now().toISOString();
  await ctx.blobs.put(blobName, upload.bytes);
  try {
    const row = await ctx.db.transaction().execute(async (trx) => {
      const inserted = await insertTemplateAsset(trx, {
        publicId,
        organisationId: organisation.id,
        mediaType: content.mediaType,
        fileName: cleanFileName(upload.fileName),
        byteSize: upload.bytes.length,
        sha256: sha256Hex(upload.bytes),
        blobName,
        width: content.width,
        height: content.height,
        fontFamily: content.fontFamily,
        createdAt,
        createdByUserId: actor?.kind === 'user' ? actor.userId : null,
      });
      const who = actor === null ? null : auditActor(actor);
      await insertAuditEvent(trx, {
        occurredAt: createdAt,
        actorType: who?.actorType ?? 'system',
        actorId: who?.actorId ?? null,
        action: 'template_asset.uploaded',
        organisationId: organisation.id,
        targetId: publicId,
      });
      return inserted;
    });
    return assetView(row);
  } catch (error) {
    await ctx.blobs.delete(blobName);
    throw error;
  }
}

export async function listAssets(
  ctx: AppContext,
  actor: Actor | null,
  organisationId: string,
): Promise<TemplateAssetView[]> {
  const organisation = await requireTemplateAccess(ctx, actor, organisationId, 'read');
  return (await listTemplateAssets(ctx.db, organisation.id)).map(assetView);
}

/** Reads an asset's bytes back and checks them against the digest taken at upload. */
export async function readAssetBytes(ctx: AppContext, row: TemplateAssetRow): Promise<Buffer> {
  const bytes = await ctx.blobs.get(row.blobName);
  if (sha256Hex(bytes) !== row.sha256)
    throw new AppError('INTEGRITY_FAILURE', 'A stored template asset does not match its digest.', {
      details: { assetId: row.publicId },
    });
  return bytes;
}

/** One asset's file, for the designer to show. */
export async function downloadAsset(
  ctx: AppContext,
  actor: Actor | null,
  input: { organisationId: string; assetId: string },
): Promise<{ bytes: Buffer; mediaType: TemplateAssetMediaType; fileName: string }> {
  const organisation = await requireTemplateAccess(ctx, actor, input.organisationId, 'read');
  const row = await findTemplateAsset(ctx.db, organisation.id, input.assetId);
  if (row === undefined) throw new AppError('NOT_FOUND', 'No template asset with this id.');
  return {
    bytes: await readAssetBytes(ctx, row),
    mediaType: row.mediaType,
    fileName: row.fileName,
  };
}
