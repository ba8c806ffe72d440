import type { RenderElement } from './template-renderer.js';
import { lineSegment } from './template-renderer.js';
import { firstLineTop, lineLeft } from './text/draw-text-box.js';
import { layoutTextBox, type FontLibrary, type TextBox } from './text/text-box.js';

/*
 * Where the renderer puts each element, without drawing: the same rules as `renderTemplatePdf`
 * (text fitted by `layoutTextBox` and placed by the same alignment functions as `drawTextBox`,
 * the QR code as the largest centred square, images fitted like PDFKit's `fit`/`cover`, lines
 * through the middle of their box). The designer shows these boxes and the warnings over its
 * canvas, so what it shows is what the PDF prints.
 */

export interface LaidOutLine {
  readonly text: string;
  readonly box: TextBox;
}

export interface LaidOutElement {
  /** What the element occupies on the page; null for text that prints nothing. */
  readonly drawn: TextBox | null;
  /** Text only: the lines as printed (with the size used). */
  readonly lines?: LaidOutLine[];
  readonly size?: number;
  /** Text only: printed smaller than its size (shrink-to-fit). */
  readonly shrunk: boolean;
  /** Text only: cut, ending with an ellipsis. */
  readonly truncated: boolean;
}

/** Pixel dimensions of an image element's picture, for `contain` fitting. */
export type ImageSize = (element: Extract<RenderElement, { kind: 'image' }>) => {
  width: number;
  height: number;
} | null;

function union(boxes: readonly TextBox[]): TextBox | null {
  if (boxes.length === 0) return null;
  const left = Math.min(...boxes.map((box) => box.x));
  const top = Math.min(...boxes.map((box) => box.y));
  const right = Math.max(...boxes.map((box) => box.x + box.width));
  const bottom = Math.max(...boxes.map((box) => box.y + box.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

function layoutText(
  element: Extract<RenderElement, { kind: 'text' }>,
  library: FontLibrary,
): LaidOutElement {
  if (element.text.trim() === '')
    return { drawn: null, lines: [], shrunk: false, truncated: false };
  const { box, style } = element;
  const layout = layoutTextBox(element.text, box, style, library);
  const top = firstLineTop(box, style, layout);
  const lines = layout.lines.map((line, index) => ({
    text: line.text,
    box: {
      x: lineLeft(box, style, line.width),
      y: top + index * layout.lineHeight,
      width: line.width,
      height: layout.lineHeight,
    },
  }));
  return {
    drawn: union(lines.map((line) => line.box)),
    lines,
    size: layout.size,
    shrunk: layout.size < style.size,
    truncated: layout.truncated,
  };
}

function containBox(box: TextBox, size: { width: number; height: number } | null): TextBox {
  if (size === null || size.width <= 0 || size.height <= 0) return box;
  const scale = Math.min(box.width / size.width, box.height / size.height);
  const width = size.width * scale;
  const height = size.height * scale;
  return {
    x: box.x + (box.width - width) / 2,
    y: box.y + (box.height - height) / 2,
    width,
    height,
  };
}

/** The boxes `renderTemplatePdf` would draw `elements` in, in the same order. */
export function layoutTemplate(
  elements: readonly RenderElement[],
  library: FontLibrary,
  imageSize: ImageSize,
): LaidOutElement[] {
  return elements.map((element): LaidOutElement => {
    const plain = { shrunk: false, truncated: false };
    switch (element.kind) {
      case 'text':
        return layoutText(element, library);
      case 'image':
        return {
          ...plain,
          drawn:
            element.fit === 'cover' ? element.box : containBox(element.box, imageSize(element)),
        };
      case 'qr': {
        const { x, y, width, height } = element.box;
        const size = Math.min(width, height);
        return {
          ...plain,
          drawn: {
            x: x + (width - size) / 2,
            y: y + (height - size) / 2,
            width: size,
            height: size,
          },
        };
      }
      case 'line': {
        const { from, to } = lineSegment(element.box);
        const half = element.thickness / 2;
        return {
          ...plain,
          drawn:
            from[1] === to[1]
              ? { x: from[0], y: from[1] - half, width: to[0] - from[0], height: element.thickness }
              : {
                  x: from[0] - half,
                  y: from[1],
                  width: element.thickness,
                  height: to[1] - from[1],
                },
        };
      }
      case 'rectangle':
        return { ...plain, drawn: element.box };
    }
  });
}
