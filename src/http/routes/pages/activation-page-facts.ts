import type { AppContext } from '../../../context.js';
import { findOrganisationById } from '../../../db/repositories/organisation.repository.js';
import { verificationUrl } from '../../../documents/document.js';
import { loadDocument } from '../../../documents/document-access.js';
import { isLocale } from '../../../i18n/locale.js';
import type { Locale } from '../../../i18n/locale.js';
import { hasPublicProfile } from '../../../issuers/issuer.js';

/** What the activation page shows beyond ActivationInfo. Nothing personal. */
export interface ActivationPageFacts {
  /** The document's language (the e-mail's and the PDF's): the page's unless `?lang=` says otherwise. */
  readonly locale: Locale;
  /** The issuer's logo, served by the platform; null when it has none (or no public profile). */
  readonly logoUrl: string | null;
  /** The document's public verify page, absolute (share link, QR code, LinkedIn). */
  readonly verifyUrl: string;
}

/** Throws NOT_FOUND (as the page's 404) for an unknown document. */
export async function activationPageFacts(
  ctx: AppContext,
  documentId: string,
): Promise<ActivationPageFacts> {
  const row = await loadDocument(ctx, documentId);
  const organisation = await findOrganisationById(ctx.db, row.organisationId);
  const logoUrl =
    organisation !== undefined && organisation.logoBlob !== null && hasPublicProfile(organisation)
      ? `/api/issuers/${encodeURIComponent(organisation.publicId)}/logo`
      : null;
  return {
    locale: isLocale(row.locale) ? row.locale : 'en',
    logoUrl,
    verifyUrl: verificationUrl(ctx.publicUrl, row.publicId),
  };
}
