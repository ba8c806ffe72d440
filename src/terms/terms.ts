import type { TermsAcceptanceRow, TermsVersionRow } from '../db/tables/terms.table.js';
import { AppError } from '../errors.js';
import type { Locale } from '../i18n/locale.js';

/** Who the terms are for: recipients accept at activation, issuer users in the console. */
export const TERMS_KINDS = ['recipient', 'issuer'] as const;
export type TermsKind = (typeof TERMS_KINDS)[number];

/** How an acceptance was given: a click in the console, the activation page, or an API call. */
export const ACCEPTANCE_METHODS = ['console', 'activation_page', 'api'] as const;
export type AcceptanceMethod = (typeof ACCEPTANCE_METHODS)[number];

/** The audit trail's words for terms management and acceptance (ids only in the detail). */
export const TERMS_ACTIONS = {
  draftCreated: 'terms.draft_created',
  draftUpdated: 'terms.draft_updated',
  draftDeleted: 'terms.draft_deleted',
  published: 'terms.published',
  accepted: 'terms.accepted',
} as const;

/** Limits of a version's label and texts (checked by the routes' schemas too). */
export const TERMS_LIMITS = { labelLength: 40, bodyLength: 100_000 } as const;

/** A terms version as platform admins see it: both texts, its state and dates. */
export interface TermsVersion {
  id: number;
  kind: TermsKind;
  label: string;
  status: 'draft' | 'published';
  bodyEn: string;
  bodyFr: string;
  effectiveFrom: string | null;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  /** When it applies (or applied): set at publication; null for drafts. */
  effectiveAt: string | null;
}

/** A published version in one language, as recipients and issuer users read it. */
export interface TermsText {
  /** The version's id: what an acceptance names. */
  version: number;
  kind: TermsKind;
  label: string;
  language: Locale;
  /** Plain text (paragraphs separated by blank lines); shown as text, never as HTML. */
  body: string;
  publishedAt: string;
  effectiveAt: string;
}

/** One recorded acceptance, as exported to the person it concerns. */
export interface Consent {
  kind: TermsKind;
  version: number;
  label: string;
  /** The language the text was shown in; null for acceptances recorded before it was kept. */
  language: Locale | null;
  method: AcceptanceMethod;
  acceptedAt: string;
}

export function termsVersionOf(row: TermsVersionRow): TermsVersion {
  return {
    id: row.id,
    kind: row.kind,
    label: row.label,
    status: row.status,
    bodyEn: row.bodyEn,
    bodyFr: row.bodyFr,
    effectiveFrom: row.effectiveFrom,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    publishedAt: row.publishedAt,
    effectiveAt: row.effectiveAt,
  };
}

/** A published version's text in `language`. */
export function termsTextOf(row: TermsVersionRow, language: Locale): TermsText {
  if (row.publishedAt === null || row.effectiveAt === null)
    throw new AppError('INTERNAL', 'A draft has no text to accept.');
  return {
    version: row.id,
    kind: row.kind,
    label: row.label,
    language,
    body: language === 'fr' ? row.bodyFr : row.bodyEn,
    publishedAt: row.publishedAt,
    effectiveAt: row.effectiveAt,
  };
}

export function consentOf(
  row: Pick<
    TermsAcceptanceRow,
    'termsVersionId' | 'kind' | 'language' | 'method' | 'acceptedAt'
  > & {
    label: string;
  },
): Consent {
  return {
    kind: row.kind,
    version: row.termsVersionId,
    label: row.label,
    language: row.language,
    method: row.method,
    acceptedAt: row.acceptedAt,
  };
}

/** Checks a label and the two texts: present (not only spaces) and within the limits. */
export function checkTermsContent(input: { label: string; bodyEn: string; bodyFr: string }): {
  label: string;
  bodyEn: string;
  bodyFr: string;
} {
  const label = input.label.trim();
  const fields = [
    ['label', label, TERMS_LIMITS.labelLength],
    ['bodyEn', input.bodyEn, TERMS_LIMITS.bodyLength],
    ['bodyFr', input.bodyFr, TERMS_LIMITS.bodyLength],
  ] as const;
  for (const [field, value, limit] of fields) {
    if (value.trim() === '')
      throw new AppError('INVALID_INPUT', `The ${field} of the terms must not be empty.`, {
        details: { field },
      });
    if (value.length > limit)
      throw new AppError('INVALID_INPUT', `The ${field} of the terms is longer than ${limit}.`, {
        details: { field },
      });
  }
  return { label, bodyEn: input.bodyEn, bodyFr: input.bodyFr };
}

/** Checks an optional "effective from" date: an ISO-8601 instant, or null. */
export function checkEffectiveFrom(value: string | null | undefined): string | null {
  if (value === undefined || value === null || value === '') return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new AppError('INVALID_INPUT', 'effectiveFrom must be a date (ISO 8601).', {
      details: { field: 'effectiveFrom' },
    });
  return date.toISOString();
}
