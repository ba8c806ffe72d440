import { interpolate, lookUp } from './catalogue.js';
import type { MessageKey, MessageTree } from './catalogue.js';
import { locale } from './locale.js';
import type { Locale } from './locale.js';
import { account } from './messages/account.js';
import { admin } from './messages/admin.js';
import { auth } from './messages/auth.js';
import { common } from './messages/common.js';
import { dashboard } from './messages/dashboard.js';
import { designer } from './messages/designer.js';
import { documents } from './messages/documents.js';
import { dpo } from './messages/dpo.js';
import { errors } from './messages/errors.js';
import { onboarding } from './messages/onboarding.js';
import { organisation } from './messages/organisation.js';
import { terms } from './messages/terms.js';
import { webhooks } from './messages/webhooks.js';
import { batches } from './messages/batches.js';
import { audit } from './messages/audit.js';
import { privacy } from './messages/privacy.js';
import { reminders } from './messages/reminders.js';

export { locale, setLocale, LOCALES } from './locale.js';
export type { Locale } from './locale.js';

/** Every area's catalogue; a new area adds one line here and one file under messages/. */
const AREAS = {
  common,
  errors,
  auth,
  account,
  onboarding,
  dashboard,
  documents,
  organisation,
  designer,
  admin,
  terms,
  dpo,
  webhooks,
  batches,
  audit,
  privacy,
  reminders,
};

type Catalogue = { readonly [K in keyof typeof AREAS]: (typeof AREAS)[K]['en'] };
/** A key of the catalogue: `t('documents.list.title')` is checked by the compiler. */
export type MessageId = MessageKey<Catalogue>;

const CATALOGUES: Record<Locale, MessageTree> = {
  en: Object.fromEntries(Object.entries(AREAS).map(([area, m]) => [area, m.en])),
  fr: Object.fromEntries(Object.entries(AREAS).map(([area, m]) => [area, m.fr])),
};

/**
 * The string for `id` in the console's language, `{placeholders}` filled from params (a
 * plural message picks its form from `params.count`). Reactive: components re-render when
 * the language changes.
 */
export function t(id: MessageId, params: Readonly<Record<string, string | number>> = {}): string {
  const message = lookUp(CATALOGUES[locale.value], id) ?? lookUp(CATALOGUES.en, id);
  if (message === undefined) return id;
  if (typeof message === 'string') return interpolate(message, params);
  const count = Number(params.count ?? 0);
  const form = new Intl.PluralRules(locale.value).select(count) === 'one' ? 'one' : 'other';
  return interpolate(message[form], { ...params, count: formatNumber(count) });
}

/** Whether the catalogue has a string for this id (error codes from the server, say). */
export function hasMessage(id: string): id is MessageId {
  return lookUp(CATALOGUES.en, id) !== undefined;
}

/** A number in the person's locale (1,234 / 1 234). */
export function formatNumber(value: number): string {
  return new Intl.NumberFormat(locale.value).format(value);
}

/**
 * A file size in binary units, as the limits are stated ("at most 10 MiB"): 12 bytes, 340 KiB,
 * 1.2 MiB — in the person's locale (Kio, Mio in French).
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return t('common.sizes.bytes', { n: formatNumber(bytes) });
  if (bytes < 1024 * 1024)
    return t('common.sizes.kib', { n: formatNumber(Math.max(1, Math.round(bytes / 1024))) });
  return t('common.sizes.mib', {
    n: new Intl.NumberFormat(locale.value, { maximumFractionDigits: 1 }).format(
      bytes / (1024 * 1024),
    ),
  });
}

/** A date (no time) in the person's locale; `timeZone: 'UTC'` for dates that are days. */
export function formatDate(
  iso: string | null | undefined,
  options: { utc?: boolean } = {},
): string {
  if (iso === null || iso === undefined || iso === '') return '—';
  return new Intl.DateTimeFormat(locale.value, {
    dateStyle: 'medium',
    ...(options.utc === true ? { timeZone: 'UTC' } : {}),
  }).format(new Date(iso));
}

/** A date and time in the person's locale and time zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '—';
  return new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

/** "3 days ago" / "il y a 3 jours", from now. */
export function formatAge(iso: string, now: Date = new Date()): string {
  const seconds = (new Date(iso).getTime() - now.getTime()) / 1000;
  const format = new Intl.RelativeTimeFormat(locale.value, { numeric: 'auto' });
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 365 * 86400],
    ['month', 30 * 86400],
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];
  for (const [unit, size] of steps)
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  return format.format(Math.round(seconds), 'second');
}
