/*
 * "Your data and rights" on the activation page (DESIGN §3): the recipient, by the link's secret
 * (in request bodies only), sees what the platform holds, downloads it as a ZIP, hides the
 * document from verification or shows it again, and erases it after ticking a confirmation.
 */
import type { ActivateScriptStrings } from '../../../src/http/routes/pages/page-data.js';
import { postJson, readJson } from '../shared/api.js';
import { byId, element, hideAll, saveBlob, showNotice } from '../shared/dom.js';

interface RightsOptions {
  readonly documentId: string;
  readonly strings: ActivateScriptStrings;
  readonly secret: () => string | null;
  /** The sentence for an API error. */
  readonly errorText: (response: Response, body: unknown) => string;
}

interface HeldData {
  restricted?: unknown;
  record?: { name?: unknown; email?: unknown; fields?: unknown };
  consents?: unknown;
  history?: unknown;
}

function addFact(list: HTMLDListElement, term: string, value: string): void {
  list.append(element('dt', '', term), element('dd', '', value));
}

/** What is held, as a definition list: name, e-mail, fields, restriction, consents, history. */
function renderHeld(target: HTMLElement, strings: ActivateScriptStrings, held: HeldData): void {
  const words = strings.rights;
  const list = element('dl', 'facts');
  list.id = 'rights-held-facts';
  const record = held.record ?? {};
  addFact(list, words.nameLabel, typeof record.name === 'string' ? record.name : '');
  addFact(list, words.emailLabel, typeof record.email === 'string' ? record.email : '');
  for (const field of Array.isArray(record.fields) ? (record.fields as unknown[]) : []) {
    const { label, value } = (field ?? {}) as { label?: unknown; value?: unknown };
    if (typeof label === 'string' && typeof value === 'string') addFact(list, label, value);
  }
  addFact(list, words.restrictedLabel, held.restricted === true ? words.yes : words.no);
  addFact(
    list,
    words.consentsLabel,
    String(Array.isArray(held.consents) ? held.consents.length : 0),
  );
  addFact(list, words.historyLabel, String(Array.isArray(held.history) ? held.history.length : 0));
  const heading = element('h4', '', words.heldHeading);
  target.replaceChildren(heading, list);
  target.hidden = false;
}

export function wireRights(options: RightsOptions): void {
  const { strings } = options;
  const base = `/api/recipient/documents/${encodeURIComponent(options.documentId)}`;
  const message = byId('rights-message');
  const held = byId('rights-held');
  let busy = false;

  /** Runs one request with the secret; `done` gets the response when it is a success. */
  const run = async (
    button: HTMLElement,
    path: string,
    payload: Record<string, unknown>,
    done: (response: Response) => Promise<void>,
    accept = 'application/json',
  ): Promise<void> => {
    const secret = options.secret();
    if (busy || secret === null) return;
    busy = true;
    button.setAttribute('aria-disabled', 'true');
    showNotice(message, strings.rights.loading, 'info');
    try {
      const response = await postJson(`${base}/${path}`, { ...payload, secret }, accept);
      if (!response.ok) {
        showNotice(message, options.errorText(response, await readJson(response)), 'error');
        return;
      }
      await done(response);
    } catch {
      showNotice(message, strings.errors.NETWORK, 'error');
    } finally {
      busy = false;
      button.removeAttribute('aria-disabled');
    }
  };

  const see = byId('rights-see', HTMLButtonElement);
  see?.addEventListener('click', () => {
    void run(see, 'data', {}, async (response) => {
      if (held !== null) renderHeld(held, strings, (await readJson(response)) ?? {});
      showNotice(message, '', '');
    });
  });

  const exportButton = byId('rights-export', HTMLButtonElement);
  exportButton?.addEventListener('click', () => {
    void run(
      exportButton,
      'export',
      {},
      async (response) => {
        saveBlob(await response.blob(), `${options.documentId}-data.zip`);
        showNotice(message, strings.rights.exported, 'ok');
      },
      'application/zip',
    );
  });

  for (const [id, path, done] of [
    ['rights-restrict', 'restrict', strings.rights.restricted],
    ['rights-unrestrict', 'unrestrict', strings.rights.unrestricted],
  ] as const) {
    const button = byId(id, HTMLButtonElement);
    button?.addEventListener('click', () => {
      void run(button, path, {}, async () => {
        showNotice(message, done, 'ok');
        if (held !== null) held.hidden = true;
      });
    });
  }

  const eraseForm = byId('rights-erase-form', HTMLFormElement);
  const confirm = byId('rights-erase-confirm', HTMLInputElement);
  const eraseButton = byId('rights-erase', HTMLButtonElement);
  eraseForm?.addEventListener('submit', (event) => {
    event.preventDefault();
    if (eraseButton === null) return;
    if (confirm !== null && !confirm.checked) {
      showNotice(message, strings.rights.mustConfirm, 'error');
      confirm.focus();
      return;
    }
    void run(eraseButton, 'erase', { confirm: true }, async () => {
      hideAll([
        'download-button',
        'proof-button',
        'rights-see',
        'rights-export',
        'rights-restrict',
        'rights-unrestrict',
        'rights-erase-form',
        'rights-held',
      ]);
      showNotice(message, strings.rights.erased, 'ok');
    });
  });
}
