import { describe, expect, it } from 'vitest';
import { hasSeveralPages } from './paged-table-footer.js';

describe('whether a list shows its pager', () => {
  it('with a total: only when it exceeds one page', () => {
    expect(hasSeveralPages({ page: 1, total: 0, hasNext: false }, 25)).toBe(false);
    expect(hasSeveralPages({ page: 1, total: 25, hasNext: false }, 25)).toBe(false);
    expect(hasSeveralPages({ page: 1, total: 26, hasNext: false }, 25)).toBe(true);
    // The total decides, whatever the next position says.
    expect(hasSeveralPages({ page: 1, total: 25, hasNext: true }, 25)).toBe(false);
  });
  it('without a total: past the first page, or when a next page exists', () => {
    expect(hasSeveralPages({ page: 1, total: null, hasNext: false }, 50)).toBe(false);
    expect(hasSeveralPages({ page: 1, total: null, hasNext: true }, 50)).toBe(true);
    // The last page of several keeps "Previous".
    expect(hasSeveralPages({ page: 3, total: null, hasNext: false }, 50)).toBe(true);
  });
});
