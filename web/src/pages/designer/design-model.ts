import type { BodyOf } from '../../api/types.js';

/*
 * The designer's view of a template definition (the server's model, src/templates/
 * template-definition.ts): types, page sizes and the few pure helpers the canvas, the panels
 * and the history share. Boxes are in PDF points from the top-left corner of the page.
 */

export type Definition = BodyOf<
  '/api/organisations/{organisationId}/templates',
  'post'
>['definition'];
export type DesignElement = Definition['elements'][number];
export type ElementKind = DesignElement['kind'];
export type TextLikeElement = Extract<DesignElement, { kind: 'text' | 'documentId' }>;
export type TextStyle = NonNullable<TextLikeElement['style']>;
export type TemplateField = NonNullable<Definition['fields']>[number];

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Portrait sizes in points, as the server knows them. */
const PORTRAIT = {
  A4: { width: 595.28, height: 841.89 },
  Letter: { width: 612, height: 792 },
  A5: { width: 419.53, height: 595.28 },
} as const;

export function pageSize(page: Definition['page']): { width: number; height: number } {
  if (page.size === 'custom') return { width: page.width, height: page.height };
  const portrait = PORTRAIT[page.size];
  return page.orientation === 'portrait'
    ? { width: portrait.width, height: portrait.height }
    : { width: portrait.height, height: portrait.width };
}

/** Smallest element side, points. */
export const MIN_SIDE = 4;
/** The margin the designer snaps to, points (about 10 mm). */
export const PAGE_MARGIN = 28.35;
export const POINTS_PER_MM = 72 / 25.4;

/** Rounded to a hundredth of a point, as saved (keeps JSON small, never moves by 0.01 pt). */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The box moved and shrunk as little as needed to lie inside the page. */
export function clampBox(box: Box, page: { width: number; height: number }): Box {
  const width = Math.min(Math.max(MIN_SIDE, box.width), page.width);
  const height = Math.min(Math.max(MIN_SIDE, box.height), page.height);
  return {
    x: round(Math.min(Math.max(0, box.x), page.width - width)),
    y: round(Math.min(Math.max(0, box.y), page.height - height)),
    width: round(width),
    height: round(height),
  };
}

/** An id not used yet: `name`, `name-2`, `name-3`… */
export function freshId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const stem = base.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 50) || 'element';
  if (!used.has(stem)) return stem;
  for (let n = 2; ; n++) if (!used.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

/** A field's key from its label, as the server derives it ("Final grade" → final_grade). */
export function fieldKey(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
}

/** The placeholders the insert menu offers, besides the template's fields. */
export const PLACEHOLDERS = [
  'recipient.name',
  'title',
  'issuer.name',
  'issuedAt',
  'expiresAt',
  'documentId',
] as const;

/** A new element of `kind` in the middle of the page. */
export function newElement(
  kind: Exclude<ElementKind, 'image'>,
  id: string,
  page: { width: number; height: number },
): DesignElement {
  const centred = (width: number, height: number): Box => ({
    x: round((page.width - width) / 2),
    y: round((page.height - height) / 2),
    width,
    height,
  });
  switch (kind) {
    case 'text':
      return {
        id,
        kind,
        box: centred(240, 28),
        text: 'Text',
        style: { size: 16, align: 'center' },
      };
    case 'documentId':
      return { id, kind, box: centred(240, 14), style: { size: 8 } };
    case 'qr':
      return { id, kind, box: centred(90, 90) };
    case 'line':
      return { id, kind, box: centred(200, 4), thickness: 1 };
    case 'rectangle':
      return { id, kind, box: centred(200, 120), stroke: '#1B365D', strokeWidth: 1 };
  }
}

/** A deep copy (through JSON: the definition is JSON, and Vue's proxies cannot be cloned). */
export function copyOf<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function cloneDefinition(definition: Definition): Definition {
  return copyOf(definition);
}
