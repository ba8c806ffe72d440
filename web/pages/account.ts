/**
 * The account pages (sign-up, its confirmation, password reset, invitation acceptance). E-mailed
 * links carry their token in the URL fragment: the script reads it, removes it from the address
 * bar at once (it stays only in this script's memory) and posts it in a request body. Outcomes
 * and errors are announced in the page's aria-live region; the field at fault gets aria-invalid
 * and the focus.
 */
import type { AccountPageData } from '../../src/http/routes/pages/page-data.js';
import { apiErrorOf, postJson, rateLimitText, readJson } from './shared/api.js';
import { byId, fill, hideAll, showNotice } from './shared/dom.js';
import type { NoticeKind } from './shared/dom.js';
import { onLanguageSwitch } from './shared/language-switch.js';
import { readPageData } from './shared/page-data.js';

const data = readPageData<AccountPageData>();
const strings = data.strings;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,128}$/;
const message = byId('form-message');
let busy = false;
let token: string | null = null;

type Fields = Partial<Record<'code' | 'email' | 'recoveryKey' | 'password', HTMLInputElement>>;

function show(text: string, kind: NoticeKind): void {
  showNotice(message, text, kind);
}

function clearInvalid(): void {
  document
    .querySelectorAll('[aria-invalid="true"]')
    .forEach((element) => element.removeAttribute('aria-invalid'));
}

/** Shows an error, marks the field at fault (if any) and moves the focus to it. */
function fail(text: string, input: HTMLInputElement | null | undefined): void {
  clearInvalid();
  show(text, 'error');
  if (input) {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }
}

function isErrorKey(key: string): key is keyof typeof strings.errors {
  return Object.hasOwn(strings.errors, key);
}

/** The translated sentence for an API error, by its code and details. */
function errorText(response: Response, body: unknown): string {
  const errors = strings.errors;
  const waiting = rateLimitText(response, body, errors, (template, minutes) =>
    fill(template, { minutes }),
  );
  if (waiting !== null) return waiting;
  const error = apiErrorOf(body);
  const details = error.details ?? {};
  const code = typeof error.code === 'string' ? error.code : '';
  if (code === 'LINK_INVALID' || response.status === 410) return errors.LINK_INVALID;
  if (code === 'SECOND_FACTOR_REQUIRED') return errors.SECOND_FACTOR_REQUIRED;
  if (code === 'INVALID_CREDENTIALS')
    return details['field'] === 'code' ? errors.WRONG_CODE : errors.WRONG_PASSWORD;
  if (code === 'INVALID_INPUT') {
    const rule = details['rule'];
    if (typeof rule === 'string' && isErrorKey(rule)) return errors[rule];
    if (details['field'] === 'email') return errors.INVALID_EMAIL;
    if (details['field'] === 'recoveryKeys')
      return fill(errors.RECOVERY_KEY, {
        organisation:
          typeof details['organisationId'] === 'string' ? details['organisationId'] : '',
      });
    return typeof error.message === 'string' && error.message !== ''
      ? error.message
      : errors.GENERIC;
  }
  if (code === 'CONFLICT')
    return data.page === 'invitation' ? errors.ALREADY_MEMBER : errors.CONFLICT;
  if (code === 'UPSTREAM_FAILED') return errors.UPSTREAM_FAILED;
  return errors.GENERIC;
}

/** The input an API error is about, to mark and focus. */
function inputFor(body: unknown, fields: Fields): HTMLInputElement | null {
  const error = apiErrorOf(body);
  const details = error.details ?? {};
  if (error.code === 'SECOND_FACTOR_REQUIRED' || details['field'] === 'code')
    return fields.code ?? null;
  if (details['field'] === 'email') return fields.email ?? null;
  if (details['field'] === 'recoveryKeys') return fields.recoveryKey ?? null;
  if (typeof details['rule'] === 'string' || details['field'] === 'password')
    return fields.password ?? null;
  if (error.code === 'INVALID_CREDENTIALS') return fields.password ?? null;
  return null;
}

/**
 * Runs one submission: nothing twice at a time, progress announced, the button marked busy.
 * `send` returns the response; `done` gets the parsed body of a success.
 */
async function submit(
  button: HTMLElement | null,
  send: () => Promise<Response>,
  done: (body: Record<string, unknown>) => void,
  fields: Fields = {},
): Promise<Response | null> {
  if (busy) return null;
  busy = true;
  button?.setAttribute('aria-disabled', 'true');
  clearInvalid();
  show(strings.working, 'info');
  try {
    const response = await send();
    const body = await readJson(response);
    if (response.ok)
      done(typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {});
    else fail(errorText(response, body), inputFor(body, fields));
    return response;
  } catch {
    show(strings.errors.NETWORK, 'error');
    return null;
  } finally {
    busy = false;
    button?.removeAttribute('aria-disabled');
  }
}

