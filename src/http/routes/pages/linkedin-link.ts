/**
 * LinkedIn's public "Add to profile" link for a certification
 * (https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&…): the recipient's browser
 * opens it and LinkedIn pre-fills the form. Our server never calls LinkedIn. Every value is
 * public (title, issuer, dates, the document id and its verify page), never the recipient.
 */
export interface LinkedInCertification {
  /** The certification's name: the document title. */
  readonly name: string;
  /** The issuing organisation's name. */
  readonly organizationName: string;
  /** ISO-8601: the month and year of issuance are sent. */
  readonly issuedAt: string;
  /** ISO-8601 of the last valid instant, or null when it does not expire. */
  readonly expiresAt: string | null;
  /** The credential id: the document's public id. */
  readonly certId: string;
  /** The credential URL: the document's verify page. */
  readonly certUrl: string;
}

const LINKEDIN_ADD_TO_PROFILE = 'https://www.linkedin.com/profile/add';

/** The year and month (1–12) of an instant, in UTC; null for an invalid date. */
function yearMonth(iso: string): { year: string; month: string } | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return { year: String(date.getUTCFullYear()), month: String(date.getUTCMonth() + 1) };
}

/** The add-to-profile URL; the expiry fields are left out for a document that does not expire. */
export function linkedInAddToProfileUrl(certification: LinkedInCertification): string {
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: certification.name,
    organizationName: certification.organizationName,
  });
  const issued = yearMonth(certification.issuedAt);
  if (issued !== null) {
    params.set('issueYear', issued.year);
    params.set('issueMonth', issued.month);
  }
  const expires = certification.expiresAt === null ? null : yearMonth(certification.expiresAt);
  if (expires !== null) {
    params.set('expirationYear', expires.year);
    params.set('expirationMonth', expires.month);
  }
  params.set('certId', certification.certId);
  params.set('certUrl', certification.certUrl);
  return `${LINKEDIN_ADD_TO_PROFILE}?${params.toString()}`;
}
