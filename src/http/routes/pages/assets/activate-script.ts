/**
 * The activation page's script (plain JS, served as /assets/activate.js). It takes the secret
 * from the URL fragment, removes it from the address bar at once (it stays only in this
 * script's memory), posts it with the acceptance of the terms, and offers the PDF for download.
 * Written without template literals so that it can live in this String.raw constant.
 */
export const ACTIVATE_SCRIPT = String.raw`'use strict';
(() => {
  const dataElement = document.getElementById('page-data');
  const data = JSON.parse((dataElement && dataElement.textContent) || '{}');
  const strings = data.strings;
  const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;
  const FILE_NAME_PATTERN = /^[A-Za-z0-9_-]+\.pdf$/;
  const apiPath = '/api/activations/' + encodeURIComponent(data.documentId);

  const byId = (id) => document.getElementById(id);
  const form = byId('activate-form');
  const checkbox = byId('accept-terms');
  const activateButton = byId('activate-button');
  const message = byId('activation-message');
  const secretNote = byId('secret-note');
  const ready = byId('ready');
  const downloadButton = byId('download-button');
  const downloadMessage = byId('download-message');
  let busy = false;
  let fileName = data.fileName;

  const fill = (template, values) => template.replace(/\{(\w+)\}/g, (placeholder, name) => (name in values ? String(values[name]) : placeholder));

  const show = (region, text, kind) => {
    if (!region) return;
    region.textContent = text;
    region.className = kind ? 'notice notice-' + kind : 'notice';
  };

  const readJson = async (response) => {
    try {
      return await response.json();
    } catch (error) {
      return null;
    }
  };

  /** The translated sentence for an API error (by its code), with the wait for rate limits. */
  const errorText = (response, body) => {
    const errors = strings.errors;
    const error = body && typeof body === 'object' && body.error ? body.error : {};
    const code = typeof error.code === 'string' ? error.code : '';
    if (code === 'RATE_LIMITED' || response.status === 429) {
      let seconds = Number(response.headers.get('retry-after'));
      if (!(seconds > 0) && error.details && typeof error.details.retryAfterSeconds === 'number') seconds = error.details.retryAfterSeconds;
      if (!(seconds > 0)) return errors.RATE_LIMITED_LATER;
      const minutes = Math.max(1, Math.ceil(seconds / 60));
      return minutes === 1 ? errors.RATE_LIMITED_ONE : fill(errors.RATE_LIMITED_MANY, { minutes: minutes });
    }
    if (code === 'ACTIVATION_FAILED' || code === 'TERMS_NOT_ACCEPTED' || code === 'CONFLICT' || code === 'NOT_FOUND') return errors[code];
    return errors.GENERIC;
  };

  const post = (path, payload, accept) =>
    fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: accept },
      body: JSON.stringify(payload),
      cache: 'no-store',
      credentials: 'same-origin',
    });

  const showReady = (result) => {
    if (typeof result.fileName === 'string' && FILE_NAME_PATTERN.test(result.fileName)) fileName = result.fileName;
    byId('ready-sha256').textContent = result.sha256;
    const state = document.querySelector('.state');
    if (state) {
      state.textContent = strings.activeState;
      state.className = 'state state-active';
      state.setAttribute('data-state', 'active');
    }
    show(message, '', '');
    ['intro', 'terms-section', 'activate-form', 'state-notice', 'secret-note'].forEach((id) => {
      const element = byId(id);
      if (element) element.hidden = true;
    });
    ready.hidden = false;
    byId('ready-heading').focus();
  };

  let secret = null;

  /**
   * The secret is only ever in the fragment: read it, then drop it from the address bar and the
   * history entry, so that it stays only in this script's memory.
   */
  const takeSecretFromFragment = (initial) => {
    const rawSecret = window.location.hash.slice(1);
    const valid = SECRET_PATTERN.test(rawSecret);
    // Later fragment changes that are no secret (the skip link's #main) leave everything as it is.
    if (!initial && !valid) return;
    if (window.location.href.indexOf('#') !== -1) {
      window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
    }
    secret = valid ? rawSecret : null;
    if (!form || !ready.hidden) return;
    activateButton.disabled = secret === null;
    if (secretNote) secretNote.hidden = secret === null;
    if (secret === null) show(message, strings.missingSecret, 'error');
    else show(message, '', '');
  };
  takeSecretFromFragment(true);
  // The link pasted again into this tab changes only the fragment: no reload, so read it here.
  window.addEventListener('hashchange', () => takeSecretFromFragment(false));

  if (form) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (busy) return;
      if (secret === null) {
        show(message, strings.missingSecret, 'error');
        return;
      }
      if (checkbox && !checkbox.checked) {
        show(message, strings.mustAccept, 'error');
        checkbox.focus();
        return;
      }
      busy = true;
      form.setAttribute('aria-busy', 'true');
      activateButton.setAttribute('aria-disabled', 'true');
      show(message, strings.working, 'info');
      try {
        const response = await post(apiPath, { secret: secret, acceptTerms: checkbox ? checkbox.checked : false, termsVersion: data.termsVersion }, 'application/json');
        const body = await readJson(response);
        if (response.ok && body && body.status === 'active' && typeof body.sha256 === 'string') showReady(body);
        else show(message, errorText(response, body), 'error');
      } catch (error) {
        show(message, strings.errors.NETWORK, 'error');
      } finally {
        busy = false;
        form.removeAttribute('aria-busy');
        activateButton.removeAttribute('aria-disabled');
      }
    });
  }

  if (downloadButton) {
    downloadButton.addEventListener('click', async () => {
      if (busy || secret === null) return;
      busy = true;
      downloadButton.setAttribute('aria-disabled', 'true');
      show(downloadMessage, strings.downloading, 'info');
      try {
        const response = await post(apiPath + '/pdf', { secret: secret }, 'application/pdf');
        if (!response.ok) {
          show(downloadMessage, errorText(response, await readJson(response)), 'error');
          return;
        }
        const url = URL.createObjectURL(await response.blob());
        const link = document.createElement('a');
        link.href = url;
        link.download = fileName;
        link.hidden = true;
        document.body.appendChild(link);
        link.click();
        link.remove();
        window.setTimeout(() => URL.revokeObjectURL(url), 60000);
        show(downloadMessage, strings.downloaded, 'ok');
      } catch (error) {
        show(downloadMessage, strings.errors.NETWORK, 'error');
      } finally {
        busy = false;
        downloadButton.removeAttribute('aria-disabled');
      }
    });
  }

  // Switching language reloads the page: carry the secret over in the new URL's fragment.
  document.querySelectorAll('.lang-switch a').forEach((link) => {
    link.addEventListener('click', () => {
      if (secret !== null) link.href = link.href.split('#')[0] + '#' + secret;
    });
  });
})();
`;
