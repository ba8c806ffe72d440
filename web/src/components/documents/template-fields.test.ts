import { describe, expect, it } from 'vitest';
import { fieldKey, labelOf, requiredFieldKeys } from './template-fields.js';

describe('a template’s fields as the issue form reads them', () => {
  it('derives keys from labels as the server does', () => {
    expect(fieldKey('Final grade')).toBe('final_grade');
    expect(fieldKey('  Année — Spécialité ')).toBe('annee_specialite');
  });

  it('lists the fields placeholders use, once each, in order of first use', () => {
    const definition = {
      elements: [
        { kind: 'text', text: 'Grade: {{fields.grade}}, {{ fields.credits }}' },
        { kind: 'image', assetId: 'x' },
        { kind: 'text', text: '{{recipient.name}} {{fields.grade}} {{fields.final_grade}}' },
      ],
    };
    expect(requiredFieldKeys(definition)).toEqual(['grade', 'credits', 'final_grade']);
  });

  it('turns a key back into a label that gives the same key', () => {
    expect(labelOf('final_grade')).toBe('Final grade');
    expect(fieldKey(labelOf('credits'))).toBe('credits');
  });
});
