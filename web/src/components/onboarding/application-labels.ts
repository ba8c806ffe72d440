import { t } from '../../i18n/index.js';
import type { MessageId } from '../../i18n/index.js';

/** The application's fields in form order (PATCH /api/organisations/{id}/application). */
export const FIELDS = [
  'legalName',
  'registrationNumber',
  'country',
  'website',
  'contactName',
  'contactEmail',
  'domain',
] as const;
export type Field = (typeof FIELDS)[number];

/** The label of a field, or of "evidence" in the list of what is missing. */
export function missingLabel(name: string): string {
  if (name === 'evidence') return t('onboarding.application.submit.evidence');
  const id = `onboarding.application.details.${name}`;
  return (FIELDS as readonly string[]).includes(name) ? t(id as MessageId) : name;
}

const KINDS = ['registration_certificate', 'proof_of_address', 'authorisation_letter', 'other'];
export const EVIDENCE_KINDS = KINDS as readonly string[];

/** "Registration certificate" for `registration_certificate`. */
export function kindLabel(kind: string): string {
  return KINDS.includes(kind)
    ? t(`onboarding.application.evidence.kinds.${kind}` as MessageId)
    : kind;
}

const TYPES = ['application/pdf', 'image/png', 'image/jpeg'];

/** "PDF" for application/pdf. */
export function typeLabel(mediaType: string): string {
  return TYPES.includes(mediaType)
    ? t(`onboarding.application.evidence.types.${mediaType}` as MessageId)
    : mediaType;
}
