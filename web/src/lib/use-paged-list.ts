import { computed, reactive, ref } from 'vue';
import type { ComputedRef, Ref, UnwrapNestedRefs } from 'vue';

/** One page of a list as the server answered it. */
export interface PagedAnswer<Item, Position> {
  items: Item[];
  /** Everything the filters match, when the server counts; null when it does not. */
  total: number | null;
  /** Where the next page starts (a page number or a cursor); null on the last page. */
  next: Position | null;
}

export interface PagedListOptions<Item, Filters extends object, Position> {
  /** Fresh default filters: the form starts from them and "Clear the filters" goes back to them. */
  filters: () => Filters;
  /** Where the first page starts: 1, or null for a cursor. */
  first: Position;
  fetch: (filters: Readonly<Filters>, at: Position) => Promise<PagedAnswer<Item, Position>>;
  /** Where any page starts, for lists numbered by page (`(page) => page`): any page can be shown. */
  seek?: (page: number) => Position;
}

export interface PagedList<Item, Filters extends object> {
  /** The filters as typed into the form, applied by `apply()`. */
  draft: UnwrapNestedRefs<Filters>;
  /** The filters the list shows. */
  applied: Ref<Filters>;
  items: Ref<Item[]>;
  total: Ref<number | null>;
  /** The page shown, counting from 1 (also for cursor lists). */
  page: Ref<number>;
  hasNext: ComputedRef<boolean>;
  /** Whether the applied filters differ from the defaults. */
  filtered: ComputedRef<boolean>;
  /** Nothing shown yet. */
  loading: Ref<boolean>;
  /** A page is shown and another is on its way. */
  refreshing: Ref<boolean>;
  error: Ref<unknown>;
  /** Loads the page shown again (after a change, or from AsyncState's retry). */
  reload: () => Promise<void>;
  /** Shows the first page of what the draft filters match. */
  apply: () => Promise<void>;
  /** Puts the defaults back into the form and applies them. */
  clear: () => Promise<void>;
  /** PaginationNav's `change`: one page forward or back (any page with `seek`). */
  goTo: (page: number) => Promise<void>;
}

function same(left: object, right: object): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

/**
 * The state every filtered, paged list of the console keeps: the form's draft filters, the
 * applied ones, the page shown and how to reach its neighbours — by page number or by cursor
 * (the positions met on the way are kept, so "Previous" works for cursors too). A newer load
 * wins over an older one still in flight, so quick clicks never show a stale page.
 */
export function usePagedList<Item, Filters extends object, Position>(
  options: PagedListOptions<Item, Filters, Position>,
): PagedList<Item, Filters> {
  const draft = reactive(options.filters());
  const applied = ref(options.filters()) as Ref<Filters>;
  const items = ref([]) as Ref<Item[]>;
  const total = ref<number | null>(null);
  const page = ref(1);
  const loading = ref(true);
  const refreshing = ref(false);
  const error = ref<unknown>(null);
  /** positions[i] is where page i + 1 starts. */
  let positions: Position[] = [options.first];
  const next = ref(null) as Ref<Position | null>;
  let generation = 0;
  let loaded = false;

  async function show(target: number): Promise<void> {
    const current = ++generation;
    const at = options.seek?.(target) ?? positions[target - 1] ?? options.first;
    loading.value = !loaded;
    refreshing.value = loaded;
    error.value = null;
    try {
      const answer = await options.fetch(applied.value, at);
      if (current !== generation) return;
      items.value = answer.items;
      total.value = answer.total;
      next.value = answer.next;
      page.value = target;
      if (options.seek === undefined) {
        positions = positions.slice(0, target);
        if (answer.next !== null) positions.push(answer.next);
      }
      loaded = true;
    } catch (caught) {
      if (current !== generation) return;
      error.value = caught;
    } finally {
      if (current === generation) {
        loading.value = false;
        refreshing.value = false;
      }
    }
  }

  async function apply(): Promise<void> {
    applied.value = JSON.parse(JSON.stringify(draft)) as Filters;
    positions = [options.first];
    await show(1);
  }

  async function clear(): Promise<void> {
    Object.assign(draft, options.filters());
    await apply();
  }

  async function goTo(target: number): Promise<void> {
    if (target < 1 || (options.seek === undefined && target > positions.length)) return;
    await show(target);
  }

  return {
    draft,
    applied,
    items,
    total,
    page,
    hasNext: computed(() => next.value !== null),
    filtered: computed(() => !same(applied.value, options.filters())),
    loading,
    refreshing,
    error,
    reload: () => show(page.value),
    apply,
    clear,
    goTo,
  };
}
