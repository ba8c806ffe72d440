import QRCode from 'qrcode';
import { showNotice } from '../shared/dom.js';

/** The "copy the link" button: the clipboard when allowed, else the text selected for the person. */
export function wireCopyButton(
  button: HTMLButtonElement | null,
  input: HTMLInputElement | null,
  message: HTMLElement | null,
  strings: { copied: string; copyFailed: string },
): void {
  if (button === null || input === null) return;
  button.addEventListener('click', () => {
    void (async () => {
      try {
        await navigator.clipboard.writeText(input.value);
        showNotice(message, strings.copied, 'ok');
      } catch {
        input.focus();
        input.select();
        showNotice(message, strings.copyFailed, 'error');
      }
    })();
  });
}

/** Draws the QR code of the verify link (in the browser: the platform is not asked). */
export async function drawQrCode(canvas: HTMLCanvasElement | null, url: string): Promise<void> {
  if (canvas === null) return;
  await QRCode.toCanvas(canvas, url, { width: 240, margin: 2, errorCorrectionLevel: 'M' });
}
