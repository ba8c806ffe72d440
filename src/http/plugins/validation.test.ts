import { describe, expect, it } from 'vitest';
import { boundIntegers, containsNul } from './validation.js';

describe('request validation guards (issue 11 #6)', () => {
  it('gives unbounded integers the 32-bit range and keeps declared bounds', () => {
    expect(
      boundIntegers({
        type: 'object',
        properties: {
          version: { type: 'integer' },
          page: { type: 'integer', minimum: 1, maximum: 100 },
          list: { type: 'array', items: { type: 'integer', exclusiveMinimum: 0 } },
        },
      }),
    ).toEqual({
      type: 'object',
      properties: {
        version: { type: 'integer', minimum: -2_147_483_648, maximum: 2_147_483_647 },
        page: { type: 'integer', minimum: 1, maximum: 100 },
        list: {
          type: 'array',
          items: { type: 'integer', exclusiveMinimum: 0, maximum: 2_147_483_647 },
        },
      },
    });
  });

  it('finds NUL in any string or key, at any depth', () => {
    expect(containsNul({ a: ['x', { b: 'y\u0000' }] })).toBe(true);
    expect(containsNul({ 'k\u0000': 1 })).toBe(true);
    expect(containsNul({ a: ['x', { b: 'y' }], n: 1 })).toBe(false);
    expect(containsNul(Buffer.from([0]))).toBe(false);
  });
});
