import type { TemplateElementValue } from '../template-definition.js';

/*
 * Small builders for the starters' elements, so that each starter reads as a list of what is on
 * the page. Each gives the element exactly as the template model stores it (the same keys in the
 * same order), so a starter built with them serialises byte for byte as one written out.
 */

/** The starters' palette: navy and gold art, ink and muted text. */
export const NAVY = '#1B365D';
export const GOLD = '#B08D57';
export const INK = '#1A1A1A';
export const MUTED = '#5F6B7A';
/** The text column of a portrait A4 page: its width less 2 cm margins. */
export const PORTRAIT_LEFT = 56.69;
export const PORTRAIT_WIDTH = 481.9;

type ElementOf<K extends TemplateElementValue['kind']> = Extract<TemplateElementValue, { kind: K }>;
/** x, y, width, height in PDF points from the top left corner. */
type Box = readonly [x: number, y: number, width: number, height: number];

function boxOf([x, y, width, height]: Box): ElementOf<'text'>['box'] {
  return { x, y, width, height };
}

export function text(
  id: string,
  box: Box,
  content: string,
  style: ElementOf<'text'>['style'],
): ElementOf<'text'> {
  return { id, kind: 'text', box: boxOf(box), text: content, style };
}

/** `paint` holds fill and/or stroke (and its width), in the order they are to be stored. */
export function rectangle(
  id: string,
  box: Box,
  paint: Omit<ElementOf<'rectangle'>, 'id' | 'kind' | 'box'>,
): ElementOf<'rectangle'> {
  return { id, kind: 'rectangle', box: boxOf(box), ...paint };
}

export function line(id: string, box: Box, color: string, thickness: number): ElementOf<'line'> {
  return { id, kind: 'line', box: boxOf(box), color, thickness };
}

export function qr(id: string, box: Box, color: string): ElementOf<'qr'> {
  return { id, kind: 'qr', box: boxOf(box), color };
}

export function documentId(
  id: string,
  box: Box,
  style: ElementOf<'documentId'>['style'],
): ElementOf<'documentId'> {
  return { id, kind: 'documentId', box: boxOf(box), style };
}
