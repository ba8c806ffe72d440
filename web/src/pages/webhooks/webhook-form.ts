import { t } from '../../i18n/index.js';
import type { EventType } from './webhook-labels.js';

/** The errors the form shows before asking the server (which checks again). */
export function endpointFormErrors(input: { url: string; eventTypes: readonly EventType[] }): {
  url: string | null;
  events: string | null;
} {
  const url = input.url.trim();
  let urlError: string | null = null;
  if (url === '') urlError = t('webhooks.form.urlRequired');
  else if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    urlError = t('webhooks.form.urlInvalid');
  return {
    url: urlError,
    events: input.eventTypes.length === 0 ? t('webhooks.form.eventsRequired') : null,
  };
}
