import { normaliseEmail } from '../accounts/credentials.js';
import { AppError } from '../errors.js';
import { checkText } from '../input/check-text.js';
import { checkDomainName } from './domain-proof/domain-name.js';

/**
 * The fields of a verification application and how each is checked. Every check trims and
 * normalises, or throws one INVALID_INPUT sentence naming the field (details.field) — without
 * repeating what was typed, which may be personal data.
 */
export const APPLICATION_FIELDS = [
  'legalName',
  'registrationNumber',
  'country',
  'website',
  'contactName',
  'contactEmail',
  'domain',
] as const;
export type ApplicationField = (typeof APPLICATION_FIELDS)[number];
export type ApplicationFields = Record<ApplicationField, string | null>;

/**
 * ISO 3166-1 alpha-2: the 249 officially assigned codes (no user-assigned or reserved ones such
 * as XK, EU or UK).
 */
const COUNTRY_CODES: ReadonlySet<string> = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ ' +
    'BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM ' +
    'DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS ' +
    'GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN ' +
    'KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ ' +
    'MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM ' +
    'PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV ' +
    'SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI ' +
    'VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

/** Whether `code` is an assigned ISO 3166-1 alpha-2 country code (upper case). */
export function isCountryCode(code: string): boolean {
  return COUNTRY_CODES.has(code);
}

export const COUNTRY_CODE_COUNT = COUNTRY_CODES.size;

function invalid(field: ApplicationField, message: string): AppError {
  return new AppError('INVALID_INPUT', message, { details: { field } });
}

/** Upper-cases and checks an ISO 3166-1 alpha-2 country code. */
export function checkCountry(value: string): string {
  const code = value.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code) || !isCountryCode(code)) {
    throw invalid(
      'country',
      'country must be an ISO 3166-1 alpha-2 country code, such as FR, DE or GB.',
    );
  }
  return code;
}

const MAX_WEBSITE_LENGTH = 2000;

/** An https address of a public domain name, without credentials; returned normalised. */
export function checkWebsite(value: string): string {
  const trimmed = value.trim();
  const problem =
    'website must be an https address on a public domain name, such as https://example.org.';
  if (trimmed.length === 0 || trimmed.length > MAX_WEBSITE_LENGTH) {
    throw invalid(
      'website',
      `website must be an https address of at most ${MAX_WEBSITE_LENGTH} characters.`,
    );
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw invalid('website', problem);
  }
  if (url.protocol !== 'https:') throw invalid('website', 'website must start with https://.');
  if (url.username !== '' || url.password !== '')
    throw invalid('website', 'website must not contain a user name or password.');
  try {
    checkDomainName(url.hostname);
  } catch {
    throw invalid('website', problem);
  }
  return url.toString();
}

/** The host of a website checked by {@link checkWebsite}: the default domain to prove. */
export function websiteDomain(website: string): string {
  return checkDomainName(new URL(website).hostname);
}

/** Checks one field's value; `null` is never accepted here (fields are set, not cleared). */
export function checkApplicationField(field: ApplicationField, value: unknown): string {
  if (typeof value !== 'string') throw invalid(field, `${field} must be a string.`);
  switch (field) {
    case 'legalName':
      return checkText(value, field, 200);
    case 'registrationNumber':
      return checkText(value, field, 100);
    case 'contactName':
      return checkText(value, field, 200);
    case 'country':
      return checkCountry(value);
    case 'website':
      return checkWebsite(value);
    case 'contactEmail':
      return normaliseEmail(value, 'contactEmail');
    case 'domain':
      return checkDomainName(value);
  }
}

/** The required fields still empty, in form order. */
export function missingFields(fields: ApplicationFields): ApplicationField[] {
  return APPLICATION_FIELDS.filter((field) => fields[field] === null || fields[field] === '');
}
