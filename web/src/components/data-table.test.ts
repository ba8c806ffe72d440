import { describe, expect, it } from 'vitest';
import { ariaSortOf, toggledSort } from './data-table.js';

describe('data table sorting', () => {
  const title = { key: 'title', label: 'Title', sortable: true };
  it('says aria-sort only on sortable columns, and the direction only on the sorted one', () => {
    expect(ariaSortOf({ key: 'id', label: 'Id' }, null)).toBeUndefined();
    expect(ariaSortOf(title, null)).toBe('none');
    expect(ariaSortOf(title, { key: 'title', direction: 'descending' })).toBe('descending');
    expect(ariaSortOf(title, { key: 'issuedAt', direction: 'ascending' })).toBe('none');
  });
  it('turns the sorted column around and starts another ascending', () => {
    expect(toggledSort(null, 'title')).toEqual({ key: 'title', direction: 'ascending' });
    expect(toggledSort({ key: 'title', direction: 'ascending' }, 'title')).toEqual({
      key: 'title',
      direction: 'descending',
    });
    expect(toggledSort({ key: 'title', direction: 'descending' }, 'issuedAt')).toEqual({
      key: 'issuedAt',
      direction: 'ascending',
    });
  });
});
