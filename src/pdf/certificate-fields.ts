import { COLORS, LINE_HEIGHT, drawLine, measurer } from './drawing.js';
import { ellipsize, normalizeText, wrapText } from './text-fit.js';

/** One free label/value pair printed on the certificate. */
export interface CertificateField {
  readonly label: string;
  readonly value: string;
}

/** A field list measured and broken into lines, ready to draw. */
export interface FieldsPlan {
  /** Total height and width of the block, in points. */
  readonly height: number;
  readonly width: number;
  /** Font size of labels and values. */
  readonly size: number;
  readonly columnWidth: number;
  /** Top of each row, relative to the top of the block. */
  readonly rowTops: readonly number[];
  readonly cells: readonly FieldCell[];
}

interface FieldCell {
  readonly column: number;
  readonly row: number;
  readonly label: string;
  readonly lines: readonly string[];
}

interface FieldsLayout {
  readonly columns: 1 | 2;
  readonly size: number;
  readonly maxLines: number;
}

const MAX_SIZE = 11;
const MIN_SIZE = 7;
const SIZE_STEP = 0.5;
const MAX_VALUE_LINES = 3;
const SINGLE_COLUMN_MAX_FIELDS = 6;
const SINGLE_COLUMN_WIDTH = 560;
const COLUMN_GAP = 40;
/** Share of a column given to the label; the value gets the rest minus the gutter. */
const LABEL_SHARE = 0.4;
const GUTTER = 12;
/** Space between two rows, relative to the font size. */
const ROW_GAP = 0.55;

function columnWidth(columns: 1 | 2, width: number): number {
  return columns === 1 ? Math.min(SINGLE_COLUMN_WIDTH, width) : (width - COLUMN_GAP) / 2;
}

function labelWidth(column: number): number {
  return column * LABEL_SHARE - GUTTER / 2;
}

function valueWidth(column: number): number {
  return column * (1 - LABEL_SHARE) - GUTTER / 2;
}

function rowCount(fieldCount: number, columns: 1 | 2): number {
  return Math.ceil(fieldCount / columns);
}

/** Heights of the rows when field `k` sits in row `k % rows` of column `k / rows`. */
function rowHeights(lineCounts: readonly number[], layout: FieldsLayout): number[] {
  const rows = rowCount(lineCounts.length, layout.columns);
  const lineHeight = layout.size * LINE_HEIGHT;
  const heights = new Array<number>(rows).fill(lineHeight);
  lineCounts.forEach((count, index) => {
    const row = index % rows;
    const height = Math.max(1, Math.min(count, layout.maxLines)) * lineHeight;
    heights[row] = Math.max(heights[row] ?? 0, height);
  });
  return heights;
}

function blockHeight(heights: readonly number[], size: number): number {
  const gaps = Math.max(0, heights.length - 1) * size * ROW_GAP;
  return heights.reduce((sum, height) => sum + height, 0) + gaps;
}

function columnOptions(fieldCount: number): ReadonlyArray<1 | 2> {
  if (fieldCount <= 1) {
    return [1];
  }
  return fieldCount <= SINGLE_COLUMN_MAX_FIELDS ? [1, 2] : [2];
}

/** How many lines each value needs at `size` in `columns` columns (capped at the maximum). */
function valueLineCounts(
  doc: PDFKit.PDFDocument,
  fields: readonly CertificateField[],
  layout: Omit<FieldsLayout, 'maxLines'>,
  width: number,
): number[] {
  const available = valueWidth(columnWidth(layout.columns, width));
  const measure = measurer(doc, 'regular', layout.size);
  return fields.map((field) => wrapText(field.value, available, MAX_VALUE_LINES, measure).length);
}

/**
 * Picks the most readable layout that fits: one column for a few fields, the largest font
 * size, then as many lines per value as possible. If even the smallest regular size does not
 * fit (far more fields than the template is designed for), the size is reduced further so
 * that nothing ever leaves the area.
 */
