import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A word as `pdftotext -bbox` finds it: points from the top-left corner of the page. */
export interface PdfWord {
  readonly text: string;
  readonly xMin: number;
  readonly yMin: number;
  readonly xMax: number;
  readonly yMax: number;
}

const WORD =
  /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;

function unescape(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The words on the first page of `pdf`, with their boxes, read by poppler's pdftotext. */
export function pdfWords(pdf: Buffer): PdfWord[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certa-words-'));
  try {
    const file = path.join(dir, 'page.pdf');
    fs.writeFileSync(file, pdf);
    const html = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'], {
      encoding: 'utf8',
    });
    return [...html.matchAll(WORD)].map((match) => ({
      xMin: Number(match[1]),
      yMin: Number(match[2]),
      xMax: Number(match[3]),
      yMax: Number(match[4]),
      text: unescape(match[5] ?? '').normalize('NFC'),
    }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface PointBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Whether the word lies inside `box`, give or take `tolerance` points on every side. */
export function wordInside(word: PdfWord, box: PointBox, tolerance = 1): boolean {
  return (
    word.xMin >= box.x - tolerance &&
    word.xMax <= box.x + box.width + tolerance &&
    word.yMin >= box.y - tolerance &&
    word.yMax <= box.y + box.height + tolerance
  );
}
