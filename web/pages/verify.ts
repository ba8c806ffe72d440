/**
 * The verification page (/verify, /verify/<id>): the chosen PDF is read in the browser and never
 * leaves the device. Every check runs here with the verifier package's browser entry (Web
 * Crypto): the PDF signature, the embedded record, the issuer against its published profile,
 * validity from the issuer's signed status lists and the timestamp proof against two independent
 * Bitcoin header sources. The platform is asked only for the lookup by SHA-256 (its answer carries
 * the issuer and the platform's published signing certificates), the status lists and the proof.
 */
import {
  esploraHeaderSource,
  verifyDocumentFile,
  type WebBlockHeaderSource,
} from '../../verifier/browser.js';
import type { VerifyPageData } from '../../src/http/routes/pages/page-data.js';
import { byId, fill, showNotice } from './shared/dom.js';
import { readPageData } from './shared/page-data.js';
import { renderVerification, type HeaderSourceAnswer } from './verify/render-verification.js';

const data = readPageData<VerifyPageData>();
const s = data.strings;
const input = byId('file', HTMLInputElement);
const zone = byId('dropzone');
const status = byId('verify-status');
const reportSection = byId('report');
const reportBody = byId('report-body');
let run = 0;

/** Announced by the live region only (the report shows the verdict once). */
function announce(text: string): void {
  if (status === null) return;
  status.textContent = text;
  status.className = 'notice visually-hidden';
}

/** Same rule as the server: "%PDF-" within the first 1024 bytes. */
function looksLikePdf(bytes: Uint8Array): boolean {
  const magic = [0x25, 0x50, 0x44, 0x46, 0x2d];
  const end = Math.min(bytes.length, 1024) - magic.length;
  for (let at = 0; at <= end; at += 1) {
    if (magic.every((byte, offset) => bytes[at + offset] === byte)) return true;
  }
  return false;
}

/** The platform's own URLs (PUBLIC_URL) are asked where this page came from; others as they are. */
function ownOrigin(url: string): string {
  return url.startsWith(`${data.publicUrl}/`)
    ? `${window.location.origin}${url.slice(data.publicUrl.length)}`
    : url;
}

/** What each header source said during the current check (the time row shows it). */
let sourceAnswers: HeaderSourceAnswer[] = [];

/**
 * The two header sources (by default the platform's own `<PUBLIC_URL>/api/bitcoin` and a public
 * one), each noting its answer — the Merkle root it gave, or none — in the run that asked it.
 */
const headerSources: WebBlockHeaderSource[] = data.headerSources.map((source) => {
  const inner = esploraHeaderSource(source.label, ownOrigin(source.url), { timeoutMs: 8_000 });
  return {
    label: inner.label,
    async headerByHeight(height) {
      const answers = sourceAnswers;
      try {
        const header = await inner.headerByHeight(height);
        answers.push({ source: inner.label, height, merkleRoot: header.merkleRoot });
        return header;
      } catch (error) {
        answers.push({ source: inner.label, height, merkleRoot: null });
        throw error;
      }
    },
  };
});

function platformFetch(url: string, init?: RequestInit): Promise<Response> {
  return fetch(ownOrigin(url), { ...init, cache: 'no-store', credentials: 'same-origin' });
}

async function check(file: File | null | undefined): Promise<void> {
  const mine = (run += 1);
  if (reportSection !== null) reportSection.hidden = true;
  reportBody?.replaceChildren();
  if (file === null || file === undefined) {
    showNotice(status, s.noFile, 'error');
    return;
  }
  if (!window.crypto?.subtle) {
    showNotice(status, s.noCrypto, 'error');
    return;
  }
  showNotice(status, fill(s.reading, { name: file.name }), 'info');
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    if (mine === run) showNotice(status, s.readFailed, 'error');
    return;
  }
  if (mine !== run) return;
  if (!looksLikePdf(bytes)) {
    showNotice(status, s.notPdf, 'error');
    return;
  }
  showNotice(status, s.checking, 'info');
  const answers: HeaderSourceAnswer[] = [];
  sourceAnswers = answers;
  let result: Awaited<ReturnType<typeof verifyDocumentFile>>;
  try {
    result = await verifyDocumentFile(bytes, {
      platformOrigin: window.location.origin,
      headerSources,
      fetch: platformFetch,
    });
  } catch {
    if (mine === run) showNotice(status, s.generic, 'error');
    return;
  }
  if (mine !== run || reportBody === null || reportSection === null) return;
  renderVerification(data, reportBody, result, file.name, answers);
  reportSection.hidden = false;
  announce(
    result.verdict === 'valid'
      ? s.valid
      : result.verdict === 'not valid'
        ? s.invalid
        : s.local.unknown,
  );
}

input?.addEventListener('change', () => {
  void check(input.files?.[0]);
});

if (zone !== null) {
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    if (event.dataTransfer !== null) event.dataTransfer.dropEffect = 'copy';
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', (event) => {
    if (!(event.relatedTarget instanceof Node) || !zone.contains(event.relatedTarget))
      zone.classList.remove('dragging');
  });
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    const file = event.dataTransfer?.files[0];
    if (file !== undefined) void check(file);
  });
}
// A file dropped next to the zone must not make the browser open it instead of this page.
window.addEventListener('dragover', (event) => event.preventDefault());
window.addEventListener('drop', (event) => event.preventDefault());
