import type { Generated, Selectable } from 'kysely';

/** Who the terms are for: recipients accept at activation, issuer users in the console. */
export type TermsKindColumn = 'recipient' | 'issuer';
/** A draft can be edited or deleted; a published version never changes. */
export type TermsStatusColumn = 'draft' | 'published';
/** How an acceptance was given. */
export type AcceptanceMethodColumn = 'console' | 'activation_page' | 'api';

/** One version of the recipient or issuer terms, in English and French. */
export interface TermsVersionsTable {
  id: Generated<number>;
  kind: TermsKindColumn;
  /** What people see as the version name, e.g. "2026-12". */
  label: string;
  bodyEn: string;
  bodyFr: string;
  status: TermsStatusColumn;
  /** The date the admin asked it to apply from; null for "as soon as published". */
  effectiveFrom: string | null;
  createdAt: string;
  updatedAt: string;
  createdByUserId: number | null;
  publishedAt: string | null;
  publishedByUserId: number | null;
  /** Set at publication: the later of `effectiveFrom` and the publication. Null for drafts. */
  effectiveAt: string | null;
}

/**
 * One acceptance of one terms version. Who is an id only: the user, or the document a recipient
 * activated (never a name or an address). `language` is null only for acceptances carried over
 * from before it was recorded.
 */
export interface TermsAcceptancesTable {
  id: Generated<number>;
  termsVersionId: number;
  kind: TermsKindColumn;
  userId: number | null;
  documentId: number | null;
  language: 'en' | 'fr' | null;
  method: AcceptanceMethodColumn;
  acceptedAt: string;
}

export type TermsVersionRow = Selectable<TermsVersionsTable>;
export type TermsAcceptanceRow = Selectable<TermsAcceptancesTable>;
