/**
 * The account pages' script (plain JS, served as /assets/account.js): sign-up, its confirmation,
 * password reset, invitation acceptance. E-mailed links carry their token in the URL fragment:
 * the script reads it, removes it from the address bar at once (it stays only in this script's
 * memory) and posts it in a request body. Outcomes and errors are announced in the page's
 * aria-live region, and the field at fault gets aria-invalid and the focus.
 * Written without template literals so that it can live in this String.raw constant.
 */
export const ACCOUNT_SCRIPT = String.raw`'use strict';
(() => {
  const dataElement = document.getElementById('page-data');
  const data = JSON.parse((dataElement && dataElement.textContent) || '{}');
  const strings = data.strings;
  const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,128}$/;
  const byId = (id) => document.getElementById(id);
  const message = byId('form-message');
  let busy = false;
  let token = null;

  const fill = (template, values) => template.replace(/\{(\w+)\}/g, (placeholder, name) => (name in values ? String(values[name]) : placeholder));

  const show = (text, kind) => {
    if (!message) return;
    message.textContent = text;
    message.className = kind ? 'notice notice-' + kind : 'notice';
  };

  const clearInvalid = () => {
    document.querySelectorAll('[aria-invalid="true"]').forEach((element) => element.removeAttribute('aria-invalid'));
  };

  /** Shows an error, marks the field at fault (if any) and moves the focus to it. */
  const fail = (text, input) => {
    clearInvalid();
    show(text, 'error');
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  };

  const readJson = async (response) => {
    try {
      return await response.json();
    } catch (error) {
      return null;
    }
  };

  const post = (path, payload) =>
    fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(payload),
      cache: 'no-store',
      credentials: 'same-origin',
    });

  const errorOf = (body) => (body && typeof body === 'object' && body.error && typeof body.error === 'object' ? body.error : {});

  /** The translated sentence for an API error, by its code and details. */
  const errorText = (response, body) => {
    const errors = strings.errors;
    const error = errorOf(body);
    const code = typeof error.code === 'string' ? error.code : '';
    const details = error.details && typeof error.details === 'object' ? error.details : {};
    if (code === 'RATE_LIMITED' || response.status === 429) {
      let seconds = Number(response.headers.get('retry-after'));
      if (!(seconds > 0) && typeof details.retryAfterSeconds === 'number') seconds = details.retryAfterSeconds;
      if (!(seconds > 0)) return errors.RATE_LIMITED_LATER;
      const minutes = Math.max(1, Math.ceil(seconds / 60));
      return minutes === 1 ? errors.RATE_LIMITED_ONE : fill(errors.RATE_LIMITED_MANY, { minutes: minutes });
    }
    if (code === 'LINK_INVALID' || response.status === 410) return errors.LINK_INVALID;
    if (code === 'SECOND_FACTOR_REQUIRED') return errors.SECOND_FACTOR_REQUIRED;
    if (code === 'INVALID_CREDENTIALS') return details.field === 'code' ? errors.WRONG_CODE : errors.WRONG_PASSWORD;
    if (code === 'INVALID_INPUT') {
      if (typeof details.rule === 'string' && Object.prototype.hasOwnProperty.call(errors, details.rule)) return errors[details.rule];
      if (details.field === 'email') return errors.INVALID_EMAIL;
      if (details.field === 'recoveryKeys') return fill(errors.RECOVERY_KEY, { organisation: String(details.organisationId || '') });
      return typeof error.message === 'string' && error.message !== '' ? error.message : errors.GENERIC;
    }
    if (code === 'CONFLICT') return data.page === 'invitation' ? errors.ALREADY_MEMBER : errors.CONFLICT;
    if (code === 'UPSTREAM_FAILED') return errors.UPSTREAM_FAILED;
    return errors.GENERIC;
  };

  /** The input an API error is about, to mark and focus. */
  const inputFor = (body, fields) => {
    const error = errorOf(body);
    const details = error.details && typeof error.details === 'object' ? error.details : {};
    if (error.code === 'SECOND_FACTOR_REQUIRED' || details.field === 'code') return fields.code || null;
    if (details.field === 'email') return fields.email || null;
    if (details.field === 'recoveryKeys') return fields.recoveryKey || null;
    if (typeof details.rule === 'string' || details.field === 'password') return fields.password || null;
    if (error.code === 'INVALID_CREDENTIALS') return fields.password || null;
    return null;
  };

  /**
   * Runs one submission: nothing twice at a time, progress announced, the button marked busy.
   * 'send' returns the response; 'done' gets the parsed body of a success.
   */
  const submit = async (button, send, done, fields) => {
    if (busy) return;
    busy = true;
    if (button) button.setAttribute('aria-disabled', 'true');
    clearInvalid();
    show(strings.working, 'info');
    try {
      const response = await send();
      const body = await readJson(response);
      if (response.ok) done(body || {});
      else fail(errorText(response, body), inputFor(body, fields || {}));
      return response;
    } catch (error) {
      show(strings.errors.NETWORK, 'error');
      return null;
    } finally {
      busy = false;
      if (button) button.removeAttribute('aria-disabled');
    }
  };

  /** Hides the forms, shows the "done" panel and moves the focus to its heading. */
  const finish = (hide) => {
    hide.forEach((id) => {
      const element = byId(id);
      if (element) element.hidden = true;
    });
    show('', '');
    const panel = byId('done');
    if (panel) panel.hidden = false;
    const heading = byId('done-heading');
    if (heading) heading.focus();
  };

  /** Checks the two new-password fields; false (and the error shown) when they do not do. */
  const newPasswordReady = (password, confirmation) => {
    if (password.value === '') {
      fail(strings.passwordMissing, password);
      return false;
    }
    if (confirmation && confirmation.value !== password.value) {
      fail(strings.mismatch, confirmation);
      return false;
    }
    return true;
  };

  /**
   * The token is only ever in the fragment: read it, then drop it from the address bar and the
   * history entry. Returns whether a valid token is now held.
   */
  const takeToken = (initial) => {
    const raw = window.location.hash.slice(1);
    const valid = TOKEN_PATTERN.test(raw);
    // Later fragment changes that are no token (the skip link's #main) change nothing.
    if (!initial && !valid) return token !== null;
    if (window.location.href.indexOf('#') !== -1) {
      window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
    }
    if (valid) token = raw;
    else if (initial) token = null;
    return token !== null;
  };

  // Switching language reloads the page: carry the token over in the new URL's fragment.
  document.querySelectorAll('.lang-switch a').forEach((link) => {
    link.addEventListener('click', () => {
      if (token !== null) link.href = link.href.split('#')[0] + '#' + token;
    });
  });

  /** An e-mail form that asks for a link (sign-up, password reset): same answer whatever happens. */
  const emailRequest = (formId, buttonId, path, sentText) => {
    const form = byId(formId);
    const email = byId('email');
    const button = byId(buttonId);
    if (!form || !email) return;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (email.value.trim() === '') {
        fail(strings.emailMissing, email);
        return;
      }
      await submit(button, () => post(path, { email: email.value.trim(), locale: data.locale }), () => show(sentText, 'ok'), { email: email });
    });
  };

  const signUpConfirm = () => {
    const form = byId('account-form');
    const password = byId('password');
    const confirmation = byId('password-confirm');
    const button = byId('submit-button');
    const refreshToken = (initial) => {
      const held = takeToken(initial);
      button.disabled = !held;
      if (!held) show(strings.missingToken, 'error');
      else if (!initial) show('', '');
    };
    refreshToken(true);
    window.addEventListener('hashchange', () => refreshToken(false));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (token === null) {
        show(strings.missingToken, 'error');
        return;
      }
      if (!newPasswordReady(password, confirmation)) return;
      await submit(
        button,
        () => post('/api/signups/confirm', { token: token, password: password.value }),
        () => {
          password.value = '';
          confirmation.value = '';
          finish(['account-form', 'intro']);
        },
        { password: password },
      );
    });
  };

  const passwordReset = () => {
    const requestSection = byId('request-section');
    const chooseSection = byId('choose-section');
    const form = byId('account-form');
    const password = byId('password');
    const confirmation = byId('password-confirm');
    const code = byId('code');
    const organisationId = byId('organisation-id');
    const recoveryKey = byId('recovery-key');
    const button = byId('submit-button');
    const newLink = byId('new-link');
    emailRequest('request-form', 'request-button', '/api/password-resets', strings.resetSent);
    const choose = (initial) => {
      const held = takeToken(initial);
      requestSection.hidden = held;
      chooseSection.hidden = !held;
      if (held && !initial) show('', '');
    };
    choose(true);
    window.addEventListener('hashchange', () => choose(false));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
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
      const payload = { token: token, password: password.value, locale: data.locale };
      if (code.value.trim() !== '') payload.code = code.value.trim();
      // One recovery key per organisation key (a rotation makes a new one): any number, spaced.
      if (orgId !== '') payload.recoveryKeys = key.split(/[\s,;]+/).filter((part) => part !== '').slice(0, 20).map((part) => ({ organisationId: orgId, recoveryKey: part }));
      const response = await submit(
        button,
        () => post('/api/password-resets/complete', payload),
        (body) => {
          const recovered = Array.isArray(body.recovered) ? body.recovered : [];
          const lost = Array.isArray(body.keyAccessLost) ? body.keyAccessLost : [];
          const lines = [];
          if (recovered.length > 0) lines.push(fill(strings.recovered, { list: recovered.join(', ') }));
          if (lost.length > 0) lines.push(fill(strings.keyAccessLost, { list: lost.join(', ') }));
          if (lines.length === 0) lines.push(strings.nothingLost);
          byId('done-keys').textContent = lines.join(' ');
          [password, confirmation, code, recoveryKey].forEach((input) => {
            input.value = '';
          });
          finish(['choose-section', 'new-link']);
        },
        { password: password, code: code, recoveryKey: recoveryKey },
      );
      if (newLink && response && response.status === 410) newLink.hidden = false;
    });
  };

  const invitation = () => {
    const form = byId('account-form');
    const summary = byId('invitation-summary');
    const button = byId('submit-button');
    const password = byId('password');
    const confirmation = byId('password-confirm');
    const currentPassword = byId('current-password');
    let accountExists = false;
    if (!takeToken(true)) {
      show(strings.missingToken, 'error');
      return;
    }
    const load = async () => {
      show(strings.loading, 'info');
      try {
        const response = await post('/api/invitations/preview', { token: token });
        const body = await readJson(response);
        if (!response.ok || !body) {
          fail(errorText(response, body), null);
          return;
        }
        accountExists = body.accountExists === true;
        const role = Object.prototype.hasOwnProperty.call(strings.roles, body.role) ? strings.roles[body.role] : String(body.role);
        summary.textContent = fill(strings.invited, { organisation: String(body.organisationName), role: role });
        summary.hidden = false;
        byId('intro').hidden = true;
        byId('existing-account-fields').hidden = !accountExists;
        byId('new-account-fields').hidden = accountExists;
        byId('new-account-text').hidden = accountExists;
        form.hidden = false;
        show('', '');
        (accountExists ? currentPassword : password).focus();
      } catch (error) {
        show(strings.errors.NETWORK, 'error');
      }
    };
    void load();
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      let chosen;
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
      await submit(
        button,
        () => post('/api/invitations/accept', { token: token, password: chosen }),
        (body) => {
          [password, confirmation, currentPassword].forEach((input) => {
            input.value = '';
          });
          byId('key-access-text').hidden = body.keyAccess === true;
          finish(['account-form', 'invitation-summary']);
        },
        { password: accountExists ? currentPassword : password },
      );
    });
  };

  if (data.page === 'sign-up') emailRequest('account-form', 'submit-button', '/api/signups', strings.signUpSent);
  else if (data.page === 'sign-up-confirm') signUpConfirm();
  else if (data.page === 'password-reset') passwordReset();
  else if (data.page === 'invitation') invitation();
})();
`;
