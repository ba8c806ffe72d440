/**
 * "Lost your link?" (/recipient/lost-link): posts the e-mail address and shows the platform's
 * answer, the same whatever the address.
 */
import type { LostLinkPageData } from '../../src/http/routes/pages/page-data.js';
import { apiErrorOf, postJson, rateLimitText, readJson } from './shared/api.js';
import { byId, fill, showNotice } from './shared/dom.js';
import { readPageData } from './shared/page-data.js';

const data = readPageData<LostLinkPageData>();
const strings = data.strings;
const form = byId('lost-link-form', HTMLFormElement);
const email = byId('lost-link-email', HTMLInputElement);
const submit = byId('lost-link-submit', HTMLButtonElement);
const message = byId('lost-link-message');
let busy = false;

function errorText(response: Response, body: unknown): string {
  const waiting = rateLimitText(response, body, strings.errors, (template, minutes) =>
    fill(template, { minutes }),
  );
  if (waiting !== null) return waiting;
  return apiErrorOf(body).code === 'INVALID_INPUT' || response.status === 400
    ? strings.errors.INVALID_INPUT
    : strings.errors.GENERIC;
}

async function send(address: string): Promise<void> {
  busy = true;
  form?.setAttribute('aria-busy', 'true');
  submit?.setAttribute('aria-disabled', 'true');
  showNotice(message, strings.sending, 'info');
  try {
    const response = await postJson('/api/recipient/requests', {
      email: address,
      locale: data.locale,
    });
    const body = await readJson(response);
    if (response.ok) {
      showNotice(message, strings.sent, 'ok');
      if (form !== null) form.reset();
    } else {
      showNotice(message, errorText(response, body), 'error');
      email?.setAttribute('aria-invalid', 'true');
    }
  } catch {
    showNotice(message, strings.errors.NETWORK, 'error');
  } finally {
    busy = false;
    form?.removeAttribute('aria-busy');
    submit?.removeAttribute('aria-disabled');
  }
}

form?.addEventListener('submit', (event) => {
  event.preventDefault();
  if (busy || email === null) return;
  const address = email.value.trim();
  if (address === '' || !email.checkValidity()) {
    email.setAttribute('aria-invalid', 'true');
    showNotice(message, strings.missingEmail, 'error');
    email.focus();
    return;
  }
  email.removeAttribute('aria-invalid');
  void send(address);
});
