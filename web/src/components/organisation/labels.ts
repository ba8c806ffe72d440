import { t } from '../../i18n/index.js';

/** The roles of a member, highest first (DESIGN §2). */
export const ROLES = ['owner', 'admin', 'operator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string | null | undefined): value is Role {
  return (ROLES as readonly string[]).includes(value ?? '');
}

/** A role in the person's language; an unknown one (api_key) as given. */
export function roleLabel(role: string | null | undefined): string {
  return isRole(role) ? t(`organisation.roles.${role}`) : (role ?? '—');
}

const STATUSES = [
  'draft',
  'submitted',
  'approved',
  'rejected',
  'more_info_requested',
  'suspended',
] as const;
type Status = (typeof STATUSES)[number];

/** An organisation's status in the person's language, and the badge tone that goes with it. */
export function statusOf(status: string): { label: string; tone: 'ok' | 'warn' | 'bad' | 'info' } {
  if (!(STATUSES as readonly string[]).includes(status)) return { label: status, tone: 'info' };
  const known = status as Status;
  const tone =
    known === 'approved'
      ? 'ok'
      : known === 'rejected' || known === 'suspended'
        ? 'bad'
        : known === 'draft'
          ? 'info'
          : 'warn';
  return { label: t(`organisation.statuses.${known}`), tone };
}
