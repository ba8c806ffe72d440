/**
 * Faster subsets for CFF-flavoured OpenType fonts (the Noto Sans CJK .otf files).
 *
 * Why: fontkit keeps every subroutine slot of the original font in a subset (unused ones
 * become a bare `return`) so that the glyph programs' subroutine numbers stay valid. The CJK
 * fonts have one private dictionary with 10 000-22 000 local subroutines, and encoding that
 * index costs about 100 ms per document, whatever the number of glyphs used. A name uses a
 * handful of glyphs, so writing those glyphs' outlines out flat (no subroutines at all) makes
 * the subset both faster and smaller. Hints are dropped with the subroutines; PDF viewers
 * rasterise at print resolution without them, and pdftoppm output is unaffected in practice.
 *
 * The patch is applied per parsed font (an own `createSubset` property), only when the subset
 * object has the shape this module expects; otherwise fontkit's own subsetting is left alone.
 */

interface PathCommand {
  readonly command: string;
  readonly args: readonly number[];
}

interface GlyphWithPath {
  readonly path: { readonly commands: readonly PathCommand[] };
}

interface PatchableCffSubset {
  glyphs: number[];
  charstrings: Uint8Array[];
  gsubrs: Uint8Array[];
  font: { getGlyph(id: number): GlyphWithPath };
  subsetCharstrings: () => void;
  subsetSubrs: (subrs: unknown, used: unknown) => Uint8Array[];
}

interface SubsettableFont {
  createSubset(): unknown;
  readonly directory?: { readonly tables?: Record<string, unknown> };
}

const RMOVETO = 21;
const RLINETO = 5;
const RRCURVETO = 8;
const ENDCHAR = 14;

/** Type 2 charstring number: the shortest integer form, or 16.16 fixed for fractions. */
function encodeNumber(value: number, out: number[]): number {
  const rounded = Math.round(value);
  if (Math.abs(value - rounded) < 1e-6 && rounded >= -32768 && rounded <= 32767) {
    if (rounded >= -107 && rounded <= 107) {
      out.push(rounded + 139);
    } else if (rounded >= 108 && rounded <= 1131) {
      const v = rounded - 108;
      out.push((v >> 8) + 247, v & 0xff);
    } else if (rounded >= -1131 && rounded <= -108) {
      const v = -rounded - 108;
      out.push((v >> 8) + 251, v & 0xff);
    } else {
      out.push(28, (rounded >> 8) & 0xff, rounded & 0xff);
    }
    return rounded;
  }
  const fixed = Math.round(value * 65536) | 0;
  out.push(255, (fixed >>> 24) & 0xff, (fixed >>> 16) & 0xff, (fixed >>> 8) & 0xff, fixed & 0xff);
  return fixed / 65536;
}

/**
 * A Type 2 charstring drawing `commands` (absolute coordinates, as fontkit's glyph paths give
 * them) with relative operators, no width (PDF takes widths from the font's /W array) and no
 * hints. Deltas are taken from the position actually encoded, so rounding never accumulates.
 */
export function flatCharstring(commands: readonly PathCommand[]): Uint8Array {
  const out: number[] = [];
  let x = 0;
  let y = 0;
  const emit = (points: readonly number[], operator: number): void => {
    for (let index = 0; index < points.length; index += 2) {
      x += encodeNumber((points[index] ?? 0) - x, out);
      y += encodeNumber((points[index + 1] ?? 0) - y, out);
    }
    out.push(operator);
  };
  for (const { command, args } of commands) {
    switch (command) {
      case 'moveTo':
        emit(args, RMOVETO);
        break;
      case 'lineTo':
        emit(args, RLINETO);
        break;
      case 'bezierCurveTo':
        emit(args, RRCURVETO);
        break;
      case 'quadraticCurveTo': {
        const [qx = 0, qy = 0, ex = 0, ey = 0] = args;
        emit(
          [
            x + (2 / 3) * (qx - x),
            y + (2 / 3) * (qy - y),
            ex + (2 / 3) * (qx - ex),
            ey + (2 / 3) * (qy - ey),
            ex,
            ey,
          ],
          RRCURVETO,
        );
        break;
      }
      default:
        // closePath: Type 2 closes every contour implicitly.
        break;
    }
  }
  out.push(ENDCHAR);
  return Uint8Array.from(out);
}

function isPatchable(subset: unknown): subset is PatchableCffSubset {
  if (typeof subset !== 'object' || subset === null) {
    return false;
  }
  const candidate = subset as Partial<Record<keyof PatchableCffSubset, unknown>>;
  return (
    Array.isArray(candidate.glyphs) &&
    typeof candidate.subsetCharstrings === 'function' &&
    typeof candidate.subsetSubrs === 'function' &&
    typeof candidate.font === 'object' &&
    candidate.font !== null &&
    'cff' in subset
  );
}

function isCffFont(font: SubsettableFont): boolean {
  return font.directory?.tables?.['CFF '] !== undefined;
}

/** Makes `font` write subroutine-free subsets if it is a CFF font (see the module comment). */
export function useFlatCffSubsets<Font extends object>(font: Font): Font {
  const subsettable = font as unknown as SubsettableFont;
  if (!isCffFont(subsettable)) {
    return font;
  }
  const createSubset = subsettable.createSubset.bind(font);
  Object.defineProperty(font, 'createSubset', {
    value: () => {
      const subset = createSubset();
      if (!isPatchable(subset)) {
        return subset;
      }
      subset.subsetCharstrings = function flatCharstrings(this: PatchableCffSubset): void {
        this.charstrings = this.glyphs.map((id) =>
          flatCharstring(this.font.getGlyph(id).path.commands),
        );
        this.gsubrs = [];
      };
      subset.subsetSubrs = () => [];
      return subset;
    },
  });
  return font;
}
