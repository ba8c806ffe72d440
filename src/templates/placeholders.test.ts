import { describe, expect, it } from 'vitest';
import { fieldKey, fieldsByKey, fillText, formatDate, parseText } from './placeholders.js';
import type { PlaceholderData } from './placeholders.js';

const DATA: PlaceholderData = {
  recipientName: 'Zoë Ångström',
  title: 'Master of Science',
  issuerName: 'Université de Test',
  fields: fieldsByKey([
    { label: 'Final grade', value: 'A' },
    { label: 'Mention', value: 'Très bien' },
  ]),
  issuedAt: '2026-06-30T10:00:00Z',
  expiresAt: null,
  documentId: 'q3Z0v9mXb1c2d3e4f5g6hA',
  locale: 'en',
};

function fill(text: string, data: PlaceholderData = DATA): string {
  const parsed = parseText(text);
  if (!('parts' in parsed)) throw new Error(parsed.problem);
  return fillText(parsed.parts, data);
}

describe('placeholders', () => {
  it('fills every known placeholder, with or without spaces in the braces', () => {
    expect(
      fill(
        '{{recipient.name}} · {{ title }} · {{issuer.name}} · {{fields.final_grade}} · {{issuedAt}} · {{documentId}}',
      ),
    ).toBe(
      'Zoë Ångström · Master of Science · Université de Test · A · 30 June 2026 · q3Z0v9mXb1c2d3e4f5g6hA',
    );
    expect(fill('Until {{expiresAt}}')).toBe('Until ');
    expect(fill('no placeholders at all')).toBe('no placeholders at all');
  });

  it('formats dates in the document language', () => {
    expect(formatDate('2026-06-30T10:00:00Z', 'fr')).toBe('30 juin 2026');
    expect(fill('{{issuedAt}}', { ...DATA, locale: 'fr' })).toBe('30 juin 2026');
  });

  it('derives field keys from labels: lower case, no accents, "_" between words', () => {
    expect(fieldKey('Final grade')).toBe('final_grade');
    expect(fieldKey('  Année d’obtention ')).toBe('annee_d_obtention');
    expect(fieldKey('GPA (4.0)')).toBe('gpa_4_0');
  });

  it('refuses unknown placeholders and bad field keys with the reason', () => {
    expect(parseText('{{recipient.email}}')).toMatchObject({
      problem: expect.stringContaining('not a known placeholder') as unknown,
    });
    expect(parseText('{{fields.Final Grade}}')).toMatchObject({
      problem: expect.stringContaining('invalid field key') as unknown,
    });
  });
});
