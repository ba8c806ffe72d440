/**
 * The activation page (/activate/<id>#<secret>): takes the secret from the link (kept for this tab
 * only, see link-secret.ts), posts it with the acceptance of the terms, then offers the PDF, its
 * timestamp proof, a share link, LinkedIn's add-to-profile link and a QR code — again on every
 * return through the link and after a reload.
 */
import type { ActivatePageData } from '../../src/http/routes/pages/page-data.js';
import { takeLinkSecret } from './activate/link-secret.js';
import { wireRights } from './activate/rights.js';
import { drawQrCode, wireCopyButton } from './activate/share.js';
import { apiErrorOf, postJson, rateLimitText, readJson } from './shared/api.js';
import { byId, fill, hideAll, saveBlob, showNotice } from './shared/dom.js';
import { readPageData } from './shared/page-data.js';

const data = readPageData<ActivatePageData>();
const strings = data.strings;
const FILE_NAME_PATTERN = /^[A-Za-z0-9_-]+\.pdf$/;
const apiPath = `/api/activations/${encodeURIComponent(data.documentId)}`;

const form = byId('activate-form', HTMLFormElement);
const checkbox = byId('accept-terms', HTMLInputElement);
const activateButton = byId('activate-button', HTMLButtonElement);
const message = byId('activation-message');
const secretNote = byId('secret-note');
const ready = byId('ready');
const downloadButton = byId('download-button', HTMLButtonElement);
const proofButton = byId('proof-button', HTMLButtonElement);
const downloadMessage = byId('download-message');
let busy = false;
let fileName = data.fileName;
let secret: string | null = null;

/** The translated sentence for an API error (by its code), with the wait for rate limits. */
function errorText(response: Response, body: unknown): string {
  const errors = strings.errors;
  const waiting = rateLimitText(response, body, errors, (template, minutes) =>
    fill(template, { minutes }),
  );
  if (waiting !== null) return waiting;
  const code = apiErrorOf(body).code;
  switch (code) {
    case 'ACTIVATION_FAILED':
    case 'TERMS_NOT_ACCEPTED':
    case 'CONFLICT':
    case 'NOT_FOUND':
      return errors[code];
    default:
      return errors.GENERIC;
  }
}

interface ActivationResult {
  status: 'active';
  sha256: string;
  fileName?: unknown;
}

function isActivationResult(body: unknown): body is ActivationResult {
  if (typeof body !== 'object' || body === null) return false;
  const { status, sha256 } = body as Record<string, unknown>;
  return status === 'active' && typeof sha256 === 'string';
}

function showReady(result: ActivationResult, focus: boolean): void {
  if (typeof result.fileName === 'string' && FILE_NAME_PATTERN.test(result.fileName))
    fileName = result.fileName;
  const digest = byId('ready-sha256');
  if (digest !== null) digest.textContent = result.sha256;
  const state = document.querySelector('.state');
  if (state !== null) {
    state.textContent = strings.activeState;
    state.className = 'state state-active';
    state.setAttribute('data-state', 'active');
  }
  showNotice(message, '', '');
  hideAll(['intro', 'terms-section', 'activate-form', 'state-notice', 'secret-note', 'lost-link']);
  if (ready !== null) ready.hidden = false;
  void drawQrCode(byId('qr-code', HTMLCanvasElement), data.verifyUrl);
  if (focus) byId('ready-heading')?.focus();
}

/** Posts the activation (idempotent once active: the same document comes back). */
async function activate(acceptTerms: boolean, focus: boolean): Promise<void> {
  if (secret === null) return;
  busy = true;
  form?.setAttribute('aria-busy', 'true');
  activateButton?.setAttribute('aria-disabled', 'true');
  showNotice(message, strings.working, 'info');
  try {
    const response = await postJson(apiPath, {
      secret,
      acceptTerms,
      termsVersion: data.termsVersion,
    });
    const body = await readJson(response);
    if (response.ok && isActivationResult(body)) showReady(body, focus);
    else showNotice(message, errorText(response, body), 'error');
  } catch {
    showNotice(message, strings.errors.NETWORK, 'error');
  } finally {
    busy = false;
    form?.removeAttribute('aria-busy');
    activateButton?.removeAttribute('aria-disabled');
  }
}

/** Reads the secret (fragment, else this tab's) and updates the form to match. */
function refreshSecret(initial: boolean): void {
  const taken = takeLinkSecret(data.documentId, initial);
  if (taken === undefined) return;
  secret = taken;
  if (form === null || ready === null || !ready.hidden) return;
  if (activateButton !== null) activateButton.disabled = secret === null;
  if (secretNote !== null) secretNote.hidden = secret === null;
  if (secret === null) showNotice(message, strings.missingSecret, 'error');
  else showNotice(message, '', '');
}

refreshSecret(true);
// The link pasted again into this tab changes only the fragment: no reload, so read it here.
window.addEventListener('hashchange', () => refreshSecret(false));

// An active document with the secret at hand (a return through the link, a reload after
// activating): show the document at once.
if (data.state === 'active' && secret !== null) void activate(false, false);

form?.addEventListener('submit', (event) => {
  event.preventDefault();
  if (busy) return;
  if (secret === null) {
    showNotice(message, strings.missingSecret, 'error');
    return;
  }
  if (checkbox !== null && !checkbox.checked) {
    showNotice(message, strings.mustAccept, 'error');
    checkbox.focus();
    return;
  }
  void activate(checkbox?.checked ?? false, true);
});

/** Downloads one of the document's files; `request` answers the file or an API error. */
async function download(
  button: HTMLButtonElement,
  request: () => Promise<Response>,
  name: string,
  pending?: string,
): Promise<void> {
  if (busy) return;
  busy = true;
  button.setAttribute('aria-disabled', 'true');
  showNotice(downloadMessage, strings.downloading, 'info');
  try {
    const response = await request();
    if (response.status === 409 && pending !== undefined) {
      showNotice(downloadMessage, pending, 'info');
      return;
    }
    if (!response.ok) {
      showNotice(downloadMessage, errorText(response, await readJson(response)), 'error');
      return;
    }
    saveBlob(await response.blob(), name);
    showNotice(downloadMessage, strings.downloaded, 'ok');
  } catch {
    showNotice(downloadMessage, strings.errors.NETWORK, 'error');
  } finally {
    busy = false;
    button.removeAttribute('aria-disabled');
  }
}

downloadButton?.addEventListener('click', () => {
  if (secret === null) return;
  const body = { secret };
  void download(
    downloadButton,
    () => postJson(`${apiPath}/pdf`, body, 'application/pdf'),
    fileName,
  );
});

// The proof is public (hashes only): a plain GET, 409 while the digest waits for its batch.
proofButton?.addEventListener('click', () => {
  const url = `/api/documents/${encodeURIComponent(data.documentId)}/proof.ots`;
  void download(
    proofButton,
    () => fetch(url, { cache: 'no-store', headers: { accept: 'application/octet-stream' } }),
    `${fileName}.ots`,
    strings.proofPending,
  );
});

wireCopyButton(
  byId('copy-link', HTMLButtonElement),
  byId('share-link', HTMLInputElement),
  byId('copy-message'),
  strings,
);

wireRights({ documentId: data.documentId, strings, secret: () => secret, errorText });
