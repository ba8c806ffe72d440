import { normaliseEmail } from '../accounts/credentials.js';
import type { DocumentRow } from '../db/tables/documents.table.js';
import { AppError } from '../errors.js';
import { checkText } from '../input/check-text.js';
import { isLocale } from '../i18n/locale.js';
import type { Locale } from '../i18n/locale.js';

/** Built-in templates; an issuer-designed template is named by its public id instead. */
export const TEMPLATES = ['certificate'] as const;
export type TemplateName = (typeof TEMPLATES)[number];
const DESIGNED_TEMPLATE_ID = /^[A-Za-z0-9_-]{22}$/;

// A type alias, not an interface, so records stay assignable to JsonValue (canonical JSON).
export type DocumentField = {
  label: string;
  value: string;
};

/**
 * The recipient record: everything personal about one document. Stored only encrypted under the
 * document's DEK; its canonical JSON (which includes a random salt) is what the issuance
 * commitment hashes.
 */
export type RecipientRecord = {
  version: 1;
  documentId: string;
  issuerId: string;
  /** A built-in template's name, or the public id of a designed template. */
  template: string;
  title: string;
  recipient: { name: string; email: string };
  fields: DocumentField[];
  issuedAt: string;
  expiresAt: string | null;
  /** 256 random bits, base64url: makes the commitment and the PDF digest unguessable. */
  salt: string;
};

/** What a verifier or issuer sees as the document's state right now. */
export type DocumentState = 'pending' | 'active' | 'suspended' | 'revoked' | 'expired';

/**
 * Revoked wins over expired, expired over suspended (a suspension cannot outlive the document);
 * expired is derived from the date, never stored.
 */
export function documentState(
  row: Pick<DocumentRow, 'status' | 'expiresAt'>,
  now: Date,
): DocumentState {
  if (row.status === 'revoked') return 'revoked';
  if (row.expiresAt !== null && row.expiresAt <= now.toISOString()) return 'expired';
  return row.status;
}

/**
 * Why a document is revoked, from a fixed list (the free-text reason comes beside it):
 * - `issued_in_error`: it should never have been issued (wrong person, wrong data);
 * - `superseded`: replaced by a corrected document;
 * - `withdrawn`: the achievement or right it attests was withdrawn (e.g. after an inquiry);
 * - `fraud`: obtained by fraud;
 * - `other`: anything else, said in the text.
 */
export const REVOCATION_CODES = [
  'issued_in_error',
  'superseded',
  'withdrawn',
  'fraud',
  'other',
] as const;
export type RevocationCode = (typeof REVOCATION_CODES)[number];

/**
 * The last day a document is valid, as the issuer typed it (YYYY-MM-DD), or null when its expiry
 * is not a whole day: an expiry given as a date is stored as the next midnight UTC ("valid
 * through 30 June" is "expires 1 July 00:00 UTC"), so that instant's day before is shown.
 */