/** Hides the forms, shows the "done" panel and moves the focus to its heading. */
function finish(hide: readonly string[]): void {
  hideAll(hide);
  show('', '');
  const panel = byId('done');
  if (panel !== null) panel.hidden = false;
  byId('done-heading')?.focus();
}

/** Checks the two new-password fields; false (and the error shown) when they do not do. */
function newPasswordReady(
  password: HTMLInputElement,
  confirmation: HTMLInputElement | null,
): boolean {
  if (password.value === '') {
    fail(strings.passwordMissing, password);
    return false;
  }
  if (confirmation !== null && confirmation.value !== password.value) {
    fail(strings.mismatch, confirmation);
    return false;
  }
  return true;
}

/**
 * The token is only ever in the fragment: read it, then drop it from the address bar and the
 * history entry. Returns whether a valid token is now held.
 */
function takeToken(initial: boolean): boolean {
  const raw = window.location.hash.slice(1);
  const valid = TOKEN_PATTERN.test(raw);
  // Later fragment changes that are no token (the skip link's #main) change nothing.
  if (!initial && !valid) return token !== null;
  if (window.location.href.includes('#'))
    window.history.replaceState(
      window.history.state,
      '',
      window.location.pathname + window.location.search,
    );
  if (valid) token = raw;
  else if (initial) token = null;
  return token !== null;
}

// Switching language reloads the page: carry the token over in the new URL's fragment.
onLanguageSwitch((link) => {
  if (token !== null) link.href = `${link.href.split('#')[0] ?? ''}#${token}`;
});

/** An e-mail form that asks for a link (sign-up, password reset): same answer whatever happens. */
function emailRequest(formId: string, buttonId: string, path: string, sentText: string): void {
  const form = byId(formId, HTMLFormElement);
  const email = byId('email', HTMLInputElement);
  const button = byId(buttonId);
  if (form === null || email === null) return;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (email.value.trim() === '') {
      fail(strings.emailMissing, email);
      return;
    }
    void submit(
      button,
      () => postJson(path, { email: email.value.trim(), locale: data.locale }),
      () => show(sentText, 'ok'),
      { email },
    );
  });
}

function signUpConfirm(): void {
  const form = byId('account-form', HTMLFormElement);
  const password = byId('password', HTMLInputElement);
  const confirmation = byId('password-confirm', HTMLInputElement);
  const button = byId('submit-button', HTMLButtonElement);
  if (form === null || password === null || button === null) return;
  const refreshToken = (initial: boolean): void => {
    const held = takeToken(initial);
    button.disabled = !held;
    if (!held) show(strings.missingToken, 'error');
    else if (!initial) show('', '');
  };
  refreshToken(true);
  window.addEventListener('hashchange', () => refreshToken(false));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (token === null) {
      show(strings.missingToken, 'error');
      return;
    }
    if (!newPasswordReady(password, confirmation)) return;
    const payload = { token, password: password.value };
    void submit(
      button,
      () => postJson('/api/signups/confirm', payload),
      () => {
        password.value = '';
        if (confirmation !== null) confirmation.value = '';
        finish(['account-form', 'intro']);
      },
      { password },
    );
  });
}

