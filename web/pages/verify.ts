/**
 * The verification page (/verify, /verify/<id>): the chosen PDF is read in the browser and never
 * leaves the device; the page renders one row per check.
 */
import type { VerifyPageData } from '../../src/http/routes/pages/page-data.js';
import { byId, fill, showNotice } from './shared/dom.js';
import { readPageData } from './shared/page-data.js';
import { renderReport } from './verify/render-report.js';
import { isReport } from './verify/report.js';

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

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('');
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
  let digest: string;
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (mine !== run) return;
    if (!looksLikePdf(bytes)) {
      showNotice(status, s.notPdf, 'error');
      return;
    }
    digest = hex(await window.crypto.subtle.digest('SHA-256', bytes));
  } catch {
    if (mine === run) showNotice(status, s.readFailed, 'error');
    return;
  }
  if (mine !== run) return;
  showNotice(status, s.checking, 'info');
  let response: Response | null = null;
  let report: unknown;
  try {
    response = await fetch('/api/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ sha256: digest }),
      cache: 'no-store',
      credentials: 'same-origin',
    });
    report = await response.json();
  } catch {
    if (mine === run) showNotice(status, response === null ? s.network : s.generic, 'error');
    return;
  }
  if (mine !== run) return;
  if (!response.ok || !isReport(report) || reportBody === null || reportSection === null) {
    showNotice(status, s.generic, 'error');
    return;
  }
  renderReport(data, reportBody, report, file.name);
  reportSection.hidden = false;
  announce(report.valid ? s.valid : s.invalid);
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
