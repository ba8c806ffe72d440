/**
 * The contract between the template renderer and the multi-script text engine: where a piece of
 * text goes on the page and how it looks. Coordinates are PDF points with PDFKit's top-left
 * origin.
 */
export interface TextBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export type TextAlign = 'left' | 'center' | 'right';

export interface TextBoxStyle {
  /**
   * A font family name known to the font library: a built-in family (e.g. 'Noto Sans',
   * 'Noto Serif') or the id of a font the issuer uploaded. Characters the family cannot show
   * (another script) fall back to the built-in family that covers them.
   */
  readonly fontFamily: string;
  readonly bold: boolean;
  /** Font size in points; with `shrinkToFit` the largest size tried. */
  readonly size: number;
  /** Smallest size shrink-to-fit may use before it wraps and finally ellipsizes. */
  readonly minSize: number;
  /** '#RRGGBB'. */
  readonly color: string;
  /** Alignment of each line; for right-to-left paragraphs 'left' and 'right' keep their meaning on the page. */
  readonly align: TextAlign;
  readonly shrinkToFit: boolean;
  /** Most lines the text may wrap into (1 = single line). */
  readonly maxLines: number;
  /** Where the lines sit in the box when they are lower than it; 'top' when absent. */
  readonly verticalAlign?: 'top' | 'middle' | 'bottom';
}

export {
  TEXT_LINE_HEIGHT,
  drawTextBox,
  layoutTextBox,
  type TextBoxLayout,
  type TextBoxLine,
} from './draw-text-box.js';
export {
  DEFAULT_FONT_FAMILY,
  builtInFontLibrary,
  createFontLibrary,
  type FontLibrary,
  type UploadedFont,
} from './font-library.js';
export { MAX_FONT_FILE_BYTES, checkFontFile, type FontFileInfo } from './font-file.js';
