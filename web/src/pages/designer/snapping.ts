import { PAGE_MARGIN } from './design-model.js';
import type { Box } from './design-model.js';

/*
 * Snapping for a box being moved or resized: its edges and centre lines are pulled to the
 * page's margins and centre lines and to the edges and centres of the other elements when they
 * come within `threshold` points, and the lines snapped to are returned as guides to draw.
 */

export interface Guides {
  /** Vertical guide lines, at these x (points). */
  readonly x: number[];
  /** Horizontal guide lines, at these y (points). */
  readonly y: number[];
}

/** Which edges the gesture moves: all of them (a move) or some (a resize). */
export interface MovingEdges {
  readonly left: boolean;
  readonly right: boolean;
  readonly top: boolean;
  readonly bottom: boolean;
}

export const MOVE: MovingEdges = { left: true, right: true, top: true, bottom: true };

function targets(page: { width: number; height: number }, others: readonly Box[]) {
  const x = [PAGE_MARGIN, page.width / 2, page.width - PAGE_MARGIN, 0, page.width];
  const y = [PAGE_MARGIN, page.height / 2, page.height - PAGE_MARGIN, 0, page.height];
  for (const box of others) {
    x.push(box.x, box.x + box.width / 2, box.x + box.width);
    y.push(box.y, box.y + box.height / 2, box.y + box.height);
  }
  return { x, y };
}

/** The smallest shift (within threshold) that puts one of `points` on one of `lines`. */
function nearest(
  points: readonly number[],
  lines: readonly number[],
  threshold: number,
): { shift: number; line: number } | null {
  let best: { shift: number; line: number } | null = null;
  for (const point of points)
    for (const line of lines) {
      const shift = line - point;
      if (Math.abs(shift) <= threshold && (best === null || Math.abs(shift) < Math.abs(best.shift)))
        best = { shift, line };
    }
  return best;
}

export function snapBox(
  box: Box,
  edges: MovingEdges,
  page: { width: number; height: number },
  others: readonly Box[],
  threshold: number,
): { box: Box; guides: Guides } {
  const lines = targets(page, others);
  const result = { ...box };
  const guides: Guides = { x: [], y: [] };
  const isMove = edges.left && edges.right;
  if (isMove) {
    const snapX = nearest([box.x, box.x + box.width / 2, box.x + box.width], lines.x, threshold);
    if (snapX) {
      result.x += snapX.shift;
      guides.x.push(snapX.line);
    }
  } else if (edges.right) {
    const snap = nearest([box.x + box.width], lines.x, threshold);
    if (snap) {
      result.width += snap.shift;
      guides.x.push(snap.line);
    }
  } else if (edges.left) {
    const snap = nearest([box.x], lines.x, threshold);
    if (snap) {
      result.x += snap.shift;
      result.width -= snap.shift;
      guides.x.push(snap.line);
    }
  }
  const isVerticalMove = edges.top && edges.bottom;
  if (isVerticalMove) {
    const snapY = nearest([box.y, box.y + box.height / 2, box.y + box.height], lines.y, threshold);
    if (snapY) {
      result.y += snapY.shift;
      guides.y.push(snapY.line);
    }
  } else if (edges.bottom) {
    const snap = nearest([box.y + box.height], lines.y, threshold);
    if (snap) {
      result.height += snap.shift;
      guides.y.push(snap.line);
    }
  } else if (edges.top) {
    const snap = nearest([box.y], lines.y, threshold);
    if (snap) {
      result.y += snap.shift;
      result.height -= snap.shift;
      guides.y.push(snap.line);
    }
  }
  return { box: result, guides };
}
