import { hasMessage, locale, t } from '../../i18n/index.js';
import type { ResponseOf } from '../../api/types.js';

/** One organisation as the admin lists show it (GET /api/admin/issuers). */
export type IssuerSummary = ResponseOf<'/api/admin/issuers', 'get'>['issuers'][number];
export type IssuerStatus = IssuerSummary['status'];

/** The statuses in the order of the journey (DESIGN §2), for filters. */
export const ISSUER_STATUSES: readonly IssuerStatus[] = [
  'submitted',
  'more_info_requested',
  'draft',
  'approved',
  'rejected',
  'suspended',
];

/** The badge tone of a status; the label always says it in words too. */
export function statusTone(status: IssuerStatus): 'ok' | 'warn' | 'bad' | 'info' | 'neutral' {
  switch (status) {
    case 'approved':
      return 'ok';
    case 'submitted':
      return 'info';
    case 'more_info_requested':
      return 'warn';
    case 'rejected':
    case 'suspended':
      return 'bad';
    case 'draft':
      return 'neutral';
  }
}

/** A status in words. */
export function statusLabel(status: IssuerStatus): string {
  return t(`admin.status.${status}`);
}

/** "France" for FR in the person's language; the code itself when the browser does not know it. */
export function countryName(code: string | null): string {
  if (code === null || code === '') return '—';
  try {
    return new Intl.DisplayNames(locale.value, { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The kind of an evidence file in words (registration certificate…). */
export function evidenceKindLabel(kind: string): string {
  const id = `admin.evidenceKinds.${kind}`;
  return hasMessage(id) ? t(id) : kind;
}

/** An audit event type (`organisation.approved`) in words, or the type itself if unknown. */
export function eventLabel(type: string): string {
  const id = `admin.audit.events.${type}`;
  return hasMessage(id) ? t(id) : type;
}
