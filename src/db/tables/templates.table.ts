import type { Generated, Selectable } from 'kysely';

/** What an uploaded template asset is, as sniffed and parsed from its bytes (never as declared). */
export type TemplateAssetMediaType =
  'application/pdf' | 'image/png' | 'image/jpeg' | 'font/ttf' | 'font/otf';

/** A file an issuer uploaded for templates. Immutable: versions keep rendering. Not personal data. */
export interface TemplateAssetsTable {
  id: Generated<number>;
  publicId: string;
  organisationId: number;
  mediaType: TemplateAssetMediaType;
  /** The uploaded file's name, cleaned up, for the designer's asset list. */
  fileName: string;
  byteSize: number;
  /** SHA-256 (hex) of the bytes, checked when they are read back. */
  sha256: string;
  /** Random name in the blob store. */
  blobName: string;
  /** Pixels for images, points for a PDF page; null for fonts. */
  width: number | null;
  height: number | null;
  /** The family name a font file declares; null for other assets. */
  fontFamily: string | null;
  createdAt: string;
  createdByUserId: number | null;
}

export type TemplateStatus = 'active' | 'archived';

export interface TemplatesTable {
  id: Generated<number>;
  publicId: string;
  organisationId: number;
  /** The name of the latest version. */
  name: string;
  status: TemplateStatus;
  latestVersion: number;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

/** One saved state of a template; never updated, so documents render as they were issued. */
export interface TemplateVersionsTable {
  id: Generated<number>;
  templateId: number;
  version: number;
  name: string;
  /** The definition exactly as saved (JSON text). */
  definition: string;
  /** What the designer wrote about this version; null when nothing. Not personal data. */
  note: string | null;
  createdAt: string;
  createdByUserId: number | null;
}

export type TemplateAssetRow = Selectable<TemplateAssetsTable>;
export type TemplateRow = Selectable<TemplatesTable>;
export type TemplateVersionRow = Selectable<TemplateVersionsTable>;
