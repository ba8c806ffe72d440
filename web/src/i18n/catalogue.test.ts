import { describe, expect, it } from 'vitest';
import { defineMessages, interpolate, lookUp } from './catalogue.js';

describe('the message catalogue helpers', () => {
  const tree = defineMessages({
    en: { a: { b: 'Hello {name}', n: { one: '{count} file', other: '{count} files' } } },
    fr: { a: { b: 'Bonjour {name}', n: { one: '{count} fichier', other: '{count} fichiers' } } },
  });

  it('finds a leaf by its dotted path, and nothing for a path that is not a leaf', () => {
    expect(lookUp(tree.en, 'a.b')).toBe('Hello {name}');
    expect(lookUp(tree.en, 'a.n')).toEqual({ one: '{count} file', other: '{count} files' });
    expect(lookUp(tree.en, 'a')).toBeUndefined();
    expect(lookUp(tree.en, 'a.missing')).toBeUndefined();
    expect(lookUp(tree.en, 'a.b.c')).toBeUndefined();
    expect(lookUp(tree.en, 'toString')).toBeUndefined();
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('Hello {name}, {other}', { name: 'Zoë' })).toBe('Hello Zoë, {other}');
    expect(interpolate('{count} of {total}', { count: 2, total: '10' })).toBe('2 of 10');
  });
});
