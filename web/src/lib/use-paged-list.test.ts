import { describe, expect, it } from 'vitest';
import { usePagedList } from './use-paged-list.js';

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];

describe('usePagedList', () => {
  it('pages by number, applies and clears filters, and goes back to page 1 on a new filter', async () => {
    const asked: string[] = [];
    const list = usePagedList({
      filters: () => ({ q: '' }),
      first: 1,
      seek: (page) => page,
      fetch: async (filters, at: number) => {
        asked.push(`${filters.q}@${at}`);
        const matching = WORDS.filter((word) => word.includes(filters.q));
        const items = matching.slice((at - 1) * 2, at * 2);
        return { items, total: matching.length, next: at * 2 < matching.length ? at + 1 : null };
      },
    });
    expect(list.loading.value).toBe(true);
    await list.reload();
    expect([list.items.value, list.total.value, list.hasNext.value]).toEqual([
      ['alpha', 'beta'],
      5,
      true,
    ]);
    await list.goTo(2);
    expect([list.page.value, list.items.value]).toEqual([2, ['gamma', 'delta']]);
    await list.goTo(3); // numbered pages can be reached directly
    expect([list.page.value, list.items.value, list.hasNext.value]).toEqual([
      3,
      ['epsilon'],
      false,
    ]);
    await list.goTo(0);
    expect(list.page.value).toBe(3);
    list.draft.q = 'l';
    expect(list.filtered.value).toBe(false);
    await list.apply();
    expect([list.page.value, list.items.value, list.filtered.value]).toEqual([
      1,
      ['alpha', 'delta'],
      true,
    ]);
    await list.clear();
    expect([list.draft.q, list.filtered.value, list.total.value]).toEqual(['', false, 5]);
    expect(asked).toEqual(['@1', '@2', '@3', 'l@1', '@1']);
  });

  it('goes back through cursors, keeps the last page on failure and drops a stale answer', async () => {
    let fail = false;
    const resolvers: Array<() => void> = [];
    let hold = false;
    const list = usePagedList({
      filters: () => ({}),
      first: null as string | null,
      fetch: async (_filters, at) => {
        if (hold) await new Promise<void>((resolve) => resolvers.push(resolve));
        if (fail) throw new Error('down');
        const start = at === null ? 0 : WORDS.indexOf(at);
        const items = WORDS.slice(start, start + 2);
        return { items, total: null, next: WORDS[start + 2] ?? null };
      },
    });
    await list.reload();
    await list.goTo(2);
    await list.goTo(3);
    expect([list.items.value, list.hasNext.value]).toEqual([['epsilon'], false]);
    await list.goTo(4); // a cursor list reaches only the pages it has met
    expect(list.page.value).toBe(3);
    await list.goTo(2);
    expect(list.items.value).toEqual(['gamma', 'delta']);
    fail = true;
    await list.goTo(1);
    expect([(list.error.value as Error).message, list.page.value]).toEqual(['down', 2]);
    expect(list.items.value).toEqual(['gamma', 'delta']);
    fail = false;
    hold = true;
    const older = list.goTo(1);
    const newer = list.goTo(3);
    expect(list.refreshing.value).toBe(true);
    resolvers[1]?.();
    await newer;
    resolvers[0]?.();
    await older;
    expect([list.page.value, list.items.value, list.refreshing.value]).toEqual([
      3,
      ['epsilon'],
      false,
    ]);
  });
});
