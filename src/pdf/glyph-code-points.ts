/**
 * Glyphs that carry the code points of the text they were made for.
 *
 * Why: PDFKit writes a font's ToUnicode map (what copy, search, screen readers and PDF/A
 * validators read) from `glyph.codePoints` of the glyphs fontkit's layout returns. fontkit
 * keeps one glyph object per glyph id and font, made by the first `getGlyph(id, codePoints)`
 * call, and later calls get that object whatever code points they pass. Some first calls pass
 * none: subsetting a composite glyph ('à' is 'a' plus a grave accent in DejaVu, 'أ' is alef
 * plus hamza in Noto Naskh Arabic) makes its components that way. Since Certa parses each font
 * once per process (see fonts.ts), a document naming "Ada Lovelace" after one naming "à ç"
 * was written with no text for 'a' and 'c' ("Ad Lovel e" in pdftotext), and Arabic after 'أ'
 * lost its alef and was even shaped wrong (fontkit's Arabic shaper reads the code points).
 * With a glyph cache that also remembers the first text's code points, a document's bytes
 * would depend on what the process rendered before it.
 *
 * The patch is an own `getGlyph` property on the parsed font, applied only when the font has
 * the shape this module expects (fontkit 2's `_glyphs` cache); otherwise the font is left as is.
 */

interface CachedGlyph {
  readonly codePoints: readonly number[];
}

interface GlyphCachingFont {
  readonly _glyphs: Record<number, CachedGlyph | undefined>;
  getGlyph(id: number, codePoints?: readonly number[]): CachedGlyph | null;
}

function hasGlyphCache(font: object): font is GlyphCachingFont {
  return (
    '_glyphs' in font &&
    typeof font._glyphs === 'object' &&
    font._glyphs !== null &&
    'getGlyph' in font &&
    typeof font.getGlyph === 'function'
  );
}

function sameCodePoints(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((codePoint, index) => codePoint === b[index]);
}

/**
 * Makes `font.getGlyph(id, codePoints)` return a glyph whose `codePoints` are the ones asked
 * for, so the Unicode text of every document comes from that document's own text:
 * - no code points asked for (subsetting, composite outlines): the cached glyph, as before;
 * - the cached glyph has none: it is replaced by one with the code points asked for;
 * - the cached glyph has other ones (one glyph for several characters, e.g. a space and a
 *   no-break space, or a presentation form and the contextual form it equals): a glyph just
 *   for this call, made by fontkit's own `getGlyph`, and the cache is left as it was.
 * Returns `font`.
 */
export function useTextCodePoints<Font extends object>(font: Font): Font {
  if (!hasGlyphCache(font)) {
    return font;
  }
  const cache = font._glyphs;
  const getGlyph = font.getGlyph.bind(font);
  Object.defineProperty(font, 'getGlyph', {
    value: (id: number, codePoints: readonly number[] = []): CachedGlyph | null => {
      const cached = cache[id];
      if (
        cached === undefined ||
        codePoints.length === 0 ||
        sameCodePoints(cached.codePoints, codePoints)
      ) {
        return getGlyph(id, codePoints);
      }
      // fontkit's getGlyph makes (and caches) a new glyph only for an empty slot.
      delete cache[id];
      const glyph = getGlyph(id, codePoints);
      if (cached.codePoints.length > 0) {
        cache[id] = cached;
      }
      return glyph;
    },
  });
  return font;
}
