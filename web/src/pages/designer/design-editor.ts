import { computed, ref, shallowRef } from 'vue';
import type { ComputedRef, Ref } from 'vue';
import { clampBox, cloneDefinition, copyOf, freshId, pageSize, round } from './design-model.js';
import type { Box, Definition, DesignElement } from './design-model.js';

/*
 * The designer's state and every change it can make, with undo and redo. Each change is one
 * step of the history (a snapshot of the definition before it: definitions are small, at most
 * 100 elements). A drag or a resize changes the definition live (`live`) and becomes one step
 * when it ends (`settle`), so undo takes it back in one go.
 */

const HISTORY_LIMIT = 200;

export type AlignEdge = 'left' | 'center' | 'right' | 'top' | 'middle' | 'bottom';
export type ZMove = 'front' | 'forward' | 'backward' | 'back';

export interface DesignEditor {
  readonly definition: Ref<Definition>;
  readonly selection: Ref<string[]>;
  readonly page: ComputedRef<{ width: number; height: number }>;
  readonly selected: ComputedRef<DesignElement[]>;
  readonly canUndo: ComputedRef<boolean>;
  readonly canRedo: ComputedRef<boolean>;
  /** Changes since the last save (or load). */
  readonly dirty: ComputedRef<boolean>;
  /** One undoable change: `change` edits a copy of the definition. */
  apply(change: (draft: Definition) => void): void;
  /** A change during a gesture: shown at once, one history step at `settle`. */
  live(change: (draft: Definition) => void): void;
  settle(): void;
  undo(): void;
  redo(): void;
  /** Replaces everything (a loaded version); clears the history. */
  load(definition: Definition): void;
  markSaved(): void;
  select(ids: string[]): void;
  toggle(id: string): void;
  moveBy(ids: readonly string[], dx: number, dy: number): void;
  resizeBy(ids: readonly string[], dw: number, dh: number): void;
  setBox(id: string, box: Box): void;
  updateElement(id: string, change: (element: DesignElement) => void): void;
  add(element: DesignElement): void;
  remove(ids: readonly string[]): void;
  align(edge: AlignEdge): void;
  distribute(axis: 'horizontal' | 'vertical'): void;
  order(move: ZMove): void;
  copy(): number;
  paste(): number;
  duplicate(): number;
}

function findIn(draft: Definition, id: string): DesignElement | undefined {
  return draft.elements.find((element) => element.id === id);
}

