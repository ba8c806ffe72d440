import { describe, expect, it } from 'vitest';
import { createDesignEditor } from './design-editor.js';
import type { Definition } from './design-model.js';
import { MOVE, snapBox } from './snapping.js';

function definition(): Definition {
  return {
    page: { size: 'A4', orientation: 'portrait' },
    elements: [
      { id: 'a', kind: 'qr', box: { x: 100, y: 100, width: 50, height: 50 } },
      { id: 'b', kind: 'qr', box: { x: 200, y: 300, width: 50, height: 50 } },
      { id: 'c', kind: 'qr', box: { x: 400, y: 500, width: 50, height: 50 } },
    ],
  };
}
const boxOf = (editor: ReturnType<typeof createDesignEditor>, id: string) =>
  editor.definition.value.elements.find((element) => element.id === id)?.box;

describe('the designer editor', () => {
  it('undoes and redoes every change, a whole drag as one step', () => {
    const editor = createDesignEditor(definition());
    editor.moveBy(['a'], 5, 0);
    editor.live((draft) => (draft.elements[1]!.box.x = 210));
    editor.live((draft) => (draft.elements[1]!.box.x = 220));
    editor.settle();
    expect(boxOf(editor, 'b')?.x).toBe(220);
    editor.undo();
    expect(boxOf(editor, 'b')?.x).toBe(200);
    expect(boxOf(editor, 'a')?.x).toBe(105);
    editor.undo();
    expect(boxOf(editor, 'a')?.x).toBe(100);
    expect(editor.canUndo.value).toBe(false);
    editor.redo();
    editor.redo();
    expect(boxOf(editor, 'b')?.x).toBe(220);
    expect(editor.dirty.value).toBe(true);
  });

  it('keeps boxes inside the page and at least 4 pt', () => {
    const editor = createDesignEditor(definition());
    editor.moveBy(['a'], -500, -500);
    expect(boxOf(editor, 'a')).toEqual({ x: 0, y: 0, width: 50, height: 50 });
    editor.resizeBy(['a'], -100, 10_000);
    expect(boxOf(editor, 'a')).toEqual({ x: 0, y: 0, width: 4, height: 841.89 });
  });

  it('aligns, distributes, orders, copies and pastes the selection', () => {
    const editor = createDesignEditor(definition());
    editor.select(['a', 'b', 'c']);
    editor.align('left');
    expect(editor.definition.value.elements.map((e) => e.box.x)).toEqual([100, 100, 100]);
    editor.distribute('vertical');
    expect(editor.definition.value.elements.map((e) => e.box.y)).toEqual([100, 300, 500]);
    editor.select(['a']);
    editor.order('front');
    expect(editor.definition.value.elements.map((e) => e.id)).toEqual(['b', 'c', 'a']);
    editor.order('backward');
    expect(editor.definition.value.elements.map((e) => e.id)).toEqual(['b', 'a', 'c']);
    expect(editor.copy()).toBe(1);
    expect(editor.paste()).toBe(1);
    expect(editor.selection.value).toEqual(['a-2']);
    expect(boxOf(editor, 'a-2')).toEqual({ x: 110, y: 110, width: 50, height: 50 });
  });
});

describe('snapping', () => {
  const page = { width: 595.28, height: 841.89 };
  it('pulls a moving box to the page centre line and shows the guide', () => {
    const { box, guides } = snapBox({ x: 270, y: 400, width: 50, height: 20 }, MOVE, page, [], 5);
    expect(box.x + box.width / 2).toBeCloseTo(page.width / 2, 5);
    expect(guides.x).toEqual([page.width / 2]);
  });
  it('snaps a resized right edge to another element, and nothing beyond the reach', () => {
    const edges = { left: false, right: true, top: false, bottom: false };
    const other = { x: 400, y: 10, width: 100, height: 10 };
    expect(
      snapBox({ x: 100, y: 600, width: 297, height: 20 }, edges, page, [other], 5).box.width,
    ).toBe(300);
    const far = snapBox({ x: 100, y: 600, width: 250, height: 20 }, edges, page, [other], 5);
    expect(far.box.width).toBe(250);
    expect(far.guides).toEqual({ x: [], y: [] });
  });
});
