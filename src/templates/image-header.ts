import { crc32, inflateSync } from 'node:zlib';

/*
 * Checks that PNG and JPEG uploads really are images before they are stored: a PNG's chunks
 * (CRCs, header, compressed pixel data inflated to exactly the size the header promises) and a
 * JPEG's marker segments up to its frame header. Sizes are bounded so a small file cannot
 * expand into gigabytes when a PDF is rendered.
 */

export const MAX_IMAGE_SIDE = 10000;
export const MAX_IMAGE_PIXELS = 40_000_000;

export interface ImageHeader {
  readonly type: 'png' | 'jpeg';
  readonly width: number;
  readonly height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function looksLikePng(bytes: Buffer): boolean {
  return bytes.subarray(0, 8).equals(PNG_SIGNATURE);
}

export function looksLikeJpeg(bytes: Buffer): boolean {
  return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** Channels per colour type, and the bit depths each allows (PNG spec, table 11.1). */
const PNG_COLOR_TYPES: Record<number, { channels: number; depths: number[] }> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { channels: 3, depths: [8, 16] },
  3: { channels: 1, depths: [1, 2, 4, 8] },
  4: { channels: 2, depths: [8, 16] },
  6: { channels: 4, depths: [8, 16] },
};

function checkSize(width: number, height: number): string | null {
  if (width < 1 || height < 1) return 'The image has no pixels.';
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS)
    return `The image is too large: at most ${MAX_IMAGE_SIDE} pixels a side and ${MAX_IMAGE_PIXELS / 1_000_000} million pixels.`;
  return null;
}

/** Bytes of filtered scanlines for a (sub)image of the given size. */
function scanlineBytes(width: number, height: number, bitsPerPixel: number): number {
  if (width === 0 || height === 0) return 0;
  return height * (1 + Math.ceil((width * bitsPerPixel) / 8));
}

/** Adam7 pass origins and steps. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** Reads a PNG; returns its header or why it is not a valid PNG. */
export function readPng(bytes: Buffer): ImageHeader | string {
  if (!looksLikePng(bytes)) return 'The file is not a PNG image.';
  let offset = 8;
  let header: {
    width: number;
    height: number;
    depth: number;
    color: number;
    interlace: number;
  } | null = null;
  const data: Buffer[] = [];
  let ended = false;
  let palette = false;
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (end > bytes.length) return 'The PNG image is cut short.';
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== bytes.readUInt32BE(end - 4))
      return 'The PNG image is damaged (a chunk fails its checksum).';
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (header === null && type !== 'IHDR') return 'The PNG image has no header.';
    if (type === 'IHDR') {
      if (length !== 13) return 'The PNG image has a malformed header.';
      header = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        depth: body[8] ?? 0,
        color: body[9] ?? 0,
        interlace: body[12] ?? 0,
      };
    } else if (type === 'PLTE') palette = true;
    else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') {
      ended = true;
      break;
    }
    offset = end;
  }
  if (header === null || !ended) return 'The PNG image is cut short.';
  const kind = PNG_COLOR_TYPES[header.color];
  if (kind === undefined || !kind.depths.includes(header.depth) || header.interlace > 1)
    return 'The PNG image has an invalid colour type or bit depth.';
  if (header.color === 3 && !palette) return 'The PNG image lacks its palette.';
  const sizeProblem = checkSize(header.width, header.height);
  if (sizeProblem !== null) return sizeProblem;
  const bitsPerPixel = kind.channels * header.depth;
  const expected =
    header.interlace === 0
      ? scanlineBytes(header.width, header.height, bitsPerPixel)
      : ADAM7.reduce(
          (sum, [x0, y0, dx, dy]) =>
            sum +
            scanlineBytes(
              Math.ceil(Math.max(0, header.width - x0) / dx),
              Math.ceil(Math.max(0, header.height - y0) / dy),
              bitsPerPixel,
            ),
          0,
        );
  let pixels: Buffer;
  try {
    pixels = inflateSync(Buffer.concat(data), { maxOutputLength: expected + 1 });
  } catch {
    return 'The PNG image is damaged (its pixel data cannot be decompressed).';
  }
  if (pixels.length !== expected) return 'The PNG image is damaged (its pixel data is incomplete).';
  return { type: 'png', width: header.width, height: header.height };
}

/** Start-of-frame markers (baseline, extended, progressive, lossless; not DHT/JPG/DAC). */
const SOF_MARKERS = new Set([
  0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf,
]);

/** Reads a JPEG's markers up to its frame header; returns its header or why it is not one. */
export function readJpeg(bytes: Buffer): ImageHeader | string {
  if (!looksLikeJpeg(bytes)) return 'The file is not a JPEG image.';
  if (bytes[bytes.length - 2] !== 0xff || bytes[bytes.length - 1] !== 0xd9)
    return 'The JPEG image is cut short.';
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return 'The JPEG image is damaged.';
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    const length = bytes.readUInt16BE(offset + 2);
    if (length < 2 || offset + 2 + length > bytes.length) return 'The JPEG image is damaged.';
    if (SOF_MARKERS.has(marker)) {
      if (length < 8) return 'The JPEG image is damaged.';
      const height = bytes.readUInt16BE(offset + 5);
      const width = bytes.readUInt16BE(offset + 7);
      const components = bytes[offset + 9] ?? 0;
      if (![1, 3, 4].includes(components))
        return 'The JPEG image has an unsupported number of colour components.';
      const sizeProblem = checkSize(width, height);
      if (sizeProblem !== null) return sizeProblem;
      return { type: 'jpeg', width, height };
    }
    if (marker === 0xda || marker === 0xd9) break;
    offset += 2 + length;
  }
  return 'The JPEG image has no frame header.';
}
