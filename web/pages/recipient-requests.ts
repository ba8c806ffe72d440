/**
 * The e-mailed lost-link page (/recipient/requests#<token>): takes the token from the fragment
 * (kept for this tab only, like the activation secret), lists the documents issued to the
 * address, and exports them (ZIP) or erases them after a ticked confirmation. The token travels
 * only in request bodies; export and erase use it up.
 */
import type { LostLinkPageData } from '../../src/http/routes/pages/page-data.js';
import { takeLinkSecret } from './activate/link-secret.js';
import { apiErrorOf, postJson, rateLimitText, readJson } from './shared/api.js';
import { byId, element, fill, hideAll, saveBlob, showNotice } from './shared/dom.js';
import { readPageData } from './shared/page-data.js';

interface RequestedDocument {
  documentId: string;
  title: string;
  issuerName: string;
  state: keyof LostLinkPageData['strings']['states'];
  restricted: boolean;
  issuedAt: string;
  exportable: boolean;
}

interface Listing {
  expiresAt: string;
  documents: RequestedDocument[];
}

const data = readPageData<LostLinkPageData>();
const strings = data.strings;
const message = byId('requests-message');
const documentsSection = byId('requests-documents');
const actions = byId('requests-actions');
const exportButton = byId('requests-export', HTMLButtonElement);
const eraseForm = byId('requests-erase-form', HTMLFormElement);
const confirm = byId('requests-erase-confirm', HTMLInputElement);
const eraseButton = byId('requests-erase', HTMLButtonElement);
// The storage slot is this page's own (the helper keys it by the name given).
const token = takeLinkSecret('recipient-requests', true) ?? null;
let busy = false;

function isListing(body: unknown): body is Listing {
  if (typeof body !== 'object' || body === null) return false;
  const { expiresAt, documents } = body as Record<string, unknown>;
  return typeof expiresAt === 'string' && Array.isArray(documents);
}

function formatDate(iso: string, withTime: boolean): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(strings.dateLocale, {
    dateStyle: 'long',
    ...(withTime ? { timeStyle: 'short' } : {}),
  }).format(date);
}

/** The link is used up or expired: say so, and offer to ask again. */
function linkGone(text: string): void {
  showNotice(message, text, 'error');
  hideAll(['requests-actions']);
  const again = byId('requests-ask-again');
  if (again !== null) again.hidden = false;
}

function errorText(response: Response, body: unknown): string {
  const waiting = rateLimitText(response, body, strings.errors, (template, minutes) =>
    fill(template, { minutes }),
  );
  if (waiting !== null) return waiting;
  return apiErrorOf(body).code === 'LINK_INVALID'
    ? strings.errors.LINK_INVALID
    : strings.errors.GENERIC;
}

function showError(response: Response, body: unknown): void {
  if (apiErrorOf(body).code === 'LINK_INVALID') linkGone(strings.errors.LINK_INVALID);
  else showNotice(message, errorText(response, body), 'error');
}

function documentItem(document: RequestedDocument): HTMLLIElement {
  const item = element('li', 'request-document');
  item.dataset['documentId'] = document.documentId;
  item.append(element('h3', '', document.title));
  const facts = element('dl', 'facts');
  const add = (term: string, value: string): void => {
    facts.append(element('dt', '', term), element('dd', '', value));
  };
  add(strings.issuerLabel, document.issuerName);
  add(strings.issuedLabel, formatDate(document.issuedAt, false));
  add(strings.stateLabel, strings.states[document.state] ?? document.state);
  item.append(facts);
  if (document.restricted) item.append(element('p', 'hint', strings.restrictedNote));
  if (!document.exportable) item.append(element('p', 'hint', strings.pendingNote));
  return item;
}

function showListing(listing: Listing): void {
  const list = byId('requests-list');
  const expiry = byId('requests-expiry');
  if (expiry !== null)
    expiry.textContent = fill(strings.expiresAt, { date: formatDate(listing.expiresAt, true) });
  list?.replaceChildren(...listing.documents.map(documentItem));
  if (documentsSection !== null) documentsSection.hidden = false;
  if (listing.documents.length === 0) {
    showNotice(message, strings.none, 'info');
    return;
  }
  showNotice(message, '', '');
  if (actions !== null) actions.hidden = false;
  if (!listing.documents.some((document) => document.exportable)) {
    hideAll(['requests-export']);
    const text = byId('requests-export-text');
    if (text !== null) text.textContent = strings.nothingToExport;
  }
}

async function load(): Promise<void> {
  if (token === null) {
    linkGone(strings.missingToken);
    return;
  }
  showNotice(message, strings.loading, 'info');
  try {
    const response = await postJson('/api/recipient/requests/documents', { token });
    const body = await readJson(response);
    if (response.ok && isListing(body)) showListing(body);
    else showError(response, body);
  } catch {
    showNotice(message, strings.errors.NETWORK, 'error');
  }
}

/** One spending request (export or erase); afterwards the link is used up. */
async function spend(
  button: HTMLElement,
  path: string,
  payload: Record<string, unknown>,
  progress: string,
  done: (response: Response) => Promise<void>,
  accept = 'application/json',
): Promise<void> {
  if (busy || token === null) return;
  busy = true;
  button.setAttribute('aria-disabled', 'true');
  showNotice(message, progress, 'info');
  try {
    const response = await postJson(path, { ...payload, token }, accept);
    if (!response.ok) {
      showError(response, await readJson(response));
      return;
    }
    await done(response);
    hideAll(['requests-actions']);
    const again = byId('requests-ask-again');
    if (again !== null) again.hidden = false;
  } catch {
    showNotice(message, strings.errors.NETWORK, 'error');
  } finally {
    busy = false;
    button.removeAttribute('aria-disabled');
  }
}

exportButton?.addEventListener('click', () => {
  void spend(
    exportButton,
    '/api/recipient/requests/export',
    {},
    strings.exporting,
    async (response) => {
      const disposition = response.headers.get('content-disposition') ?? '';
      const name = /filename="([A-Za-z0-9._-]+\.zip)"/.exec(disposition)?.[1] ?? 'certa-data.zip';
      saveBlob(await response.blob(), name);
      showNotice(message, strings.exported, 'ok');
    },
    'application/zip',
  );
});

eraseForm?.addEventListener('submit', (event) => {
  event.preventDefault();
  if (eraseButton === null) return;
  if (confirm !== null && !confirm.checked) {
    showNotice(message, strings.mustConfirm, 'error');
    confirm.focus();
    return;
  }
  void spend(
    eraseButton,
    '/api/recipient/requests/erase',
    { confirm: true },
    strings.erasing,
    async (response) => {
      const body = await readJson(response);
      const erased = (body as { erased?: unknown } | null)?.erased;
      const count = Array.isArray(erased) ? erased.length : 0;
      showNotice(message, fill(strings.erased, { count }), 'ok');
      hideAll(['requests-documents']);
    },
  );
});

void load();
