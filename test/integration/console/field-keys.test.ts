import { describe, expect, it } from 'vitest';
import { fieldKey as serverFieldKey } from '../../../src/templates/placeholders.js';
import { fieldKey as consoleFieldKey } from '../../../web/src/components/documents/template-fields.js';

/*
 * The issue form works out a template's required fields from its placeholders with its own copy
 * of the server's key rule (the console runs in browsers and imports nothing of the server):
 * both must give the same key for every label, or the form would ask for the wrong fields.
 */
describe('field keys in the console and on the server', () => {
  it('are the same for every kind of label', () => {
    const labels = [
      'Grade',
      'Final grade',
      '  Année — Spécialité ',
      'ECTS credits (total)',
      'Ünïcödé Ñame',
      'x'.repeat(80),
      '123 start with digits',
      'Ω omega',
      '中文 label',
    ];
    for (const label of labels) expect(consoleFieldKey(label), label).toBe(serverFieldKey(label));
  });
});
