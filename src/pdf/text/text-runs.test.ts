import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { dejaVuDirectory } from '../fonts.js';
import { builtInFontLibrary, createFontLibrary } from './font-library.js';
import { breakUnits } from './line-breaks.js';
import {
  fontkitMeasure,
  hanVariant,
  lineRuns,
  paragraphDirection,
  runsWidth,
  type TextRun,
} from './text-runs.js';

const library = builtInFontLibrary();
const sans = { family: 'DejaVu Sans', bold: false } as const;

/** Runs as 'face:text' with '<' marking right-to-left ones, for compact expectations. */
function describeRuns(runs: readonly TextRun[]): string[] {
  return runs.map((run) => `${run.face.key}${run.rtl ? '<' : ':'}${run.text}`);
}

function runsOf(text: string, request: { family: string; bold: boolean } = sans): string[] {
  return describeRuns(lineRuns(text, request, library, paragraphDirection(text)));
}

describe('lineRuns', () => {
  it('keeps Latin, Greek and Cyrillic in one DejaVu run', () => {
    expect(runsOf('Zoë Ångström-Ñúñez')).toEqual(['certa-DejaVuSans:Zoë Ångström-Ñúñez']);
    expect(runsOf('Βασιλική Дмитрий', { family: 'DejaVu Sans', bold: true })).toEqual([
      'certa-DejaVuSans-Bold:Βασιλική Дмитрий',
    ]);
  });

  it('sets an Arabic name as one right-to-left run in the Arabic font, spaces included', () => {
    expect(runsOf('محمد بن سلمان')).toEqual(['certa-NotoNaskhArabic<محمد بن سلمان']);
  });

  it('sets a Hebrew name with a maqaf as one right-to-left run', () => {
    expect(runsOf('דוד בן־גוריון')).toEqual(['certa-NotoSansHebrew<דוד בן־גוריון']);
  });

  it('puts a Latin label before an Arabic name in a left-to-right paragraph', () => {
    expect(runsOf('Name: محمد بن سلمان')).toEqual([
      'certa-DejaVuSans:Name: ',
      'certa-NotoNaskhArabic<محمد بن سلمان',
    ]);
  });

  it('orders runs right to left in a right-to-left paragraph, Latin inside kept LTR', () => {
    const runs = lineRuns('דוד ABC יוסף', sans, library, 'rtl');

    expect(describeRuns(runs)).toEqual([
      'certa-NotoSansHebrew<יוסף',
      'certa-DejaVuSans: ',
      'certa-DejaVuSans:ABC',
      'certa-NotoSansHebrew<דוד ',
    ]);
  });

  it('mirrors and reverses a run of neutrals at a right-to-left level', () => {
    const runs = lineRuns('א (1) ב', sans, library, 'rtl');
    const visual = runs.map((run) => (run.rtl ? [...run.text].reverse().join('') : run.text));

    expect(visual.join('')).toBe('ב (1) א');
  });

  it('picks the CJK font from the whole text: Japanese with kana, Korean with Hangul', () => {
    expect(runsOf('王小明')).toEqual(['certa-NotoSansSC:王小明']);
    expect(runsOf('山田 たろう')).toEqual(['certa-NotoSansJP:山田 たろう']);
    expect(runsOf('김민준')).toEqual(['certa-NotoSansKR:김민준']);
    expect(hanVariant('山田太郎 やまだ')).toBe('jp');
    expect(hanVariant('王小明')).toBe('sc');
  });

  it('falls back per character inside a mixed line', () => {
    expect(runsOf('Dr. 王小明 (PhD)')).toEqual([
      'certa-DejaVuSans:Dr. ',
      'certa-NotoSansSC:王小明 (',
      'certa-DejaVuSans:PhD)',
    ]);
  });

  it('lets an uploaded font draw every script it has, and fall back for the rest', () => {
    const serif = readFileSync(path.join(dejaVuDirectory(), 'DejaVuSerif.ttf'));
    const withUpload = createFontLibrary({ uploaded: [{ id: 'house-serif', bytes: serif }] });
    const runs = lineRuns('Ωmega 王', { family: 'house-serif', bold: false }, withUpload, 'ltr');

    expect(runs.map((run) => run.text)).toEqual(['Ωmega ', '王']);
    expect(runs[0]?.face.font.postscriptName).toBe('DejaVuSerif');
    expect(runs[1]?.face.key).toBe('certa-NotoSansSC');
  });

  it('measures wider text as wider and scales with the size', () => {
    const runs = lineRuns('محمد بن سلمان', sans, library, 'rtl');

    const measure = fontkitMeasure();

    expect(runsWidth(runs, 20, measure)).toBeCloseTo(runsWidth(runs, 10, measure) * 2, 6);
    expect(runsWidth(runs, 10, measure)).toBeGreaterThan(30);
  });
});

describe('paragraphDirection', () => {
  it('follows the first strong character', () => {
    expect(paragraphDirection('Name: محمد')).toBe('ltr');
    expect(paragraphDirection('محمد Smith')).toBe('rtl');
    expect(paragraphDirection('2024 דוד')).toBe('rtl');
  });
});

describe('breakUnits', () => {
  it('breaks after spaces and hyphens, keeping the text intact', () => {
    expect(breakUnits('Zoë Ångström-Ñúñez')).toEqual(['Zoë ', 'Ångström-', 'Ñúñez']);
  });

  it('breaks between Chinese and Japanese words, which have no spaces', () => {
    const units = breakUnits('東京大学大学院情報理工学系研究科');

    expect(units.length).toBeGreaterThan(2);
    expect(units.join('')).toBe('東京大学大学院情報理工学系研究科');
  });

  it('never starts a line with closing punctuation', () => {
    const units = breakUnits('山田太郎、東京。');

    expect(units.some((unit) => /^[、。]/u.test(unit))).toBe(false);
  });
});
