import { describe, expect, it } from 'vitest';

import { ellipsize, normalizeText, shrinkToFit, wrapText, type Measure } from './text-fit.js';

/** Every code point is one point wide: easy to reason about, and it exposes split accents. */
const perCodePoint: Measure = (text) => [...text].length;

describe('normalizeText', () => {
  it('collapses whitespace, drops control characters, trims and composes to NFC', () => {
    expect(normalizeText('  Zoe\u0308 \n\t Smith\u0001\u00a0 ')).toBe('Zoë Smith');
  });
});

describe('ellipsize', () => {
  it('returns text that fits unchanged', () => {
    expect(ellipsize('abcdef', 6, perCodePoint)).toBe('abcdef');
  });

  it('cuts to the longest prefix that fits with the ellipsis, without trailing space', () => {
    expect(ellipsize('abc defgh', 5, perCodePoint)).toBe('abc…');
    expect(ellipsize('abcdefgh', 5, perCodePoint)).toBe('abcd…');
  });

  it('never separates a combining accent from its letter', () => {
    const decomposed = 'ae\u0301e\u0301e\u0301';
    const cut = ellipsize(decomposed, 4, perCodePoint);

    expect(cut).toBe('ae\u0301…');
  });

  it('returns a lone ellipsis when nothing else fits', () => {
    expect(ellipsize('abc', 1, perCodePoint)).toBe('…');
  });
});

describe('wrapText', () => {
  it('breaks between words', () => {
    expect(wrapText('aaa bbb ccc', 7, 5, perCodePoint)).toEqual(['aaa bbb', 'ccc']);
  });

  it('ellipsizes the last allowed line when the text needs more', () => {
    expect(wrapText('aaa bbb ccc ddd', 7, 1, perCodePoint)).toEqual(['aaa bb…']);
    expect(wrapText('aaa bbb ccc ddd eee', 7, 2, perCodePoint)).toEqual(['aaa bbb', 'ccc dd…']);
  });

  it('breaks words longer than a line', () => {
    expect(wrapText('abcdefghij', 4, 5, perCodePoint)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('returns no lines for blank text', () => {
    expect(wrapText(' \n ', 10, 3, perCodePoint)).toEqual([]);
  });

  it('keeps every line within the width', () => {
    const text = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit '.repeat(10);
    const lines = wrapText(text, 17, 4, perCodePoint);

    expect(lines).toHaveLength(4);
    for (const line of lines) {
      expect(perCodePoint(line)).toBeLessThanOrEqual(17);
    }
    expect(lines.at(-1)?.endsWith('…')).toBe(true);
  });
});

describe('shrinkToFit', () => {
  const measureAt =
    (size: number): Measure =>
    (text) =>
      perCodePoint(text) * size;
  const sizes = { minSize: 10, maxSize: 40 };

  it('keeps the maximum size when the text fits', () => {
    expect(shrinkToFit('abcd', 200, sizes, measureAt)).toBe(40);
  });

  it('scales down proportionally so the text just fits', () => {
    const size = shrinkToFit('abcdefghij', 200, sizes, measureAt);

    expect(size).toBe(20);
    expect(measureAt(size)('abcdefghij')).toBeLessThanOrEqual(200);
  });

  it('does not go below the minimum size', () => {
    expect(shrinkToFit('a'.repeat(100), 200, sizes, measureAt)).toBe(10);
  });
});
