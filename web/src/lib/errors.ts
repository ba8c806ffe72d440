import { ApiError } from '../api/client.js';
import { hasMessage, t } from '../i18n/index.js';

/**
 * What to tell the person about a failure, in their language: the catalogue's sentence for the
 * error code, plus the server's own detail when it says more (which field, which limit).
 */
export function describeError(error: unknown): { text: string; detail: string | null } {
  if (!(error instanceof ApiError)) return { text: t('common.states.error'), detail: null };
  if (error.code === 'NETWORK') return { text: t('errors.network'), detail: null };
  const id = `errors.codes.${error.code}`;
  const text = hasMessage(id) ? t(id) : t('errors.unexpected', { status: error.status });
  const hidden = error.status >= 500 && error.code !== 'UPSTREAM_FAILED';
  return { text, detail: hidden || error.message === '' ? null : error.message };
}

/** The field an INVALID_INPUT error names (`recipient.email`), to show it next to that field. */
export function fieldOf(error: unknown): string | null {
  return error instanceof ApiError && error.code === 'INVALID_INPUT' ? error.field : null;
}