function chooseLayout(
  doc: PDFKit.PDFDocument,
  fields: readonly CertificateField[],
  area: { readonly width: number; readonly height: number },
): FieldsLayout {
  const options = columnOptions(fields.length);
  for (const columns of options) {
    const rows = rowCount(fields.length, columns);
    for (let size = MAX_SIZE; size >= MIN_SIZE; size -= SIZE_STEP) {
      if (rows * size * (LINE_HEIGHT + ROW_GAP) - size * ROW_GAP > area.height) {
        continue;
      }
      const counts = valueLineCounts(doc, fields, { columns, size }, area.width);
      for (let maxLines = MAX_VALUE_LINES; maxLines >= 1; maxLines--) {
        const layout = { columns, size, maxLines };
        if (blockHeight(rowHeights(counts, layout), size) <= area.height) {
          return layout;
        }
      }
    }
  }
  const columns = options.at(-1) ?? 1;
  const rows = rowCount(fields.length, columns);
  const size = Math.min(MIN_SIZE, area.height / (rows * (LINE_HEIGHT + ROW_GAP)));
  return { columns, size, maxLines: 1 };
}

function planCell(
  doc: PDFKit.PDFDocument,
  field: CertificateField,
  layout: FieldsLayout,
  column: number,
): Pick<FieldCell, 'label' | 'lines'> {
  const measure = measurer(doc, 'regular', layout.size);
  return {
    label: ellipsize(normalizeText(field.label), labelWidth(column), measure),
    lines: wrapText(field.value, valueWidth(column), layout.maxLines, measure),
  };
}

/**
 * Lays the fields out as a label/value list that fits in `area` (width and height in
 * points): one column for a few fields, two and smaller type as the list grows, so the
 * designed maximum of 20 fields with long values still fits; values that remain too long end
 * with an ellipsis. Returns a plan of height 0 for no fields.
 */
export function planFields(
  doc: PDFKit.PDFDocument,
  fields: readonly CertificateField[],
  area: { readonly width: number; readonly height: number },
): FieldsPlan {
  if (fields.length === 0) {
    return { height: 0, width: 0, size: MAX_SIZE, columnWidth: 0, rowTops: [], cells: [] };
  }
  const layout = chooseLayout(doc, fields, area);
  const column = columnWidth(layout.columns, area.width);
  const rows = rowCount(fields.length, layout.columns);
  const cells = fields.map((field, index) => ({
    column: Math.floor(index / rows),
    row: index % rows,
    ...planCell(doc, field, layout, column),
  }));
  const heights = rowHeights(
    cells.map((cell) => cell.lines.length),
    layout,
  );
  const rowTops = heights.map((_, row) =>
    heights.slice(0, row).reduce((top, height) => top + height + layout.size * ROW_GAP, 0),
  );
  return {
    height: blockHeight(heights, layout.size),
    width: layout.columns * column + (layout.columns - 1) * COLUMN_GAP,
    size: layout.size,
    columnWidth: column,
    rowTops,
    cells,
  };
}

/**
 * Draws a planned field list with its top at `top`, centred on `centerX`: labels
 * right-aligned in muted type, values left-aligned beside them.
 */
export function drawFields(
  doc: PDFKit.PDFDocument,
  plan: FieldsPlan,
  at: { readonly centerX: number; readonly top: number },
): void {
  const left = at.centerX - plan.width / 2;
  const lineHeight = plan.size * LINE_HEIGHT;
  for (const cell of plan.cells) {
    const labelRight =
      left + cell.column * (plan.columnWidth + COLUMN_GAP) + labelWidth(plan.columnWidth);
    const y = at.top + (plan.rowTops[cell.row] ?? 0);
    drawLine(
      doc,
      cell.label,
      { font: 'regular', size: plan.size, color: COLORS.muted },
      {
        x: labelRight,
        y,
        align: 'right',
      },
    );
    cell.lines.forEach((line, index) => {
      drawLine(
        doc,
        line,
        { font: 'regular', size: plan.size, color: COLORS.ink },
        {
          x: labelRight + GUTTER,
          y: y + index * lineHeight,
          align: 'left',
        },
      );
    });
  }
}
