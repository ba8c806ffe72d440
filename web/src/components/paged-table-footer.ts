/** Where a paged list stands, as `usePagedList` keeps it. */
export interface PagePosition {
  /** The page shown, counting from 1. */
  page: number;
  /** Everything the list holds; null when the server does not count. */
  total: number | null;
  /** Whether a next page exists (read only without a total). */
  hasNext: boolean;
}

/**
 * Whether a list has more than one page, so that a pager is worth showing: with a total, when
 * it exceeds a page; without one (a cursor, or a server that does not count), once past the
 * first page or when a next page exists.
 */
export function hasSeveralPages(position: PagePosition, pageSize: number): boolean {
  return position.total === null
    ? position.page > 1 || position.hasNext
    : position.total > pageSize;
}
