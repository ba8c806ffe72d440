import QRCode, { type BitMatrix } from 'qrcode';

/** Where and how to draw a QR code. `x`/`y` is the top-left corner, in PDF points. */
export interface QrCodePlacement {
  readonly x: number;
  readonly y: number;
  /** Side of the whole square, quiet zone included. */
  readonly size: number;
  /** Width of the light margin around the symbol, in modules. The standard asks for 4. */
  readonly quietZoneModules?: number;
  /** Colour of the dark modules. */
  readonly color?: string;
}

const DEFAULT_QUIET_ZONE_MODULES = 4;
const DEFAULT_COLOR = '#000000';

/** A horizontal run of dark modules in one row: `[firstColumn, length]`. */
export type Run = readonly [number, number];

/**
 * Encodes `text` with error correction level M (15 % of the symbol may be damaged and it still
 * scans, a good balance for print) and returns one list of dark-module runs per row.
 */
export function qrCodeRows(text: string): Run[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const rows: Run[][] = [];
  for (let row = 0; row < modules.size; row++) {
    rows.push(darkRuns(modules, row));
  }
  return rows;
}

function darkRuns(modules: BitMatrix, row: number): Run[] {
  const runs: Run[] = [];
  let start = -1;
  for (let column = 0; column <= modules.size; column++) {
    const dark = column < modules.size && modules.get(row, column) === 1;
    if (dark && start < 0) {
      start = column;
    } else if (!dark && start >= 0) {
      runs.push([start, column - start]);
      start = -1;
    }
  }
  return runs;
}

/**
 * Draws `text` as a QR code of vector rectangles (no raster image, so it stays sharp at any
 * zoom and print resolution) inside the square described by `placement`.
 *
 * The whole square, quiet zone included, is first painted white so borders or backgrounds
 * behind it cannot eat into the quiet zone that scanners need. Dark modules are merged into
 * horizontal runs and filled as one path, which keeps the content stream small and avoids
 * hairline seams between neighbouring modules. The graphics state is saved and restored.
 */
export function drawQrCode(
  doc: PDFKit.PDFDocument,
  text: string,
  placement: QrCodePlacement,
): void {
  const rows = qrCodeRows(text);
  const quietZone = placement.quietZoneModules ?? DEFAULT_QUIET_ZONE_MODULES;
  const moduleSize = placement.size / (rows.length + 2 * quietZone);
  const originX = placement.x + quietZone * moduleSize;
  const originY = placement.y + quietZone * moduleSize;

  doc.save();
  doc.rect(placement.x, placement.y, placement.size, placement.size).fill('#FFFFFF');
  rows.forEach((runs, row) => {
    for (const [column, length] of runs) {
      doc.rect(
        originX + column * moduleSize,
        originY + row * moduleSize,
        length * moduleSize,
        moduleSize,
      );
    }
  });
  doc.fill(placement.color ?? DEFAULT_COLOR);
  doc.restore();
}