export function lastValidDay(expiresAt: string): string | null {
  if (!expiresAt.endsWith('T00:00:00.000Z')) return null;
  const day = new Date(expiresAt);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/**
 * The expiry as a document shows it in words (the PDF's "Valid until", a template's
 * `{{expiresAt}}`, which print its UTC day): the last valid day's midnight for a whole-day
 * expiry, the instant itself otherwise.
 */
export function expiryAsShown(expiresAt: string | null): string | null {
  if (expiresAt === null) return null;
  const day = lastValidDay(expiresAt);
  return day === null ? expiresAt : `${day}T00:00:00.000Z`;
}

export interface IssueInput {
  /** A built-in template's name, or the public id of one of the organisation's templates. */
  template: string;
  title: string;
  recipientName: string;
  recipientEmail: string;
  fields: DocumentField[];
  expiresAt: string | null;
  locale: Locale;
}

export const LIMITS = {
  name: 200,
  title: 200,
  fieldCount: 20,
  fieldLabel: 60,
  fieldValue: 500,
  reason: 500,
} as const;

function invalid(field: string, message: string): AppError {
  return new AppError('INVALID_INPUT', `${field} ${message}`, { details: { field } });
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Whether the written year, month, day, hour and minute exist (JavaScript would roll 02-30 over). */
function isRealCalendarTime(value: string): boolean {
  const [year, month, day, hour = 0, minute = 0, second = 0] = (value.match(/\d+/g) ?? []).map(
    Number,
  );
  if (year === undefined || month === undefined || day === undefined) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60
  );
}

/**
 * Parses an expiry: a date (valid through that whole day, UTC) or an ISO date-time. It must be
 * in the future — a document cannot be issued already expired.
 */
export function parseExpiry(value: unknown, now: Date): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || !(DATE_ONLY.test(value) || DATE_TIME.test(value))) {
    throw invalid('expiresAt', 'must be a date (YYYY-MM-DD) or an ISO-8601 date-time.');
  }
  if (!isRealCalendarTime(value)) throw invalid('expiresAt', 'is not a real date and time.');
  const parsed = new Date(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  if (DATE_ONLY.test(value)) parsed.setUTCDate(parsed.getUTCDate() + 1);
  if (parsed.getTime() <= now.getTime()) throw invalid('expiresAt', 'must be in the future.');
  return parsed.toISOString();
}

/** Validates and normalises what an issuer sends to issue one document. */
export function checkIssueInput(
  input: {
    template?: unknown;
    title?: unknown;
    recipient?: { name?: unknown; email?: unknown } | null;
    fields?: unknown;
    expiresAt?: unknown;
    locale?: unknown;
  },
  now: Date,
): IssueInput {
  const template = input.template ?? 'certificate';
  if (
    typeof template !== 'string' ||
    !((TEMPLATES as readonly string[]).includes(template) || DESIGNED_TEMPLATE_ID.test(template))
  ) {
    throw invalid('template', `must be "${TEMPLATES.join('", "')}" or the id of a template.`);
  }
  if (typeof input.recipient !== 'object' || input.recipient === null)
    throw invalid('recipient', 'must be an object with name and email.');
  const email = input.recipient.email;
  if (typeof email !== 'string') throw invalid('recipient.email', 'must be a string.');
  const locale = input.locale ?? 'en';
  if (!isLocale(locale)) throw invalid('locale', 'must be "en" or "fr".');
  const rawFields = input.fields ?? [];
  if (!Array.isArray(rawFields)) throw invalid('fields', 'must be a list of { label, value }.');
  if (rawFields.length > LIMITS.fieldCount)
    throw invalid('fields', `must have at most ${LIMITS.fieldCount} entries.`);
  const fields = rawFields.map((field: unknown, index) => {
    if (typeof field !== 'object' || field === null)
      throw invalid(`fields[${index}]`, 'must be an object with label and value.');
    const { label, value } = field as { label?: unknown; value?: unknown };
    return {
      label: checkText(label, `fields[${index}].label`, LIMITS.fieldLabel),
      value: checkText(value, `fields[${index}].value`, LIMITS.fieldValue),
    };
  });
  return {
    template,
    title: checkText(input.title, 'title', LIMITS.title),
    recipientName: checkText(input.recipient.name, 'recipient.name', LIMITS.name),
    recipientEmail: normaliseEmail(email, 'recipient.email'),
    fields,
    expiresAt: parseExpiry(input.expiresAt, now),
    locale,
  };
}

/** Links a recipient or verifier follows. The secret only ever travels in the fragment. */
export function activationUrl(
  publicUrl: string,
  documentId: string,
  encodedSecret: string,
): string {
  return `${publicUrl}/activate/${documentId}#${encodedSecret}`;
}

export function verificationUrl(publicUrl: string, documentId: string): string {
  return `${publicUrl}/verify/${documentId}`;
}
