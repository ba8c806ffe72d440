import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { finishDocument } from '../pdf/pdf-document.js';
import { inspectAsset } from './asset-content.js';
import { readJpeg, readPng } from './image-header.js';

function png(width: number, height: number): Buffer {
  return PNG.sync.write(new PNG({ width, height }));
}

/** A minimal baseline JPEG header: SOI, SOF0 (8 bit, h × w, 3 components), EOI. */
function jpegHeader(width: number, height: number): Buffer {
  const sof = Buffer.from([
    0xff,
    0xc0,
    0x00,
    0x11,
    0x08,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    0x03,
    0x01,
    0x22,
    0x00,
    0x02,
    0x11,
    0x01,
    0x03,
    0x11,
    0x01,
  ]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), sof, Buffer.from([0xff, 0xd9])]);
}

describe('inspectAsset', () => {
  it('recognises PNG, JPEG, PDF and fonts by their bytes', async () => {
    expect(await inspectAsset(png(30, 20))).toMatchObject({
      mediaType: 'image/png',
      width: 30,
      height: 20,
    });
    expect(await inspectAsset(jpegHeader(640, 480))).toMatchObject({
      mediaType: 'image/jpeg',
      width: 640,
      height: 480,
    });
    const pdf = await finishDocument(new PDFDocument({ size: [300, 200], margin: 0 }));
    expect(await inspectAsset(pdf)).toMatchObject({
      mediaType: 'application/pdf',
      width: 300,
      height: 200,
    });
    const require = createRequire(import.meta.url);
    const font = fs.readFileSync(
      path.join(
        path.dirname(require.resolve('dejavu-fonts-ttf/package.json')),
        'ttf',
        'DejaVuSans.ttf',
      ),
    );
    expect(await inspectAsset(font)).toMatchObject({
      mediaType: 'font/ttf',
      fontFamily: 'DejaVu Sans',
    });
  });

  it('refuses other files, damaged images and pixel bombs with a clear sentence', async () => {
    await expect(inspectAsset(Buffer.from('GIF89a....'))).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA',
    });
    await expect(inspectAsset(Buffer.alloc(0))).rejects.toThrow('The file is empty.');
    const cut = png(30, 20).subarray(0, 40);
    expect(readPng(cut)).toBe('The PNG image is cut short.');
    const damaged = png(30, 20);
    damaged.writeUInt8(damaged.readUInt8(40) ^ 0xff, 40);
    expect(readPng(damaged)).toMatch(/damaged/);
    // A 20000 × 20000 header: refused from the header, before anything is inflated.
    const big = png(1, 1);
    big.writeUInt32BE(20000, 16);
    big.writeUInt32BE(20000, 20);
    const { crc32 } = await import('node:zlib');
    big.writeUInt32BE(crc32(big.subarray(12, 29)), 29);
    expect(readPng(big)).toMatch(/too large/);
    // Pixel data that inflates to less than the header promises.
    const short = png(4, 4);
    const idat = short.indexOf('IDAT') - 4;
    const body = deflateSync(Buffer.alloc(3));
    const chunk = Buffer.alloc(12 + body.length);
    chunk.writeUInt32BE(body.length, 0);
    chunk.write('IDAT', 4, 'latin1');
    body.copy(chunk, 8);
    chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + body.length)), 8 + body.length);
    const end = short.indexOf('IEND') - 4;
    expect(readPng(Buffer.concat([short.subarray(0, idat), chunk, short.subarray(end)]))).toMatch(
      /incomplete/,
    );
    expect(readJpeg(jpegHeader(0, 10))).toBe('The image has no pixels.');
    expect(readJpeg(jpegHeader(640, 480).subarray(0, 10))).toBe('The JPEG image is cut short.');
  });
});
