import { PNG } from 'pngjs';

/*
 * Test images made in code (no binary fixtures to trust): a diploma-like background and a
 * logo with transparency, plus the pixel comparison the reference-image test uses.
 */

export function backgroundPng(): Buffer {
  const width = 421;
  const height = 298;
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const border = x < 10 || y < 10 || x >= width - 10 || y >= height - 10;
      const inner = x >= 16 && y >= 16 && x < width - 16 && y < height - 16;
      const i = (y * width + x) * 4;
      const shade = Math.round(20 * (x / width));
      const [r, g, b] = border
        ? [138, 109, 31]
        : inner
          ? [250 - shade, 244 - shade, 226]
          : [255, 255, 255];
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

export function logoPng(): Buffer {
  const size = 64;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const inside = (x - 31.5) ** 2 + (y - 31.5) ** 2 <= 30 ** 2;
      png.data[i] = 170;
      png.data[i + 1] = 20;
      png.data[i + 2] = 40;
      png.data[i + 3] = inside ? 255 : 0;
    }
  }
  return PNG.sync.write(png);
}

export interface PixelDiff {
  readonly width: number;
  readonly height: number;
  /** Pixels whose largest channel difference exceeds the tolerance. */
  readonly differing: number;
  readonly fraction: number;
}

/**
 * Compares two PNGs pixel by pixel: a pixel differs when any channel differs by more than
 * `channelTolerance` (anti-aliasing and rasteriser versions move edges by a few levels).
 * Different sizes are a failure of their own.
 */
export function comparePngs(actual: Buffer, expected: Buffer, channelTolerance: number): PixelDiff {
  const a = PNG.sync.read(actual);
  const b = PNG.sync.read(expected);
  if (a.width !== b.width || a.height !== b.height)
    throw new Error(`image sizes differ: ${a.width}x${a.height} vs ${b.width}x${b.height}`);
  let differing = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    for (let channel = 0; channel < 4; channel++) {
      if (Math.abs((a.data[i + channel] ?? 0) - (b.data[i + channel] ?? 0)) > channelTolerance) {
        differing += 1;
        break;
      }
    }
  }
  return {
    width: a.width,
    height: a.height,
    differing,
    fraction: differing / (a.width * a.height),
  };
}