interface ResetPayload {
  token: string;
  password: string;
  locale: string;
  code?: string;
  recoveryKeys?: Array<{ organisationId: string; recoveryKey: string }>;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function passwordReset(): void {
  const requestSection = byId('request-section');
  const chooseSection = byId('choose-section');
  const form = byId('account-form', HTMLFormElement);
  const password = byId('password', HTMLInputElement);
  const confirmation = byId('password-confirm', HTMLInputElement);
  const code = byId('code', HTMLInputElement);
  const organisationId = byId('organisation-id', HTMLInputElement);
  const recoveryKey = byId('recovery-key', HTMLInputElement);
  const button = byId('submit-button');
  const newLink = byId('new-link');
  emailRequest('request-form', 'request-button', '/api/password-resets', strings.resetSent);
  const choose = (initial: boolean): void => {
    const held = takeToken(initial);
    if (requestSection !== null) requestSection.hidden = held;
    if (chooseSection !== null) chooseSection.hidden = !held;
    if (held && !initial) show('', '');
  };
  choose(true);
  window.addEventListener('hashchange', () => choose(false));
  if (
    form === null ||
    password === null ||
    code === null ||
    organisationId === null ||
    recoveryKey === null
  )
    return;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      if (token === null) {
        show(strings.missingToken, 'error');
        return;
      }
      if (!newPasswordReady(password, confirmation)) return;
      const orgId = organisationId.value.trim();
      const key = recoveryKey.value.trim();
      if ((orgId === '') !== (key === '')) {
        fail(strings.recoveryPairIncomplete, orgId === '' ? organisationId : recoveryKey);
        return;
      }
      const payload: ResetPayload = { token, password: password.value, locale: data.locale };
      if (code.value.trim() !== '') payload.code = code.value.trim();
      // One recovery key per organisation key (a rotation makes a new one): any number, spaced.
      if (orgId !== '')
        payload.recoveryKeys = key
          .split(/[\s,;]+/)
          .filter((part) => part !== '')
          .slice(0, 20)
          .map((part) => ({ organisationId: orgId, recoveryKey: part }));
      const response = await submit(
        button,
        () => postJson('/api/password-resets/complete', payload),
        (body) => {
          const recovered = stringList(body['recovered']);
          const lost = stringList(body['keyAccessLost']);
          const lines: string[] = [];
          if (recovered.length > 0)
            lines.push(fill(strings.recovered, { list: recovered.join(', ') }));
          if (lost.length > 0) lines.push(fill(strings.keyAccessLost, { list: lost.join(', ') }));
          if (lines.length === 0) lines.push(strings.nothingLost);
          const keys = byId('done-keys');
          if (keys !== null) keys.textContent = lines.join(' ');
          for (const input of [password, confirmation, code, recoveryKey])
            if (input !== null) input.value = '';
          finish(['choose-section', 'new-link']);
        },
        { password, code, recoveryKey },
      );
      if (newLink !== null && response?.status === 410) newLink.hidden = false;
    })();
  });
}

function invitation(): void {
  const form = byId('account-form', HTMLFormElement);
  const summary = byId('invitation-summary');
  const button = byId('submit-button');
  const password = byId('password', HTMLInputElement);
  const confirmation = byId('password-confirm', HTMLInputElement);
  const currentPassword = byId('current-password', HTMLInputElement);
  if (form === null || summary === null || password === null || currentPassword === null) return;
  let accountExists = false;
  if (!takeToken(true) || token === null) {
    show(strings.missingToken, 'error');
    return;
  }
  const held = token;
  const setHidden = (id: string, hidden: boolean): void => {
    const element = byId(id);
    if (element !== null) element.hidden = hidden;
  };
  const load = async (): Promise<void> => {
    show(strings.loading, 'info');
    try {
      const response = await postJson('/api/invitations/preview', { token: held });
      const body = await readJson(response);
      if (!response.ok || typeof body !== 'object' || body === null) {
        fail(errorText(response, body), null);
        return;
      }
      const preview = body as Record<string, unknown>;
      accountExists = preview['accountExists'] === true;
      const roles = strings.roles as Record<string, string>;
      const roleName = String(preview['role']);
      const role = roles[roleName] ?? roleName;
      summary.textContent = fill(strings.invited, {
        organisation: String(preview['organisationName']),
        role,
      });
      summary.hidden = false;
      setHidden('intro', true);
      setHidden('existing-account-fields', !accountExists);
      setHidden('new-account-fields', accountExists);
      setHidden('new-account-text', accountExists);
      form.hidden = false;
      show('', '');
      (accountExists ? currentPassword : password).focus();
    } catch {
      show(strings.errors.NETWORK, 'error');
    }
  };
  void load();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    let chosen: string;
    if (accountExists) {
      if (currentPassword.value === '') {
        fail(strings.passwordMissing, currentPassword);
        return;
      }
      chosen = currentPassword.value;
    } else {
      if (!newPasswordReady(password, confirmation)) return;
      chosen = password.value;
    }
    void submit(
      button,
      () => postJson('/api/invitations/accept', { token: held, password: chosen }),
      (body) => {
        for (const input of [password, confirmation, currentPassword])
          if (input !== null) input.value = '';
        setHidden('key-access-text', body['keyAccess'] === true);
        finish(['account-form', 'invitation-summary']);
      },
      { password: accountExists ? currentPassword : password },
    );
  });
}

switch (data.page) {
  case 'sign-up':
    emailRequest('account-form', 'submit-button', '/api/signups', strings.signUpSent);
    break;
  case 'sign-up-confirm':
    signUpConfirm();
    break;
  case 'password-reset':
    passwordReset();
    break;
  case 'invitation':
    invitation();
    break;
}
