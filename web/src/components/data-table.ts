/**
 * The shapes the list components share: a table's columns, its sort, and the sort a header
 * click leads to. Kept apart from the components so pages and tests import plain TypeScript.
 */

/** One column of a DataTable: its cell slot is named by `key`. */
export interface TableColumn {
  /** The slot that draws the cell (`<template #key="{ row }">`), and the sort key. */
  readonly key: string;
  /** The header, and the label each cell carries when rows become cards on a phone. */
  readonly label: string;
  /** Keeps the header for screen readers only (an actions column). */
  readonly hideLabel?: boolean;
  /** The header is a button that asks for this column's sort (see `SortState`). */
  readonly sortable?: boolean;
  /** Extra class on every cell of the column (`mono`, say). */
  readonly cellClass?: string;
}

export type SortDirection = 'ascending' | 'descending';

/** The column a list is sorted by, and which way; null when the list has its own order. */
export interface SortState {
  readonly key: string;
  readonly direction: SortDirection;
}

/** What `aria-sort` says of a column: only the sorted one is ascending or descending. */
export function ariaSortOf(
  column: TableColumn,
  sort: SortState | null,
): SortDirection | 'none' | undefined {
  if (column.sortable !== true) return undefined;
  return sort !== null && sort.key === column.key ? sort.direction : 'none';
}

/** A header click: the sorted column turns around, another starts ascending. */
export function toggledSort(sort: SortState | null, key: string): SortState {
  if (sort !== null && sort.key === key)
    return { key, direction: sort.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: 'ascending' };
}
