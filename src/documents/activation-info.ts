import type { AppContext } from '../context.js';
import { findOrganisationById } from '../db/repositories/organisation.repository.js';
import { AppError } from '../errors.js';
import type { Locale } from '../i18n/locale.js';
import { issuerProfile } from '../issuers/issuer.js';
import { getCurrentTerms } from '../terms/current-terms.js';
import type { IssuerProfile } from '../issuers/issuer.js';
import { documentState } from './document.js';
import type { DocumentState } from './document.js';
import { loadDocument } from './document-access.js';

export interface ActivationInfo {
  documentId: string;
  title: string;
  state: DocumentState;
  issuedAt: string;
  expiresAt: string | null;
  issuer: IssuerProfile;
  /** The recipient terms in force, in the page's language; `version` is what activation names. */
  terms: { version: number; label: string; language: string; body: string; publishedAt: string };
}

/**
 * What the activation page shows before the secret is used: issuer, document title, state and
 * the current terms. Nothing personal: the record is still encrypted.
 */
export async function getActivationInfo(
  ctx: AppContext,
  documentId: string,
  language: Locale,
): Promise<ActivationInfo> {
  const row = await loadDocument(ctx, documentId);
  const organisation = await findOrganisationById(ctx.db, row.organisationId);
  if (organisation === undefined) throw new AppError('INTERNAL', 'The document has no issuer.');
  const terms = await getCurrentTerms(ctx, 'recipient', language);
  return {
    documentId: row.publicId,
    title: row.title,
    state: documentState(row, ctx.now()),
    issuedAt: row.issuedAt,
    expiresAt: row.expiresAt,
    issuer: issuerProfile(organisation, ctx.publicUrl),
    terms: {
      version: terms.version,
      label: terms.label,
      language: terms.language,
      body: terms.body,
      publishedAt: terms.publishedAt,
    },
  };
}