export function createDesignEditor(initial: Definition): DesignEditor {
  const definition = shallowRef<Definition>(cloneDefinition(initial));
  const selection = ref<string[]>([]);
  const past = shallowRef<string[]>([]);
  const future = shallowRef<string[]>([]);
  const savedSnapshot = ref(JSON.stringify(initial));
  let gestureBase: string | null = null;
  let clipboard: DesignElement[] = [];
  let pasteCount = 0;

  const page = computed(() => pageSize(definition.value.page));
  const selected = computed(() =>
    definition.value.elements.filter((element) => selection.value.includes(element.id)),
  );

  function record(before: string): void {
    past.value = [...past.value.slice(-(HISTORY_LIMIT - 1)), before];
    future.value = [];
  }

  function apply(change: (draft: Definition) => void): void {
    const before = JSON.stringify(definition.value);
    const draft = cloneDefinition(definition.value);
    change(draft);
    const after = JSON.stringify(draft);
    if (after === before) return;
    if (gestureBase === null) record(before);
    definition.value = draft;
  }

  function live(change: (draft: Definition) => void): void {
    gestureBase ??= JSON.stringify(definition.value);
    const draft = cloneDefinition(definition.value);
    change(draft);
    definition.value = draft;
  }

  function settle(): void {
    if (gestureBase === null) return;
    const base = gestureBase;
    gestureBase = null;
    if (base !== JSON.stringify(definition.value)) record(base);
  }

  function restore(snapshot: string): void {
    definition.value = JSON.parse(snapshot) as Definition;
    const ids = new Set(definition.value.elements.map((element) => element.id));
    selection.value = selection.value.filter((id) => ids.has(id));
  }

  function undo(): void {
    settle();
    const previous = past.value.at(-1);
    if (previous === undefined) return;
    future.value = [...future.value, JSON.stringify(definition.value)];
    past.value = past.value.slice(0, -1);
    restore(previous);
  }

  function redo(): void {
    const next = future.value.at(-1);
    if (next === undefined) return;
    past.value = [...past.value, JSON.stringify(definition.value)];
    future.value = future.value.slice(0, -1);
    restore(next);
  }

  function boxesOf(draft: Definition, ids: readonly string[]): DesignElement[] {
    return draft.elements.filter((element) => ids.includes(element.id));
  }

  function moveBy(ids: readonly string[], dx: number, dy: number): void {
    apply((draft) => {
      const size = pageSize(draft.page);
      for (const element of boxesOf(draft, ids))
        element.box = clampBox(
          { ...element.box, x: element.box.x + dx, y: element.box.y + dy },
          size,
        );
    });
  }

  function resizeBy(ids: readonly string[], dw: number, dh: number): void {
    apply((draft) => {
      const size = pageSize(draft.page);
      for (const element of boxesOf(draft, ids))
        element.box = clampBox(
          { ...element.box, width: element.box.width + dw, height: element.box.height + dh },
          size,
        );
    });
  }

  function align(edge: AlignEdge): void {
    apply((draft) => {
      const chosen = boxesOf(draft, selection.value);
      if (chosen.length === 0) return;
      const size = pageSize(draft.page);
      const bounds =
        chosen.length === 1
          ? { x: 0, y: 0, width: size.width, height: size.height }
          : {
              x: Math.min(...chosen.map((e) => e.box.x)),
              y: Math.min(...chosen.map((e) => e.box.y)),
              width:
                Math.max(...chosen.map((e) => e.box.x + e.box.width)) -
                Math.min(...chosen.map((e) => e.box.x)),
              height:
                Math.max(...chosen.map((e) => e.box.y + e.box.height)) -
                Math.min(...chosen.map((e) => e.box.y)),
            };
      for (const element of chosen) {
        const box = { ...element.box };
        if (edge === 'left') box.x = bounds.x;
        if (edge === 'center') box.x = bounds.x + (bounds.width - box.width) / 2;
        if (edge === 'right') box.x = bounds.x + bounds.width - box.width;
        if (edge === 'top') box.y = bounds.y;
        if (edge === 'middle') box.y = bounds.y + (bounds.height - box.height) / 2;
        if (edge === 'bottom') box.y = bounds.y + bounds.height - box.height;
        element.box = clampBox(box, size);
      }
    });
  }

  function distribute(axis: 'horizontal' | 'vertical'): void {
    apply((draft) => {
      const chosen = boxesOf(draft, selection.value);
      if (chosen.length < 3) return;
      const start = (e: DesignElement) => (axis === 'horizontal' ? e.box.x : e.box.y);
      const length = (e: DesignElement) => (axis === 'horizontal' ? e.box.width : e.box.height);
      const sorted = [...chosen].sort((a, b) => start(a) - start(b));
      const first = sorted[0];
      const last = sorted.at(-1);
      if (first === undefined || last === undefined) return;
      const span = start(last) + length(last) - start(first);
      const occupied = sorted.reduce((sum, e) => sum + length(e), 0);
      const gap = (span - occupied) / (sorted.length - 1);
      let position = start(first);
      for (const element of sorted) {
        if (axis === 'horizontal') element.box.x = round(position);
        else element.box.y = round(position);
        position += length(element) + gap;
      }
    });
  }

  function order(move: ZMove): void {
    apply((draft) => {
      const ids = new Set(selection.value);
      const list = draft.elements;
      const chosen = list.filter((e) => ids.has(e.id));
      const others = list.filter((e) => !ids.has(e.id));
      if (move === 'front') draft.elements = [...others, ...chosen];
      else if (move === 'back') draft.elements = [...chosen, ...others];
      else if (move === 'forward') {
        for (let i = list.length - 2; i >= 0; i--) {
          const here = list[i];
          const next = list[i + 1];
          if (here && next && ids.has(here.id) && !ids.has(next.id)) {
            list[i] = next;
            list[i + 1] = here;
          }
        }
      } else {
        for (let i = 1; i < list.length; i++) {
          const here = list[i];
          const previous = list[i - 1];
          if (here && previous && ids.has(here.id) && !ids.has(previous.id)) {
            list[i] = previous;
            list[i - 1] = here;
          }
        }
      }
    });
  }

  function insertCopies(sources: readonly DesignElement[], offset: number): number {
    if (sources.length === 0) return 0;
    const ids: string[] = [];
    apply((draft) => {
      const size = pageSize(draft.page);
      for (const source of sources) {
        const copy = copyOf(source);
        copy.id = freshId(
          source.id,
          draft.elements.map((e) => e.id),
        );
        copy.box = clampBox({ ...copy.box, x: copy.box.x + offset, y: copy.box.y + offset }, size);
        draft.elements.push(copy);
        ids.push(copy.id);
      }
    });
    selection.value = ids;
    return ids.length;
  }

  return {
    definition,
    selection,
    page,
    selected,
    canUndo: computed(() => past.value.length > 0),
    canRedo: computed(() => future.value.length > 0),
    dirty: computed(() => JSON.stringify(definition.value) !== savedSnapshot.value),
    apply,
    live,
    settle,
    undo,
    redo,
    load(next) {
      definition.value = cloneDefinition(next);
      savedSnapshot.value = JSON.stringify(next);
      past.value = [];
      future.value = [];
      selection.value = [];
      gestureBase = null;
    },
    markSaved() {
      savedSnapshot.value = JSON.stringify(definition.value);
    },
    select(ids) {
      selection.value = [...ids];
    },
    toggle(id) {
      selection.value = selection.value.includes(id)
        ? selection.value.filter((other) => other !== id)
        : [...selection.value, id];
    },
    moveBy,
    resizeBy,
    setBox(id, box) {
      apply((draft) => {
        const element = findIn(draft, id);
        if (element) element.box = clampBox(box, pageSize(draft.page));
      });
    },
    updateElement(id, change) {
      apply((draft) => {
        const element = findIn(draft, id);
        if (element) change(element);
      });
    },
    add(element) {
      apply((draft) => {
        draft.elements.push(element);
      });
      selection.value = [element.id];
    },
    remove(ids) {
      apply((draft) => {
        draft.elements = draft.elements.filter((element) => !ids.includes(element.id));
      });
      selection.value = [];
    },
    align,
    distribute,
    order,
    copy() {
      clipboard = copyOf(selected.value);
      pasteCount = 0;
      return clipboard.length;
    },
    paste() {
      pasteCount++;
      return insertCopies(clipboard, 10 * pasteCount);
    },
    duplicate() {
      return insertCopies(selected.value, 10);
    },
  };
}
